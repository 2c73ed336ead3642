//! What the phone build asks of its WebView beyond Dioxus: the camera permission for our
//! own page, and file inputs that open the system's picker.
//!
//! **Camera, per platform** (from wry 0.53.5's source):
//! - iOS: wry's WKUIDelegate grants `requestMediaCapturePermissionFor…` for every origin;
//!   the system then asks the customer with `NSCameraUsageDescription` (Dioxus.toml
//!   `[permissions] camera`). Nothing more to do.
//! - Android: wry's `RustWebChromeClient.onPermissionRequest` maps `VIDEO_CAPTURE` to the
//!   `CAMERA` runtime permission, asks the customer, then grants or denies the WebView's
//!   request. Needs `android.permission.CAMERA` in the manifest (Dioxus.toml again).
//! - Linux (WebKitGTK): wry handles no `permission-request`, and WebKit denies an unhandled
//!   one, so `getUserMedia` always failed. [`allow_camera_for_our_page`] grants the camera
//!   (and only the camera, only for our page) here.
//!
//! **File inputs**: Dioxus 0.7's interpreter catches every click on an `<input type=file>`
//! inside the app, cancels it and asks Rust for a native dialog, which exists only on
//! desktops (rfd) and returns nothing on Android and iOS (dioxus issues #3720, #5135).
//! [`NATIVE_FILE_PICKER_SCRIPT`] keeps those clicks away from it, so the WebView's own
//! picker opens (Android's chooser through wry's `onShowFileChooser`, iOS's photo sheet,
//! GTK's dialog), and the page reads the picked file itself (`camera::PHOTO_SCRIPT`).

/// Lets file inputs open the WebView's own picker: a capture-phase listener on the document
/// runs before Dioxus's window-level one and stops the click there (without cancelling
/// it, so the default action, the picker, still happens).
pub const NATIVE_FILE_PICKER_SCRIPT: &str = r#"
if (!window.companionNativePicker) {
  window.companionNativePicker = true;
  document.addEventListener("click", (event) => {
    const target = event.target;
    if (target instanceof HTMLInputElement && target.type === "file") {
      event.stopPropagation();
    }
  }, true);
}
"#;

/// The value of the test hook `COMPANION_TEST_CAMERA` that swaps the camera for WebKitGTK's
/// mock capture device. Honoured only in a driven session (`--automation`), so a customer's
/// app never shows a fake camera. (Under automation WebKit answers camera requests from the
/// WebDriver session's permissions, not through `permission-request`.)
pub const MOCK_CAMERA: &str = "mock";

/// Whether a permission request from `uri` for a media device is ours to grant: only our
/// own page (Dioxus serves it from `dioxus://index.html/`), never a page it navigated to.
#[cfg(any(target_os = "linux", test))]
pub fn is_our_page(uri: Option<&str>) -> bool {
    uri.is_some_and(|uri| uri == "dioxus://index.html" || uri.starts_with("dioxus://index.html/"))
}

/// Grants the camera to our page in WebKitGTK and denies everything else (location,
/// notifications, other pages). Call once the window exists.
#[cfg(target_os = "linux")]
pub fn allow_camera_for_our_page(mock_camera: bool) {
    use dioxus::mobile::wry::WebViewExtUnix as _;
    use webkit2gtk::glib::prelude::*;
    use webkit2gtk::{
        DeviceInfoPermissionRequest, PermissionRequestExt, SettingsExt, UserMediaPermissionRequest,
        WebViewExt,
    };

    let view = dioxus::mobile::window().webview.webview();
    if let Some(settings) = WebViewExt::settings(&view) {
        settings.set_enable_media_stream(true);
        settings.set_enable_mock_capture_devices(mock_camera);
    }
    view.connect_permission_request(|view, request| {
        let media = request.is::<UserMediaPermissionRequest>()
            || request.is::<DeviceInfoPermissionRequest>();
        let uri = view.uri();
        let allowed = media && is_our_page(uri.as_deref());
        tracing::info!(media, allowed, "WebView permission request");
        if allowed {
            request.allow();
        } else {
            request.deny();
        }
        true
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_page_gets_the_camera() {
        assert!(is_our_page(Some("dioxus://index.html/devices/register")));
        assert!(!is_our_page(Some("https://example.com/")));
        assert!(!is_our_page(Some("dioxus://index.html.evil.example/")));
        assert!(!is_our_page(None));
    }
}
