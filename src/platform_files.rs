//! Keeps the phone packaging files in step with `Dioxus.toml`.
//!
//! dx 0.7 generates the camera permission entries from `Dioxus.toml`; `android/` and `ios/`
//! keep a reviewable copy of the intended result. These tests fail when one is edited
//! without the other. (No phone build can run here, so this is the check we can make.)

const DIOXUS_TOML: &str = include_str!("../Dioxus.toml");
const ANDROID_CAMERA: &str = include_str!("../android/camera-permission.xml");
const IOS_CAMERA: &str = include_str!("../ios/camera-permission.plist");

/// The value of the first `key = "…"` or `key = '…'` (also inside an inline table) on a
/// line of `Dioxus.toml` that starts with `line_start`.
fn toml_string(line_start: &str, key: &str) -> String {
    let line = DIOXUS_TOML
        .lines()
        .find(|line| line.trim_start().starts_with(line_start))
        .unwrap_or_else(|| panic!("Dioxus.toml has no line starting with {line_start:?}"));
    let after_key = &line[line.find(key).expect("key on the line") + key.len()..];
    let value = after_key.trim_start().trim_start_matches('=').trim_start();
    let quote = value.chars().next().expect("a value");
    assert!(
        quote == '"' || quote == '\'',
        "{line_start}: not a string: {value}"
    );
    let end = value[1..].find(quote).expect("closing quote") + 1;
    value[1..end].to_string()
}

#[test]
fn bundle_identity_is_as_agreed() {
    assert_eq!(toml_string("name", "name"), "Companion");
    assert_eq!(toml_string("identifier", "identifier"), "pt.companion.app");
}

#[test]
fn ios_camera_prompt_matches_dioxus_toml() {
    let description = toml_string("camera", "description");
    assert!(description.len() > 20, "a real sentence: {description:?}");
    let expected =
        format!("<key>NSCameraUsageDescription</key>\n    <string>{description}</string>");
    assert!(
        IOS_CAMERA.contains(&expected),
        "ios/camera-permission.plist differs"
    );
}

#[test]
fn android_camera_lines_match_dioxus_toml() {
    assert!(DIOXUS_TOML.contains("\n[permissions]\ncamera = {"));
    assert!(
        ANDROID_CAMERA.contains(r#"<uses-permission android:name="android.permission.CAMERA" />"#)
    );
    let raw_manifest = toml_string("manifest", "manifest");
    assert_eq!(
        raw_manifest,
        r#"<uses-feature android:name="android.hardware.camera" android:required="false" />"#
    );
    assert!(
        ANDROID_CAMERA.contains(&raw_manifest),
        "android/camera-permission.xml differs"
    );
}
