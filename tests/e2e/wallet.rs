//! The wallet a customer can trust (issue 22), on both engines: pending points with the
//! day they become available and the next points to expire, a missing-points claim filed
//! with the server unreachable, synced when it is back, credited by support, and the new
//! balance on the phone.

use companion_domain::wire::StaffRole;
use reqwest::Method;
use serde_json::json;

use crate::harness::Journey;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pending_points_and_the_next_expiry_show_and_a_claim_filed_offline_is_credited() {
    let mut journey = Journey::start_with_server("wallet-claims", "en-GB", |settings| {
        settings.points.pending = std::time::Duration::from_secs(72 * 3600);
    })
    .await;
    let email = "pontos@example.pt";
    let [device] = journey.catalog(1).await[..] else {
        panic!("one device")
    };
    journey.customer(email).await;
    // The registration bonus posts at once (and expires in a year); the shop purchase
    // waits 72 hours.
    journey.register_for(email, device).await;
    journey.give_points(email, 60).await;
    journey.log_in(email).await;
    journey.click("nav-wallet").await;
    let pending = journey
        .wait_for_text("wallet-pending", "60 points pending")
        .await;
    assert!(pending.contains("available on"), "{pending}");
    let expiry = journey
        .wait_for_text("wallet-next-expiry", "points expire on")
        .await;
    journey.wait_for("entry-pending").await;
    let balance: i64 = journey
        .wait_for("wallet-balance")
        .await
        .text()
        .await
        .expect("balance")
        .parse()
        .expect("a number");
    assert!(
        expiry.starts_with(&balance.to_string()),
        "the bonus expires: {expiry}"
    );
    journey.screenshot("pending-and-expiry").await;
    journey.check_accessibility("wallet").await;

    // The server goes away; the claim is kept on the phone.
    journey.api.stop().await;
    journey.click("points-claim-open").await;
    journey.fill("claim-shop", "main").await;
    journey.fill("claim-receipt", "TK-4411").await;
    let today = time::OffsetDateTime::now_utc().date().to_string();
    journey.set_date("claim-date", &today).await;
    journey.fill("claim-amount", "25,00").await;
    journey.click("claim-submit").await;
    journey.wait_for("claim-sent").await;
    journey
        .wait_for_text("points-claim-TK-4411", "Waiting to send")
        .await;
    journey.screenshot("claim-offline").await;
    journey.check_accessibility("claims").await;

    // Back online: opening the screen again syncs (as pulling to refresh would).
    journey.api.restart().await;
    journey.click("nav-wallet").await;
    journey.click("points-claim-open").await;
    journey
        .wait_for_text("points-claim-TK-4411", "Being checked")
        .await;

    // Support credits it from the queue.
    let support = journey.staff_token(StaffRole::Support).await;
    let (status, queue) = journey
        .api_call(
            Method::GET,
            "/v1/backoffice/points-claims?status=open",
            &support,
            None,
        )
        .await;
    assert_eq!(status, 200, "{queue}");
    let claims = queue["claims"].as_array().expect("claims");
    assert_eq!(claims.len(), 1, "filed once: {queue}");
    let path = format!(
        "/v1/backoffice/points-claims/{}/decision",
        claims[0]["id"].as_str().expect("id")
    );
    let (status, decided) = journey
        .api_call(
            Method::POST,
            &path,
            &support,
            Some(json!({"decision": "credit"})),
        )
        .await;
    assert_eq!(status, 200, "{decided}");
    journey.click("nav-wallet").await;
    journey.click("points-claim-open").await;
    journey
        .wait_for_text("points-claim-TK-4411", "25 points added")
        .await;
    journey.click("nav-wallet").await;
    journey
        .wait_for_text("wallet-balance", &(balance + 25).to_string())
        .await;
    journey.screenshot("credited").await;
    journey.finish().await;
}
