//! The QR code on a device's box, read by the phone's own camera app, opens our app on the
//! register screen with the ID filled in: while the app runs (a second start hands the link
//! over) and at start (the link as the app's argument), waiting for the log-in if needed.

use crate::harness::Journey;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_box_link_opens_register_with_the_id_while_running_and_at_start() {
    let mut journey = Journey::start("links", "en-GB").await;
    let [first, second] = journey.catalog(2).await[..] else {
        panic!("two devices")
    };
    journey.customer("lia@example.pt").await;
    journey.log_in("lia@example.pt").await;
    journey.wait_for_text("sync-status", "Synced").await;

    // While the app runs, on another tab: the https link printed on the box.
    journey.click("nav-wallet").await;
    journey.open_link(&format!(
        "https://companion.pt/r/{}",
        first.display_grouped()
    ));
    let filled = journey.field_value("device-id-input").await;
    assert_eq!(filled, first.display_grouped());
    journey.screenshot("opened-by-link").await;
    journey.click("device-register-submit").await;
    journey.wait_for("register-done").await;

    // A link that is not ours changes nothing.
    journey.click("nav-home").await;
    journey.open_link("https://evil.example/r/MA8KG1GWRKAK");
    journey.wait_for("home").await;

    // At start, with the custom scheme.
    journey
        .restart_with_link(&format!("companion://register?id={}", second.as_str()))
        .await;
    let filled = journey.field_value("device-id-input").await;
    assert_eq!(filled, second.as_str());
    journey.click("device-register-submit").await;
    journey.wait_for("register-done").await;
    journey.click("nav-devices").await;
    for device in [first, second] {
        journey
            .wait_for_text(&format!("device-{}", device.as_str()), "ILUMA PRIME")
            .await;
    }
    journey.finish().await;
}
