//! Scanning with the phone's camera: the WebView's `getUserMedia` gives the picture, a small
//! script samples grey frames and hands them to Rust, and `companion-scan` decodes them
//! (never JavaScript). One frame is in flight at a time: the script grabs the next only
//! when Rust asks, so a slow phone never builds a backlog. Camera frames go through one
//! [`LiveScanner`] per scanning session (a frame's time each, the hard passes spread over
//! the frames); the next frame is the newest one the preview shows, grabbed as soon as
//! decoding ends (or after [`next_frame_delay`] where the engine cannot say when a frame
//! is new), so a fast phone reads every camera frame and a slow one drops frames instead
//! of queueing them. A
//! photo picked or taken with the picker goes the same way as its original file bytes, and
//! gets the still-image ladder (there is no next frame to wait for).
//!
//! This module holds the script, the messages both sides exchange and the decisions (what
//! to tell the customer after a frame), all testable without a camera; the screen is
//! `components/scanner.rs`.

use companion_domain::DeviceId;
use std::time::Duration;

use companion_scan::{FrameMiss, LiveScanner, ScanError};
use serde::{Deserialize, Serialize};

/// The `id` of the `<video>` the preview plays in.
pub const VIDEO_ID: &str = "scan-video";
/// The `id` of the photo picker's `<input type=file>`.
pub const PHOTO_INPUT_ID: &str = "scan-photo-input";

/// Longest side of a frame sent to Rust: a device QR filling a tenth of a 720p frame still
/// has a few pixels per module, and a grey 1280×720 frame is under a megabyte.
pub const MAX_FRAME_SIDE: u32 = 1280;

/// Opens the back camera into the preview, sends frames, and installs
/// `window.companionCamera` for Rust's commands ([`command_script`]). Frames are grey
/// (Rec. 601 luma) and base64-encoded. The script only ever sends: dioxus-liveview 0.7.10's
/// `dioxus.recv()` busy-waits on the page's only thread, so a script that waits for Rust
/// that way freezes the page; commands arrive as separate one-line scripts instead.
pub const CAMERA_SCRIPT: &str = r#"
const video = document.getElementById("scan-video");
const say = (message) => dioxus.send(message);
if (!video || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
  say({ kind: "unavailable", reason: "missing" });
  return;
}
if (window.companionCamera) { window.companionCamera.run({ cmd: "stop" }); }
let stream;
try {
  stream = await navigator.mediaDevices.getUserMedia({
    audio: false,
    video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } },
  });
} catch (error) {
  const name = (error && error.name) || String(error);
  let reason = name === "NotAllowedError" || name === "SecurityError" ? "denied"
    : name === "NotFoundError" || name === "OverconstrainedError" || name === "NotReadableError" ? "missing"
    : "error";
  // Engines disagree on the error a phone without a usable camera gets (WebKitGTK builds
  // differ between distributions): when the device list has no camera at all, it is missing.
  if (reason === "error") {
    try {
      const devices = await navigator.mediaDevices.enumerateDevices();
      if (!devices.some((d) => d.kind === "videoinput")) { reason = "missing"; }
    } catch (_) {}
  }
  say({ kind: "unavailable", reason, detail: name });
  return;
}
const track = stream.getVideoTracks()[0];
video.srcObject = stream;
video.muted = true;
video.setAttribute("playsinline", "");
try { await video.play(); } catch (_) {}
for (let i = 0; i < 100 && !(video.videoWidth > 0); i++) {
  await new Promise((r) => setTimeout(r, 30));
}
const capabilities = track && track.getCapabilities ? track.getCapabilities() : {};
const canvas = document.createElement("canvas");
const context = canvas.getContext("2d", { willReadFrequently: true });
const grab = () => {
  if (!video.srcObject || !(video.videoWidth > 0)) { return; }
  const scale = Math.min(1, MAX_SIDE / Math.max(video.videoWidth, video.videoHeight));
  const width = Math.max(1, Math.round(video.videoWidth * scale));
  const height = Math.max(1, Math.round(video.videoHeight * scale));
  canvas.width = width;
  canvas.height = height;
  context.drawImage(video, 0, 0, width, height);
  const rgba = context.getImageData(0, 0, width, height).data;
  const grey = new Uint8Array(width * height);
  for (let i = 0, j = 0; i < grey.length; i++, j += 4) {
    grey[i] = (rgba[j] * 77 + rgba[j + 1] * 150 + rgba[j + 2] * 29) >> 8;
  }
  let binary = "";
  for (let i = 0; i < grey.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, grey.subarray(i, i + 0x8000));
  }
  grabbed = presented;
  say({ kind: "frame", width, height, grey: btoa(binary) });
};
// The newest frame, never a queue: where the engine tells when the preview shows a new
// frame (requestVideoFrameCallback), the next grab is at once if a frame came while Rust
// was decoding, else at the next frame; at most one grab per camera frame. Elsewhere, after
// the delay Rust asked for. A frame callback that never comes (a hidden preview) falls
// back to the delay's timer after a few frames' time.
let presented = 0;
let grabbed = -1;
let waiting;
const onFrame = (_now, metadata) => {
  presented = metadata.presentedFrames;
  if (waiting !== undefined) { clearTimeout(waiting); waiting = undefined; grab(); }
  if (video.srcObject) { video.requestVideoFrameCallback(onFrame); }
};
const frameCallbacks = typeof video.requestVideoFrameCallback === "function";
if (frameCallbacks) { video.requestVideoFrameCallback(onFrame); }
const next = (delay) => {
  if (frameCallbacks && presented > grabbed) { grab(); return; }
  clearTimeout(waiting);
  waiting = setTimeout(() => { waiting = undefined; grab(); }, frameCallbacks ? Math.max(delay, 100) : delay);
};
await new Promise((finished) => {
  let watch;
  const stop = () => {
    clearInterval(watch);
    clearTimeout(waiting);
    stream.getTracks().forEach((t) => t.stop());
    video.srcObject = null;
    if (window.companionCamera === camera) { window.companionCamera = undefined; }
    finished();
  };
  const camera = {
    run: (command) => {
      if (!command || command.cmd === "stop") { stop(); }
      else if (command.cmd === "next") { next(Math.max(0, Number(command.delay_ms) || 0)); }
      else if (command.cmd === "torch" && track.applyConstraints) {
        track.applyConstraints({ advanced: [{ torch: !!command.on }] }).catch(() => {});
      }
    },
  };
  window.companionCamera = camera;
  // The screen may go away without a word (another tab, the app sent to the background):
  // the camera must not stay on behind it.
  watch = setInterval(() => { if (!video.isConnected || document.hidden) { stop(); } }, 400);
  say({ kind: "started", torch: !!capabilities.torch });
  grab();
});
"#;

/// The one-line script that hands `command` to the running camera script.
pub fn command_script(command: ToCamera) -> String {
    let json = serde_json::to_string(&command).unwrap_or_else(|_| "null".into());
    format!("if (window.companionCamera) {{ window.companionCamera.run({json}); }}")
}

/// Waits for photos picked in the photo input and hands each over as its file's bytes.
pub const PHOTO_SCRIPT: &str = r#"
const input = document.getElementById("scan-photo-input");
if (!input) { return; }
while (true) {
  const file = await new Promise((resolve) =>
    input.addEventListener("change", () => resolve(input.files && input.files[0]), { once: true }));
  if (!file) { continue; }
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    dioxus.send({ kind: "photo", data: btoa(binary) });
  } catch (_) {
    dioxus.send({ kind: "photo", data: "" });
  }
  input.value = "";
}
"#;

/// The camera script with its frame size filled in.
pub fn camera_script() -> String {
    format!("const MAX_SIDE = {MAX_FRAME_SIDE};\n{CAMERA_SCRIPT}")
}

/// What the page tells Rust.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FromCamera {
    /// The preview is running; whether the camera has a torch to switch on.
    Started {
        /// The track reports the `torch` capability.
        torch: bool,
    },
    /// One grey frame.
    Frame {
        /// Pixels per row.
        width: usize,
        /// Rows.
        height: usize,
        /// `width × height` luma bytes, base64.
        grey: String,
    },
    /// No camera preview: `denied`, `missing` or `error`.
    Unavailable {
        /// Why.
        reason: String,
        /// The engine's error name, for the log.
        #[serde(default)]
        detail: String,
    },
    /// A photo's file bytes, base64 (empty when the file could not be read).
    Photo {
        /// The file.
        data: String,
    },
}

/// What Rust tells the page.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "cmd", rename_all = "snake_case")]
pub enum ToCamera {
    /// Send the next frame after this many milliseconds (see [`next_frame_delay`]).
    Next {
        /// How long to let the preview run before grabbing.
        delay_ms: u32,
    },
    /// Switch the torch on or off.
    Torch {
        /// On.
        on: bool,
    },
    /// Stop the camera.
    Stop,
}

/// Why there is no preview, for the message that offers typing or a photo instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unavailable {
    /// The customer (or a policy) refused camera access.
    Denied,
    /// No camera, or it is busy.
    Missing,
    /// Anything else.
    Failed,
}

impl Unavailable {
    /// Reads the script's reason.
    pub fn from_reason(reason: &str) -> Self {
        match reason {
            "denied" => Unavailable::Denied,
            "missing" => Unavailable::Missing,
            _ => Unavailable::Failed,
        }
    }
}

/// What to tell the customer after a frame or photo gave no ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guidance {
    /// Still looking (the first frames).
    Searching,
    /// Nothing readable: get closer and hold still.
    MoveCloser,
    /// The picture is too dark.
    MoreLight,
    /// A code was read, but it is some other code.
    NotADeviceCode,
    /// A device ID was read but its check character is wrong: the label is damaged.
    Damaged,
    /// The photo could not be opened as a picture.
    UnreadablePhoto,
}

/// Mean grey level under which a frame is too dark to read.
const DARK: u64 = 50;
/// Frames without a code before suggesting to move closer (about a second).
const PATIENCE: u32 = 3;

/// The guidance after `misses` frames in a row without an ID, the last one of average
/// brightness `mean_grey`.
pub fn guidance(error: &ScanError, misses: u32, mean_grey: Option<u64>) -> Guidance {
    match error {
        ScanError::NotADeviceId { .. } => Guidance::NotADeviceCode,
        ScanError::WrongCheckCharacter { .. } => Guidance::Damaged,
        ScanError::Picture(_) => Guidance::UnreadablePhoto,
        ScanError::NoCode | ScanError::InvalidFrame(_) => match mean_grey {
            Some(mean) if mean < DARK => Guidance::MoreLight,
            _ if misses >= PATIENCE => Guidance::MoveCloser,
            _ => Guidance::Searching,
        },
    }
}

/// A camera frame's time: the preview runs at 30 frames a second.
pub const FRAME_INTERVAL: Duration = Duration::from_millis(33);

/// How long the script waits before grabbing the next frame, after one took `decode` to
/// decode, where the engine cannot say when a new frame is shown: the rest of the frame's
/// time, nothing when decoding took longer (the preview meanwhile showed newer frames; the
/// newest is grabbed and those in between are dropped, never queued). Where the engine
/// can say (`requestVideoFrameCallback`), the script grabs the newest frame as soon as
/// there is one it has not sent.
pub fn next_frame_delay(decode: Duration) -> Duration {
    FRAME_INTERVAL.saturating_sub(decode)
}

/// The command that asks for the next frame after one took `decode` to decode.
pub fn next_frame(decode: Duration) -> ToCamera {
    let delay_ms = u32::try_from(next_frame_delay(decode).as_millis()).unwrap_or(u32::MAX);
    ToCamera::Next { delay_ms }
}

/// A frame from the script, decoded by the session's live scanner: the ID, or why not and
/// how bright the frame was. The base64 decode is the scanner crate's, compiled for speed
/// (`companion_scan::scan_page_frame`).
pub fn read_frame(
    scanner: &mut LiveScanner,
    width: usize,
    height: usize,
    grey_base64: &str,
) -> Result<DeviceId, FrameMiss> {
    companion_scan::scan_page_frame(scanner, width, height, grey_base64)
}

/// A photo from the picker, decoded.
pub fn read_photo(data_base64: &str) -> Result<DeviceId, ScanError> {
    companion_scan::scan_page_photo(data_base64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine;

    /// A grey frame with a device QR in the middle, as the script would send it.
    fn frame_with_qr(id: &str, width: usize, height: usize) -> Vec<u8> {
        let code = qrcode::QrCode::new(id.as_bytes()).expect("fits");
        let modules = code.width();
        let colors = code.to_colors();
        let scale = (height / 3) / (modules + 8);
        let side = (modules + 8) * scale;
        let (left, top) = ((width - side) / 2, (height - side) / 2);
        let mut grey = vec![180u8; width * height];
        for y in 0..side {
            for x in 0..side {
                let (mx, my) = ((x / scale) as isize - 4, (y / scale) as isize - 4);
                let dark = mx >= 0
                    && my >= 0
                    && (mx as usize) < modules
                    && (my as usize) < modules
                    && colors[my as usize * modules + mx as usize] == qrcode::Color::Dark;
                grey[(top + y) * width + left + x] = if dark { 20 } else { 235 };
            }
        }
        grey
    }

    #[test]
    fn a_frame_from_the_page_is_decoded_by_the_scan_crate() {
        let id = DeviceId::with_check_character("7K3M2Q9W4X1").expect("valid");
        let grey = frame_with_qr(id.as_str(), 640, 360);
        let mut scanner = LiveScanner::default();
        assert_eq!(
            read_frame(&mut scanner, 640, 360, &STANDARD.encode(&grey)).ok(),
            Some(id)
        );
    }

    #[test]
    fn empty_dark_and_broken_frames_give_guidance_not_ids() {
        let mut scanner = LiveScanner::default();
        let mut read_frame =
            |width, height, grey: &str| read_frame(&mut scanner, width, height, grey);
        let dark = vec![10u8; 320 * 240];
        let (error, mean) = read_frame(320, 240, &STANDARD.encode(&dark)).expect_err("no code");
        assert_eq!(guidance(&error, 1, mean), Guidance::MoreLight);
        let grey = vec![128u8; 320 * 240];
        let (error, mean) = read_frame(320, 240, &STANDARD.encode(&grey)).expect_err("no code");
        assert_eq!(guidance(&error, 1, mean), Guidance::Searching);
        assert_eq!(guidance(&error, 3, mean), Guidance::MoveCloser);
        // A frame whose size does not match its bytes, or bytes that are not base64.
        assert!(read_frame(320, 240, &STANDARD.encode([1u8, 2, 3])).is_err());
        assert!(read_frame(320, 240, "%%% not base64").is_err());
    }

    #[test]
    fn other_codes_and_damaged_ids_are_told_apart() {
        let mut scanner = LiveScanner::default();
        let mut read_frame =
            |width, height, grey: &str| read_frame(&mut scanner, width, height, grey);
        let url = frame_with_qr("https://example.pt/shop", 640, 360);
        let (error, mean) = read_frame(640, 360, &STANDARD.encode(&url)).expect_err("not an ID");
        assert_eq!(guidance(&error, 0, mean), Guidance::NotADeviceCode);
        let mut damaged = DeviceId::with_check_character("7K3M2Q9W4X1")
            .expect("valid")
            .as_str()
            .to_string();
        let last = damaged.pop().expect("12 characters");
        damaged.push(if last == 'A' { 'B' } else { 'A' });
        let bad = frame_with_qr(&damaged, 640, 360);
        let (error, mean) = read_frame(640, 360, &STANDARD.encode(&bad)).expect_err("damaged");
        assert_eq!(guidance(&error, 0, mean), Guidance::Damaged);
        assert_eq!(
            guidance(
                &read_photo("bm90IGEgcGljdHVyZQ==").expect_err("text"),
                0,
                None
            ),
            Guidance::UnreadablePhoto
        );
    }

    #[test]
    fn the_next_frame_is_asked_for_sooner_the_longer_decoding_took() {
        let ms = Duration::from_millis;
        assert_eq!(next_frame_delay(ms(0)), FRAME_INTERVAL);
        assert_eq!(next_frame_delay(ms(10)), ms(23));
        // Decoding slower than a frame: the newest frame at once, nothing waited for.
        assert_eq!(next_frame_delay(ms(40)), Duration::ZERO);
        assert_eq!(next_frame_delay(ms(500)), Duration::ZERO);
        assert_eq!(next_frame(ms(30)), ToCamera::Next { delay_ms: 3 });
    }

    #[test]
    fn messages_match_what_the_scripts_send_and_expect() {
        let started: FromCamera =
            serde_json::from_str(r#"{"kind":"started","torch":true}"#).expect("parses");
        assert_eq!(started, FromCamera::Started { torch: true });
        let frame: FromCamera =
            serde_json::from_str(r#"{"kind":"frame","width":2,"height":1,"grey":"AAA="}"#)
                .expect("parses");
        assert!(matches!(frame, FromCamera::Frame { width: 2, .. }));
        assert_eq!(
            serde_json::to_string(&ToCamera::Torch { on: true }).expect("json"),
            r#"{"cmd":"torch","on":true}"#
        );
        assert_eq!(
            serde_json::to_string(&ToCamera::Next { delay_ms: 40 }).expect("json"),
            r#"{"cmd":"next","delay_ms":40}"#
        );
        assert!(CAMERA_SCRIPT.contains("command.delay_ms"));
        assert!(CAMERA_SCRIPT.contains(VIDEO_ID) && PHOTO_SCRIPT.contains(PHOTO_INPUT_ID));
        assert!(
            !CAMERA_SCRIPT.contains("dioxus.recv") && !PHOTO_SCRIPT.contains("dioxus.recv"),
            "liveview's recv freezes the page"
        );
        assert_eq!(
            command_script(ToCamera::Stop),
            r#"if (window.companionCamera) { window.companionCamera.run({"cmd":"stop"}); }"#
        );
        assert!(camera_script().starts_with("const MAX_SIDE = 1280;"));
        assert_eq!(Unavailable::from_reason("denied"), Unavailable::Denied);
        assert_eq!(Unavailable::from_reason("???"), Unavailable::Failed);
    }
}
