//! End-to-end journeys of the app at 390×844, against the real account API and the real
//! app: the liveview build in headless Chromium, and with `--features mobile` the phone
//! build in its WebKitGTK WebView (see `harness`). Screenshots of each step are kept under
//! `target/tmp/e2e-screenshots/<engine>/`.

mod account;
// The back-office console is a page of the server, not of the phone build.
#[cfg(not(feature = "mobile"))]
mod backoffice;
mod harness;
mod inbox;
// Links that open the phone build (the liveview build's are plain addresses).
mod devices_care;
#[cfg(feature = "mobile")]
mod links;
mod looks;
mod scanning;
mod staff;
mod wallet;

use harness::{Journey, PASSWORD};

async fn server_count(journey: &Journey, sql: &'static str, bind: &str) -> i64 {
    sqlx::query_scalar(sql)
        .bind(bind)
        .fetch_one(journey.api.state.db.pool())
        .await
        .expect("query")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_newcomer_passes_the_gate_signs_up_registers_a_device_redeems_a_reward_and_switches_language(
) {
    let mut journey = Journey::start("signup-register", "pt-PT").await;
    let [device] = journey.catalog(1).await[..] else {
        panic!("one device")
    };
    journey.wait_for("age-gate").await;
    journey.screenshot("age-gate").await;
    journey.click("age-yes").await;
    journey.wait_for("login").await;
    journey.screenshot("login").await;

    journey.click("signup-link").await;
    journey.wait_for("signup").await;
    journey.fill("signup-given-name", "Joana").await;
    journey.fill("signup-family-name", "Matos").await;
    journey.fill("signup-email", "joana@example.pt").await;
    journey.fill("signup-password", PASSWORD).await;
    journey.set_date("signup-birth-date", "1992-07-14").await;
    journey.click("signup-terms").await;
    journey.screenshot("signup-filled").await;
    journey.click("signup-submit").await;
    journey.wait_for("home").await;
    journey.wait_for_text("sync-status", "Sincronizado").await;
    journey.screenshot("home-new-customer").await;

    journey.click("home-register").await;
    journey
        .fill("device-id-input", &device.display_grouped().to_lowercase())
        .await;
    journey.screenshot("register-typed").await;
    journey.click("device-register-submit").await;
    journey.wait_for("register-done").await;
    journey.click("nav-devices").await;
    let card = format!("device-{}", device.as_str());
    journey.wait_for_text(&card, "ILUMA PRIME").await;
    journey.screenshot("devices-synced").await;

    journey.click("nav-home").await;
    journey.wait_for_text("wallet-balance", "100").await;

    // Points from a purchase in a shop; the phone learns them at its next sync.
    journey.give_points("joana@example.pt", 300).await;
    journey.click("nav-wallet").await;
    journey.wait_for_text("wallet-balance", "400").await;
    journey.click("see-rewards").await;
    journey.click("reward-discount-5").await;
    journey.screenshot("redeem-confirm").await;
    journey.click("redeem-confirm").await;
    journey.wait_for("redeem-done").await;
    journey.click("nav-wallet").await;
    journey.wait_for("voucher-qr").await;
    journey.wait_for_text("wallet-balance", "150").await;
    journey.screenshot("voucher-qr").await;

    journey.click("nav-home").await;
    journey.click("lang-en").await;
    journey.wait_for_text("sync-status", "Synced").await;
    journey.screenshot("home-in-english").await;

    let owner: String = sqlx::query_scalar(
        "SELECT a.email FROM devices d JOIN accounts a ON a.id = d.owner_id WHERE d.device_id = $1",
    )
    .bind(device.as_str())
    .fetch_one(journey.api.state.db.pool())
    .await
    .expect("the device is registered on the server");
    assert_eq!(owner, "joana@example.pt");
    journey.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_offline_change_survives_killing_the_app_and_syncs_when_the_server_is_back() {
    let mut journey = Journey::start("offline-kill", "en-GB").await;
    let [device] = journey.catalog(1).await[..] else {
        panic!("one device")
    };
    journey.customer("rui@example.pt").await;
    journey.log_in("rui@example.pt").await;
    journey.wait_for_text("sync-status", "Synced").await;

    journey.api.stop().await;
    journey.click("home-register").await;
    journey.fill("device-id-input", device.as_str()).await;
    journey.click("device-register-submit").await;
    journey.wait_for("register-done").await;
    journey.click("nav-devices").await;
    journey
        .wait_for_text(&format!("device-{}", device.as_str()), "Waiting to send")
        .await;
    journey.wait_for_text("sync-status", "Offline").await;
    journey.wait_for("offline-banner").await;
    journey.screenshot("offline-pending").await;

    journey.restart_app().await;
    journey.api.restart().await;
    journey.click("nav-devices").await;
    let text = journey
        .wait_for_text(&format!("device-{}", device.as_str()), "ILUMA PRIME")
        .await;
    assert!(!text.contains("Waiting to send"), "{text}");
    journey.wait_for_text("sync-status", "Synced").await;
    journey.screenshot("synced-after-restart").await;
    assert_eq!(
        server_count(
            &journey,
            "SELECT COUNT(*) FROM devices WHERE device_id = $1 AND owner_id IS NOT NULL",
            device.as_str()
        )
        .await,
        1
    );
    journey.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_faulty_device_is_replaced_at_the_nearest_collection_point_and_tracked() {
    let mut journey = Journey::start("guarantee", "en-GB").await;
    let [device] = journey.catalog(1).await[..] else {
        panic!("one device")
    };
    journey.customer("ines@example.pt").await;
    journey.register_for("ines@example.pt", device).await;
    // The customer is in Porto and lets the app know (where the engine can be told).
    let located = journey.set_location(41.1496, -8.6109).await;
    journey.log_in("ines@example.pt").await;
    journey.wait_for_text("sync-status", "Synced").await;

    journey.click("nav-devices").await;
    journey
        .click(&format!("open-device-{}", device.as_str()))
        .await;
    journey.wait_for("guarantee-start").await;
    journey.screenshot("device-detail").await;
    journey.click("guarantee-start").await;
    journey
        .fill("guarantee-fault", "It stopped heating after a week.")
        .await;
    if located {
        journey.click("use-my-location").await;
        journey.wait_for_text("guarantee", "Nearest first").await;
        assert_eq!(
            journey.first_test_id("collection-point-").await,
            "collection-point-cp-porto-santa-catarina",
            "the nearest point comes first"
        );
    }
    journey.screenshot("points-nearest-first").await;
    journey
        .click("collection-point-cp-porto-santa-catarina")
        .await;
    journey.click("guarantee-review-button").await;
    journey
        .wait_for_text("guarantee-review", "Loja Santa Catarina")
        .await;
    journey.screenshot("review").await;
    journey.click("guarantee-submit").await;
    journey.wait_for_text("guarantee-status", "Received").await;
    journey.wait_for_text("sync-status", "Synced").await;
    journey.screenshot("request-sent").await;

    let (id, delivery, status): (String, String, String) = sqlx::query_as(
        "SELECT id, delivery_json, status FROM guarantee_requests WHERE device_id = $1",
    )
    .bind(device.as_str())
    .fetch_one(journey.api.state.db.pool())
    .await
    .expect("exactly one request reached the server");
    assert!(delivery.contains("cp-porto-santa-catarina"), "{delivery}");
    assert_eq!(status, "submitted");

    // Operations approve it and have the new device waiting at the shop, through the
    // back-office API; the phone learns each step from its feed.
    let operations = journey
        .staff_token(companion_domain::wire::StaffRole::Operations)
        .await;
    let http = reqwest::Client::new();
    for status in ["approved", "ready_for_collection"] {
        let moved = http
            .post(format!(
                "{}/v1/backoffice/guarantee-requests/{id}/status",
                journey.api.address
            ))
            .bearer_auth(&operations)
            .json(&serde_json::json!({ "status": status }))
            .send()
            .await
            .expect("sent");
        assert_eq!(moved.status(), 200, "{status}");
    }
    journey.click("nav-devices").await;
    journey.click("requests-link").await;
    journey
        .wait_for_text("guarantee-status", "Ready to collect")
        .await;
    journey.screenshot("ready-to-collect").await;
    journey.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removing_the_account_asks_for_the_password_erases_it_and_frees_the_email() {
    let mut journey = Journey::start("remove-account", "pt-PT").await;
    let [device] = journey.catalog(1).await[..] else {
        panic!("one device")
    };
    journey.customer("eva@example.pt").await;
    journey.register_for("eva@example.pt", device).await;
    journey.log_in("eva@example.pt").await;
    journey.wait_for_text("sync-status", "Sincronizado").await;
    journey.click("nav-account").await;

    // Where she is signed in: this phone, and the other phone that registered the device.
    journey.click("sessions-show").await;
    journey
        .wait_for_text("session-list", "Este telemóvel")
        .await;
    journey.screenshot("sessions").await;
    let live_sessions = "SELECT COUNT(*) FROM sessions WHERE revoked_at IS NULL
         AND account_id = (SELECT id FROM accounts WHERE email = $1)";
    assert_eq!(
        server_count(&journey, live_sessions, "eva@example.pt").await,
        2
    );
    journey.click("sessions-end-others").await;
    for _ in 0..100 {
        if server_count(&journey, live_sessions, "eva@example.pt").await == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        server_count(&journey, live_sessions, "eva@example.pt").await,
        1,
        "the other phone is signed out, this one stays"
    );

    journey.click("remove-open").await;
    journey.screenshot("remove-explained").await;

    journey
        .fill("remove-password", "not-the-password-at-all")
        .await;
    journey.click("remove-confirm").await;
    journey
        .wait_for_text("error-message", "palavra-passe não está correta")
        .await;
    journey.screenshot("remove-wrong-password").await;
    assert_eq!(
        server_count(
            &journey,
            "SELECT COUNT(*) FROM accounts WHERE email = $1",
            "eva@example.pt"
        )
        .await,
        1,
        "a wrong password removes nothing"
    );

    journey.replace("remove-password", PASSWORD).await;
    journey.click("remove-confirm").await;
    journey.wait_for_text("flash", "conta foi eliminada").await;
    journey.wait_for("login").await;
    journey.screenshot("removed-farewell").await;
    assert_eq!(
        server_count(
            &journey,
            "SELECT COUNT(*) FROM accounts WHERE email = $1",
            "eva@example.pt"
        )
        .await,
        0,
        "the email is erased"
    );
    assert_eq!(
        server_count(
            &journey,
            "SELECT COUNT(*) FROM devices WHERE device_id = $1 AND owner_id IS NOT NULL",
            device.as_str()
        )
        .await,
        0,
        "the device is free for a new owner"
    );

    // The old password opens nothing; the email can sign up again.
    journey.fill("login-email", "eva@example.pt").await;
    journey.fill("login-password", PASSWORD).await;
    journey.click("login-submit").await;
    journey.wait_for("error-message").await;
    journey.customer("eva@example.pt").await;
    journey.finish().await;
}
