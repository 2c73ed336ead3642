//! The camera card of the register screen: a live preview, guidance while it looks, a torch
//! where the camera has one, and a photo picker; when the camera is refused or missing it
//! says so and the typing form below stays the way in. Decoding happens in Rust
//! ([`crate::camera`]); this component only moves frames and words.

use std::time::Instant;

use companion_domain::wire::DeviceSource;
use companion_domain::DeviceId;
use companion_scan::{LiveScanner, ScanError};
use dioxus::prelude::*;

use crate::camera::{
    camera_script, command_script, guidance, next_frame, read_frame, read_photo, FromCamera,
    Guidance, ToCamera, Unavailable, PHOTO_INPUT_ID, PHOTO_SCRIPT, VIDEO_ID,
};
use crate::components::{Icon, IconName};
use crate::i18n::{t, use_lang, Key};

/// Where the camera is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Camera {
    Idle,
    Opening,
    Live { torch: bool },
    Unavailable(Unavailable),
}

fn guidance_key(guidance: Guidance) -> Key {
    match guidance {
        Guidance::Searching => Key::ScanSearching,
        Guidance::MoveCloser => Key::ScanMoveCloser,
        Guidance::MoreLight => Key::ScanMoreLight,
        Guidance::NotADeviceCode => Key::ScanNotDevice,
        Guidance::Damaged => Key::ScanDamaged,
        Guidance::UnreadablePhoto => Key::ScanUnreadablePhoto,
    }
}

/// Hands a command to the running camera script (which stops by itself when the screen
/// goes away, so leaving needs no command).
fn tell_camera(command: ToCamera) {
    let _ = document::eval(&command_script(command));
}

/// Decodes off the UI thread: a hard frame can take the scanner's whole time budget.
/// `None` if the task did not finish. Under `panic = "unwind"` (debug, release) that includes
/// a panicking decoder; the phone packages' dist profile aborts on panic instead, so there a
/// decoder panic ends the app (the fuzz targets in crates/scan/fuzz hunt for them). Why that
/// trade was made: BENCHMARKS.md, "Phone binary size".
async fn off_thread<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    tokio::task::spawn_blocking(work).await.ok()
}

/// The scan card. `on_read` gets the first valid ID and how it was read.
#[component]
pub fn Scanner(on_read: EventHandler<(DeviceId, DeviceSource)>) -> Element {
    let lang = use_lang();
    let mut camera = use_signal(|| Camera::Idle);
    let mut hint = use_signal(|| None::<Key>);
    let mut torch_on = use_signal(|| false);
    let mut reading_photo = use_signal(|| false);
    // Which start the running loop belongs to: a loop left over from an earlier start must
    // not touch the screen of a newer one.
    let mut session = use_signal(|| 0u64);

    // Photos: the picker is a plain file input; its script hands over each chosen file.
    use_effect(move || {
        spawn(async move {
            let mut photos = document::eval(PHOTO_SCRIPT);
            while let Ok(FromCamera::Photo { data }) = photos.recv::<FromCamera>().await {
                reading_photo.set(true);
                let read = off_thread(move || read_photo(&data)).await;
                reading_photo.set(false);
                match read {
                    Some(Ok(id)) => on_read.call((id, DeviceSource::Photo)),
                    Some(Err(ScanError::NoCode)) => hint.set(Some(Key::ScanPhotoNoCode)),
                    Some(Err(error)) => hint.set(Some(guidance_key(guidance(&error, 0, None)))),
                    None => hint.set(Some(Key::ScanUnreadablePhoto)),
                }
            }
        });
    });

    let start = move |_| {
        camera.set(Camera::Opening);
        hint.set(None);
        torch_on.set(false);
        session += 1;
        let mine = session();
        spawn(async move {
            let mut eval = document::eval(&camera_script());
            let mut misses = 0u32;
            // One live scanner per session: it learns this phone's pass costs and where
            // the code is. It goes to the decoding thread with each frame and comes back.
            let mut scanner = Some(LiveScanner::default());
            loop {
                let message = eval.recv::<FromCamera>().await;
                if session() != mine {
                    break;
                }
                match message {
                    Ok(FromCamera::Started { torch }) => {
                        camera.set(Camera::Live { torch });
                        hint.set(Some(Key::ScanSearching));
                    }
                    Ok(FromCamera::Frame {
                        width,
                        height,
                        grey,
                    }) => {
                        let started = Instant::now();
                        let mut live = scanner.take().unwrap_or_default();
                        let read = off_thread(move || {
                            let read = read_frame(&mut live, width, height, &grey);
                            (live, read)
                        })
                        .await
                        .map(|(live, read)| {
                            scanner = Some(live);
                            read
                        });
                        let decode = started.elapsed();
                        match read {
                            Some(Ok(id)) => {
                                tell_camera(ToCamera::Stop);
                                camera.set(Camera::Idle);
                                hint.set(None);
                                on_read.call((id, DeviceSource::Scan));
                                return;
                            }
                            Some(Err((error, mean))) => {
                                misses += 1;
                                hint.set(Some(guidance_key(guidance(&error, misses, mean))));
                            }
                            None => {}
                        }
                        if !matches!(camera(), Camera::Live { .. }) {
                            break;
                        }
                        tell_camera(next_frame(decode));
                    }
                    Ok(FromCamera::Unavailable { reason, detail }) => {
                        tracing::info!(%reason, %detail, "camera unavailable");
                        camera.set(Camera::Unavailable(Unavailable::from_reason(&reason)));
                        break;
                    }
                    Ok(FromCamera::Photo { .. }) => {}
                    // The page or the renderer cannot run the script: no camera here.
                    Err(error) => {
                        tracing::info!(%error, "the camera script stopped");
                        if camera() == Camera::Opening {
                            camera.set(Camera::Unavailable(Unavailable::Failed));
                        }
                        break;
                    }
                }
            }
        });
    };
    let stop = move |_| {
        tell_camera(ToCamera::Stop);
        camera.set(Camera::Idle);
        hint.set(None);
    };
    let toggle_torch = move |_| {
        let on = !torch_on();
        tell_camera(ToCamera::Torch { on });
        torch_on.set(on);
    };
    let live = matches!(camera(), Camera::Live { .. } | Camera::Opening);
    rsx! {
        div { class: "card scan", "data-testid": "scan-section",
            h2 { {t(lang, Key::ScanTitle)} }
            p { class: "hint", {t(lang, Key::ScanIntro)} }
            div { class: if live { "preview live" } else { "preview" },
                video { id: VIDEO_ID, "data-testid": "scan-preview", "aria-label": t(lang, Key::ScanPreviewLabel), autoplay: true, muted: true, playsinline: true }
                if live { div { class: "aim", "aria-hidden": "true" } }
            }
            if let Some(key) = hint() {
                p { class: "scan-guidance", role: "status", "aria-live": "polite", "data-testid": "scan-guidance", {t(lang, key)} }
            }
            match camera() {
                Camera::Idle => rsx! {
                    button { r#type: "button", class: "button primary wide", "data-testid": "scan-start", onclick: start,
                        Icon { name: IconName::Scan }
                        {t(lang, Key::ScanStart)}
                    }
                },
                Camera::Opening => rsx! {
                    p { class: "hint", role: "status", {t(lang, Key::ScanOpening)} }
                },
                Camera::Live { torch } => rsx! {
                    div { class: "scan-actions",
                        if torch {
                            button { r#type: "button", class: "button secondary", "data-testid": "scan-torch", "aria-pressed": if torch_on() { "true" } else { "false" }, onclick: toggle_torch,
                                {t(lang, if torch_on() { Key::TorchOff } else { Key::TorchOn })}
                            }
                        }
                        button { r#type: "button", class: "button secondary", "data-testid": "scan-stop", onclick: stop, {t(lang, Key::ScanStop)} }
                    }
                },
                Camera::Unavailable(why) => rsx! {
                    p { class: "info", role: "alert", "data-testid": "scan-unavailable",
                        {t(lang, match why {
                            Unavailable::Denied => Key::CameraDenied,
                            Unavailable::Missing => Key::CameraMissing,
                            Unavailable::Failed => Key::CameraFailed,
                        })}
                    }
                    button { r#type: "button", class: "button secondary wide", "data-testid": "scan-start", onclick: start, {t(lang, Key::ScanAgain)} }
                },
            }
            if reading_photo() {
                p { class: "hint", role: "status", {t(lang, Key::ReadingPhoto)} }
            }
            // The input stays focusable (visually hidden); its label is the visible button.
            input { id: PHOTO_INPUT_ID, class: "visually-hidden", r#type: "file", accept: "image/*", capture: "environment", "data-testid": "scan-photo-input" }
            label { class: "button secondary wide photo-picker", r#for: PHOTO_INPUT_ID, "data-testid": "scan-photo", {t(lang, Key::PhotoButton)} }
        }
    }
}
