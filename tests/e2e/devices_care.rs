//! Issue 25 as a customer lives it, on both engines: a device that will not heat fixed at
//! home with the troubleshooter (the outcome reaches the brand), one that stays broken
//! leading to a replacement request already filled in (with its fault code), and a device
//! passed from one phone's customer to another's.

use std::time::Duration;

use crate::harness::Journey;
use crate::server_count;

/// Waits until the server has what `sql` counts (the phone syncs in the background).
async fn wait_for_server(journey: &Journey, sql: &'static str, bind: &str, expected: i64) {
    for _ in 0..300 {
        if server_count(journey, sql, bind).await == expected {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(server_count(journey, sql, bind).await, expected, "{sql}");
}

/// A signed-in customer with one registered device, on the device's page.
async fn on_the_device_page(name: &'static str, email: &str) -> (Journey, String) {
    let mut journey = Journey::start(name, "en-GB").await;
    let [device] = journey.catalog(1).await[..] else {
        panic!("one device")
    };
    journey.customer(email).await;
    journey.register_for(email, device).await;
    journey.log_in(email).await;
    journey.wait_for_text("sync-status", "Synced").await;
    journey.click("nav-devices").await;
    journey
        .click(&format!("open-device-{}", device.as_str()))
        .await;
    (journey, device.as_str().to_string())
}

const SESSIONS: &str =
    "SELECT COUNT(*) FROM troubleshooting_sessions WHERE outcome = $1 AND fault_code = 'wont_heat'";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_that_will_not_heat_is_fixed_at_home_and_the_outcome_reaches_the_brand() {
    let (mut journey, _device) =
        on_the_device_page("troubleshoot-solved", "tania@example.pt").await;
    journey.click("troubleshoot-open").await;
    journey.click("troubleshoot-symptom-wont_heat").await;
    journey.wait_for("troubleshoot-step").await;
    journey.screenshot("troubleshoot-first-step").await;
    journey.click("troubleshoot-answer-1").await;
    journey.wait_for_text("troubleshoot-step", "Step 2").await;
    journey.click("troubleshoot-answer-0").await;
    journey.wait_for("troubleshoot-solved").await;
    journey.screenshot("troubleshoot-solved").await;
    wait_for_server(&journey, SESSIONS, "solved", 1).await;
    journey.wait_for_text("sync-status", "Synced").await;
    assert_eq!(
        server_count(
            &journey,
            "SELECT COUNT(*) FROM guarantee_requests WHERE fault_code = $1",
            "wont_heat"
        )
        .await,
        0,
        "fixed at home: no courier trip"
    );
    journey.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_that_still_will_not_heat_leads_to_a_request_already_filled_in() {
    let (mut journey, device) =
        on_the_device_page("troubleshoot-request", "tiago@example.pt").await;
    journey.click("troubleshoot-open").await;
    journey.click("troubleshoot-symptom-wont_heat").await;
    for step in 2..=3 {
        journey.click("troubleshoot-answer-1").await;
        journey
            .wait_for_text("troubleshoot-step", &format!("Step {step}"))
            .await;
    }
    journey.click("troubleshoot-answer-1").await;
    journey.wait_for("troubleshoot-replacement").await;
    journey.screenshot("troubleshoot-replacement").await;
    journey.click("troubleshoot-request").await;
    journey.wait_for("guarantee-fault").await;
    let filled = journey.field_value("guarantee-fault").await;
    assert!(
        filled.starts_with("Won't heat") && filled.contains("→"),
        "the symptom and the steps tried: {filled:?}"
    );
    journey
        .click("collection-point-cp-porto-santa-catarina")
        .await;
    journey
        .click_until("guarantee-review-button", "guarantee-review")
        .await;
    journey.wait_for("guarantee-review").await;
    journey.screenshot("prefilled-review").await;
    journey.click("guarantee-submit").await;
    journey.wait_for_text("guarantee-status", "Received").await;
    wait_for_server(
        &journey,
        "SELECT COUNT(*) FROM guarantee_requests WHERE device_id = $1 AND fault_code = 'wont_heat'",
        &device,
        1,
    )
    .await;
    wait_for_server(&journey, SESSIONS, "replacement", 1).await;
    journey.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_asked_for_on_one_phone_is_accepted_on_the_owners_and_moves() {
    let mut journey = Journey::start("device-transfer", "en-GB").await;
    let [device] = journey.catalog(1).await[..] else {
        panic!("one device")
    };
    let id = device.as_str().to_string();
    journey.customer("antigo@example.pt").await;
    journey.register_for("antigo@example.pt", device).await;
    journey.customer("novo@example.pt").await;

    // The new owner's phone: the device is someone else's, so they ask for it.
    journey.log_in("novo@example.pt").await;
    journey.wait_for_text("sync-status", "Synced").await;
    journey.click("nav-devices").await;
    journey.click("transfer-open").await;
    journey.wait_for("ask-transfer").await;
    journey
        .fill("transfer-device-id", &device.display_grouped())
        .await;
    journey.screenshot("transfer-ask").await;
    journey.click("transfer-submit").await;
    journey.wait_for("transfer-done").await;
    wait_for_server(
        &journey,
        "SELECT COUNT(*) FROM device_transfers WHERE device_id = $1 AND status = 'pending'",
        &id,
        1,
    )
    .await;

    // The old owner's phone: told, and accepts.
    journey.add_phone("en-GB").await;
    journey.switch_phone();
    journey.log_in("antigo@example.pt").await;
    journey.wait_for_text("sync-status", "Synced").await;
    journey.click("nav-devices").await;
    journey
        .wait_for_text("transfers", "Someone asks for your ILUMA PRIME")
        .await;
    journey.screenshot("transfer-incoming").await;
    journey.click(&format!("transfer-accept-{id}")).await;
    journey.wait_for_text("transfers", "Accepted").await;
    journey.wait_for("devices-empty").await;
    journey.screenshot("transfer-accepted").await;
    wait_for_server(
        &journey,
        "SELECT COUNT(*) FROM devices d JOIN accounts a ON a.id = d.owner_id
         WHERE d.device_id = $1 AND a.email = 'novo@example.pt'",
        &id,
        1,
    )
    .await;

    // Back on the new owner's phone: the device is theirs, the request says accepted.
    journey.switch_phone();
    journey.click("nav-home").await;
    journey.wait_for_text("sync-status", "Synced").await;
    journey.click("nav-devices").await;
    journey
        .wait_for_text(&format!("device-{id}"), "ILUMA PRIME")
        .await;
    journey.wait_for_text("transfers", "Accepted").await;
    journey.screenshot("transfer-received").await;
    journey.finish().await;
}
