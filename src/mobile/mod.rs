//! The phone entry point: the same [`App`] under Dioxus's `mobile` renderer (a system
//! WebView: WKWebView on iOS, Android System WebView), built by `dx bundle --android` or
//! `--ios` with `--features mobile` (see README.md).
//!
//! On a phone there is no environment to read settings from: the API address is fixed at
//! build time (`COMPANION_API_URL` when building, else production), the data directory is
//! the app's private storage, and the language comes from the system locale.
//!
//! This module is compiled in every build so that it cannot rot unnoticed, but only the
//! `mobile` feature calls it; the renderer itself cannot be built on these Linux machines
//! (no Android NDK or Xcode), so the phone launch is untested here.

use std::path::PathBuf;

use dioxus::prelude::*;

use crate::app::{App, InitialLang};
use crate::i18n::Lang;
use crate::serve::STYLESHEET;
use crate::services::{use_services, Services};

/// The production account API, unless `COMPANION_API_URL` was set when building.
pub const API_URL: &str = match option_env!("COMPANION_API_URL") {
    Some(url) => url,
    None => "https://api.companion.pt",
};

/// The bundle identifier of `Dioxus.toml`, which names the app's private folder on Android.
const ANDROID_PACKAGE: &str = "pt.companion.app";

/// Where the phone keeps its SQLite cache: the app's private storage, which the system
/// removes with the app and which backups and other apps cannot read.
pub fn phone_data_dir() -> PathBuf {
    if cfg!(target_os = "android") {
        // Context.getFilesDir() for the primary user; reachable without JNI.
        PathBuf::from(format!("/data/data/{ANDROID_PACKAGE}/files"))
    } else {
        // iOS: ~/Library/Application Support inside the app's sandbox.
        std::env::var_os("HOME")
            .map(PathBuf::from)
            .unwrap_or_else(std::env::temp_dir)
            .join("Library/Application Support/companion")
    }
}

/// The phone's language, from the system locale (e.g. `pt-PT`, `en-GB`).
pub fn system_lang() -> Lang {
    sys_locale::get_locales()
        .map(|tag| Lang::from_locales(&tag))
        .find(|_| true)
        .unwrap_or_default()
}

/// Starts the app on a phone. A failure to open the local database is shown in the log
/// and ends the process (the system shows the app as stopped; nothing else can work).
pub fn launch() {
    let data_dir = phone_data_dir();
    if let Err(error) = std::fs::create_dir_all(&data_dir) {
        tracing::error!(%error, dir = %data_dir.display(), "cannot create the data directory");
    }
    let services = match Services::open(&data_dir, API_URL) {
        Ok(services) => services,
        Err(error) => {
            tracing::error!("cannot start: {error:#}");
            std::process::exit(1);
        }
    };
    // `new()` picks the renderer the `mobile` feature enables. Without it (the Linux build,
    // where this is compiled but never called) dioxus marks `new()` deprecated to warn that
    // no renderer is on, which is exactly the situation this allow is for.
    #[allow(deprecated)]
    let builder = dioxus::LaunchBuilder::new();
    builder
        .with_context(services)
        .with_context(InitialLang(system_lang()))
        .launch(PhoneRoot);
}

/// The stylesheet and the app; starts sync once the renderer's runtime is running.
#[component]
fn PhoneRoot() -> Element {
    let services = use_services();
    use_hook(move || services.start_sync());
    rsx! {
        style { {STYLESHEET} }
        App {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_phone_data_dir_is_private_storage_and_the_api_is_https() {
        let dir = phone_data_dir();
        assert!(dir.is_absolute(), "{}", dir.display());
        assert!(
            API_URL.starts_with("https://") || option_env!("COMPANION_API_URL").is_some(),
            "phones talk to the API over TLS: {API_URL}"
        );
    }
}
