//! Scanning in the app with a fake camera: Chromium's plays a y4m video made from a frame,
//! WebKitGTK's mock device its own test picture. A device QR is read and registered
//! (Chromium); a picture with no code gives guidance and registers nothing; a refused camera
//! falls back to typing and to a photo.

use crate::harness::{camera_frame, write_y4m, Journey};

async fn server_devices(journey: &Journey, device: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM devices WHERE device_id = $1 AND owner_id IS NOT NULL")
        .bind(device)
        .fetch_one(journey.api.state.db.pool())
        .await
        .expect("query")
}

// Chromium's fake camera plays our video; WebKitGTK's mock device only its own picture.
#[cfg(not(feature = "mobile"))]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_camera_reads_a_device_qr_and_the_device_is_registered() {
    let folder = tempfile::tempdir().expect("temp dir");
    let device = companion_server::demo::demo_device_id(500);
    let video = folder.path().join("device.y4m");
    write_y4m(&video, &camera_frame(Some(device.as_str())));
    let mut journey = Journey::start_with_camera("scan-camera", "en-GB", &video, true).await;
    assert_eq!(journey.catalog(1).await, [device]);
    journey.customer("scan@example.pt").await;
    journey.log_in("scan@example.pt").await;
    journey.click("home-register").await;
    journey.screenshot("register-scan-first").await;
    journey.click("scan-start").await;
    let found = journey
        .wait_for_text("scan-found", &device.display_grouped())
        .await;
    assert!(found.contains("Found device"), "{found}");
    journey.screenshot("scan-found").await;
    let camera_on: bool = serde_json::from_value(
        journey
            .browser()
            .execute(
                "const v = document.getElementById('scan-video'); return !!(v && v.srcObject);",
                vec![],
            )
            .await
            .expect("script"),
    )
    .unwrap_or(true);
    assert!(!camera_on, "the camera stops at the first valid ID");
    journey.click("scan-register").await;
    journey.wait_for("register-done").await;
    journey.click("nav-devices").await;
    journey
        .wait_for_text(&format!("device-{}", device.as_str()), "ILUMA PRIME")
        .await;
    assert_eq!(server_devices(&journey, device.as_str()).await, 1);
    journey.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_video_with_no_code_gives_guidance_and_registers_nothing() {
    let folder = tempfile::tempdir().expect("temp dir");
    let video = folder.path().join("nothing.y4m");
    write_y4m(&video, &camera_frame(None));
    let mut journey = Journey::start_with_camera("scan-nothing", "pt-PT", &video, true).await;
    journey.customer("nada@example.pt").await;
    journey.log_in("nada@example.pt").await;
    journey.click("home-register").await;
    journey.click("scan-start").await;
    journey.wait_for("scan-stop").await;
    // The camera was allowed: the preview plays the camera's picture.
    let playing = "const v = document.getElementById('scan-video'); \
                   return !!(v && v.videoWidth > 0 && !v.paused);";
    let started = std::time::Instant::now();
    while journey.browser().execute(playing, vec![]).await.ok() != Some(serde_json::json!(true)) {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "the camera preview never played"
        );
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    }
    journey.wait_for_text("scan-guidance", "Aproxime-se").await;
    journey.screenshot("scan-guidance").await;
    let page = journey.browser().source().await.expect("page");
    assert!(!page.contains("data-testid=\"scan-found\""), "nothing read");
    journey.click("scan-stop").await;
    journey.wait_for("scan-start").await;
    let registered: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM devices WHERE owner_id IS NOT NULL")
            .fetch_one(journey.api.state.db.pool())
            .await
            .expect("query");
    assert_eq!(registered, 0);
    journey.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_camera_offers_typing_and_a_photo_still_reads_the_code() {
    let folder = tempfile::tempdir().expect("temp dir");
    let devices = {
        // The catalog is made by the journey; IDs are known in advance.
        [
            companion_server::demo::demo_device_id(500),
            companion_server::demo::demo_device_id(501),
        ]
    };
    let video = folder.path().join("device.y4m");
    write_y4m(&video, &camera_frame(Some(devices[0].as_str())));
    let mut journey = Journey::start_with_camera("scan-denied", "en-GB", &video, false).await;
    assert_eq!(journey.catalog(2).await, devices);
    journey.customer("nocam@example.pt").await;
    journey.log_in("nocam@example.pt").await;
    journey.click("home-register").await;
    journey.click("scan-start").await;
    // WebKitGTK under WebDriver answers camera requests from the session's permissions,
    // which its driver cannot set: there the camera is simply absent (no mock device), the
    // other way a phone ends up without a camera. How the engine reports an absent camera
    // differs between machines (not found on one, a capture failure on another), so the
    // phone build must say one of the two, each offering typing and a photo. Chromium
    // refuses it outright: the permission message.
    let said = journey
        .wait_for_text("scan-unavailable", "use a photo below")
        .await;
    if cfg!(feature = "mobile") {
        assert!(
            said.starts_with("No camera is available")
                || said.starts_with("The camera could not start"),
            "the phone build said {said:?}"
        );
    } else {
        assert!(
            said.starts_with("Camera access is turned off"),
            "Chromium said {said:?}"
        );
    }
    journey.screenshot("camera-denied").await;

    // A photo of the second device's label, picked with the photo button.
    let photo = folder.path().join("label.png");
    image::GrayImage::from_raw(1280, 720, camera_frame(Some(devices[1].as_str())))
        .expect("fills the picture")
        .save(&photo)
        .expect("photo saved");
    journey
        .wait_for("scan-photo-input")
        .await
        .send_keys(&photo.display().to_string())
        .await
        .expect("photo picked");
    journey
        .wait_for_text("scan-found", &devices[1].display_grouped())
        .await;
    journey.screenshot("photo-found").await;
    journey.click("scan-again").await;

    // Typing still works after the refusal.
    journey.fill("device-id-input", devices[0].as_str()).await;
    journey.click("device-register-submit").await;
    journey.wait_for("register-done").await;
    journey.click("nav-devices").await;
    journey
        .wait_for_text(&format!("device-{}", devices[0].as_str()), "ILUMA PRIME")
        .await;
    assert_eq!(server_devices(&journey, devices[0].as_str()).await, 1);
    assert_eq!(server_devices(&journey, devices[1].as_str()).await, 0);
    journey.finish().await;
}
