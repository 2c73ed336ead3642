//! The in-app inbox (issue 21), on both engines: a replacement that operations ship shows
//! as unread on Home, opening it goes to the request and the count goes down, and with the
//! network cut the same notification reads in English after switching language.

use companion_domain::wire::StaffRole;
use reqwest::Method;
use serde_json::json;

use crate::harness::Journey;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shipped_replacement_is_an_unread_notification_read_once_and_in_english_offline() {
    let mut journey = Journey::start("inbox", "pt-PT").await;
    let email = "caixa@example.pt";
    let [device] = journey.catalog(1).await[..] else {
        panic!("one device")
    };
    journey.customer(email).await;
    journey.register_for(email, device).await;
    let customer = journey.api_token(email).await;
    let (status, request) = journey
        .api_call(
            Method::POST,
            "/v1/guarantee-requests",
            &customer,
            Some(json!({"device_id": device.as_str(), "fault_description": "Não aquece depois de carregar.",
                        "delivery": {"kind": "address", "address": {"recipient": "Rui Costa", "line1": "Rua Augusta 1",
                        "postal_code": "1100-048", "city": "Lisboa"}}})),
        )
        .await;
    assert_eq!(status, 201, "{request}");
    let operations = journey.staff_token(StaffRole::Operations).await;
    let path = format!(
        "/v1/backoffice/guarantee-requests/{}/status",
        request["id"].as_str().expect("id")
    );
    for step in [
        json!({"status": "approved"}),
        json!({"status": "shipped", "tracking_number": "CTT-RR123456789PT"}),
    ] {
        // Some minutes between the steps (within the staff session's 15).
        journey
            .api
            .clock
            .advance(std::time::Duration::from_secs(300));
        let (status, moved) = journey
            .api_call(Method::POST, &path, &operations, Some(step))
            .await;
        assert_eq!(status, 200, "{moved}");
    }

    journey.log_in(email).await;
    journey.wait_for_text("unread-count", "2 por ler").await;
    journey.screenshot("home-unread").await;
    journey.click("nav-notifications").await;
    journey.wait_for("notifications").await;
    let shipped = journey.first_test_id("notification-").await;
    let text = journey.wait_for_text(&shipped, "CTT-RR123456789PT").await;
    assert!(text.contains("Nova"), "unread: {text}");
    journey.check_accessibility("notifications").await;
    journey.click(&shipped).await;
    journey.wait_for("guarantee-requests").await;
    journey.click("nav-home").await;
    journey.wait_for_text("unread-count", "1 por ler").await;

    // No network: the language changes and the old notification follows it.
    journey.api.stop().await;
    journey.click("lang-en").await;
    journey.click("nav-notifications").await;
    let english = journey
        .wait_for_text(&shipped, "Tracking number CTT-RR123456789PT")
        .await;
    assert!(english.contains("Replacement for"), "{english}");
    assert!(!english.contains("New"), "read stays read: {english}");
    journey.screenshot("inbox-english-offline").await;

    // Back online, the server has it read once; the other stays unread.
    journey.api.restart().await;
    journey.click("nav-home").await;
    journey.click("nav-notifications").await;
    let mut read = 0;
    for _ in 0..100 {
        read = crate::server_count(
            &journey,
            "SELECT COUNT(*) FROM notifications WHERE read_at IS NOT NULL AND account_id = (SELECT id FROM accounts WHERE email = $1)",
            email,
        )
        .await;
        if read > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_eq!(read, 1);
    journey.finish().await;
}
