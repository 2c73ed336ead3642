//! The phone entry point: the same [`App`] under Dioxus's `mobile` renderer (a system
//! WebView: WKWebView on iOS, Android System WebView), built by `dx bundle --android` or
//! `--ios` with `--features mobile` (see README.md). On Linux the same feature builds the
//! same renderer over WebKitGTK, which is how CI runs and drives the phone build
//! (`tests/e2e` with `--features mobile`, through WebKitWebDriver).
//!
//! On a phone there is no environment to read settings from: the API address is fixed at
//! build time (`COMPANION_API_URL` when building, else production), the data directory is
//! the app's private storage, and the language comes from the system locale. For tests,
//! the same variables at run time point a Linux phone build at a test API and a fresh data
//! directory.

use std::path::PathBuf;

use dioxus::mobile::Config;
use dioxus::prelude::*;

use crate::app::{App, InitialLang};
use crate::deep_link::{self, LinkInbox};
use crate::i18n::Lang;
use crate::page;
use crate::services::{use_services, Services};
use crate::settings;

pub mod links;
pub mod webview;

/// The production account API, unless `COMPANION_API_URL` was set when building.
pub const API_URL: &str = match option_env!("COMPANION_API_URL") {
    Some(url) => url,
    None => "https://api.companion.pt",
};

/// The argument WebKitWebDriver starts the app with; only then may it be driven.
pub const AUTOMATION_ARG: &str = "--automation";

/// The test hook for WebKitGTK's mock camera (see [`webview::MOCK_CAMERA`]).
pub const TEST_CAMERA_VAR: &str = "COMPANION_TEST_CAMERA";

/// The bundle identifier of `Dioxus.toml`, which names the app's private folder on Android.
const ANDROID_PACKAGE: &str = "pt.companion.app";

/// Where the phone keeps its SQLite cache: the app's private storage, which the system
/// removes with the app and which backups and other apps cannot read.
pub fn phone_data_dir() -> PathBuf {
    if cfg!(target_os = "android") {
        // Context.getFilesDir() for the primary user; reachable without JNI.
        PathBuf::from(format!("/data/data/{ANDROID_PACKAGE}/files"))
    } else if cfg!(target_os = "ios") {
        // ~/Library/Application Support inside the app's sandbox.
        home().join("Library/Application Support/companion")
    } else {
        // Linux: the XDG data folder.
        std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .unwrap_or_else(|| home().join(".local/share"))
            .join(ANDROID_PACKAGE)
    }
}

fn home() -> PathBuf {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir)
}

/// The phone's language, from the system locale (e.g. `pt-PT`, `en-GB`).
pub fn system_lang() -> Lang {
    sys_locale::get_locales()
        .map(|tag| Lang::from_locales(&tag))
        .find(|_| true)
        .unwrap_or_default()
}

/// What a start of the phone build runs with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Launch {
    /// The account API.
    pub api_url: String,
    /// The SQLite cache, outbox and session.
    pub data_dir: PathBuf,
    /// Whether WebKitWebDriver may drive the WebView (only when started with
    /// [`AUTOMATION_ARG`]; never on in a build started from the launcher).
    pub automation: bool,
    /// A link the app was started with (Linux: the `.desktop` entry's `%u`).
    pub link: Option<String>,
    /// WebKitGTK's mock camera instead of a real one (`COMPANION_TEST_CAMERA=mock`), only
    /// in a driven session.
    pub mock_camera: bool,
}

impl Launch {
    /// Reads the start from the arguments and `lookup` (the environment).
    pub fn from(
        args: impl IntoIterator<Item = String>,
        lookup: impl Fn(&str) -> Option<std::ffi::OsString>,
    ) -> anyhow::Result<Self> {
        let args: Vec<String> = args.into_iter().collect();
        let automation = args.iter().any(|arg| arg == AUTOMATION_ARG);
        let link = deep_link::from_args(args);
        let mock_camera = automation
            && settings::text_var(&lookup, TEST_CAMERA_VAR)?.as_deref()
                == Some(webview::MOCK_CAMERA);
        Ok(Launch {
            api_url: settings::api_url(&lookup, API_URL)?,
            data_dir: settings::data_dir(&lookup, phone_data_dir)?,
            automation,
            link,
            mock_camera,
        })
    }
}

/// The renderer's settings: our page (its `lang`, the title "Companion"), and on Linux a
/// phone-sized window without the desktop menu bar.
pub fn renderer_config(lang: Lang, automation: bool) -> Config {
    let config = Config::new()
        .with_custom_index(page::index_html(lang, ""))
        .with_webview_automation(automation);
    #[cfg(target_os = "linux")]
    let config = {
        use dioxus::mobile::{LogicalPosition, LogicalSize, WindowBuilder};
        // A 390×844 CSS-pixel phone screen (an iPhone 12–15), the journeys' size.
        let (width, height) = (390.0, 844.0);
        // An explicit size and position: debug builds would otherwise restore the last
        // window's from a state file shared by every run.
        config
            .with_window(
                WindowBuilder::new()
                    .with_title(crate::i18n::t(lang, crate::i18n::Key::AppName))
                    .with_inner_size(LogicalSize::new(width, height))
                    .with_position(LogicalPosition::new(0.0, 0.0)),
            )
            .with_menu(None)
    };
    config
}

/// Starts the app on a phone. A failure to open the local database is shown in the log
/// and ends the process (the system shows the app as stopped; nothing else can work).
pub fn launch() {
    crate::logging::init();
    let launch = match Launch::from(std::env::args().skip(1), |name| std::env::var_os(name)) {
        Ok(launch) => launch,
        Err(error) => {
            tracing::error!("cannot start: {error:#}");
            std::process::exit(2);
        }
    };
    // Private (0700, its files 0600) before anything is written in it, and narrowed if an
    // older start left it wider.
    if let Err(error) = companion_client::private_files::ensure_private_dir(&launch.data_dir) {
        tracing::error!(%error, "cannot create the data directory");
    }
    // Already running on this data: that app shows the link (if any), as a phone raises a
    // running app instead of starting a second one.
    if links::hand_to_running_app(&launch.data_dir, launch.link.as_deref().unwrap_or("")) {
        return;
    }
    let (link_sender, link_receiver) = tokio::sync::mpsc::unbounded_channel();
    if let Some(link) = launch.link.clone() {
        let _ = link_sender.send(link);
    }
    links::listen(&launch.data_dir, link_sender.clone());
    let services = match Services::open(&launch.data_dir, &launch.api_url) {
        Ok(services) => services,
        Err(error) => {
            tracing::error!("cannot start: {error:#}");
            std::process::exit(1);
        }
    };
    tracing::info!(
        api_url = %launch.api_url,
        automation = launch.automation,
        "phone build starting"
    );
    let lang = system_lang();
    // iOS reports links (at start and while running) as tao's `Opened`.
    let config = renderer_config(lang, launch.automation).with_custom_event_handler(
        move |event, _target| {
            if let dioxus::mobile::tao::event::Event::Opened { urls } = event {
                for url in urls {
                    let _ = link_sender.send(url.to_string());
                }
            }
        },
    );
    dioxus::LaunchBuilder::new()
        .with_cfg(config)
        .with_context(LinkInbox::new(link_receiver))
        .with_context(services)
        .with_context(InitialLang(lang))
        .with_context(MockCamera(launch.mock_camera))
        .launch(PhoneRoot);
}

/// Whether the camera is WebKitGTK's mock device (root context).
#[derive(Clone, Copy, Debug)]
struct MockCamera(bool);

/// The app; once the renderer runs: the WebView's camera permission and file pickers, and
/// sync.
#[component]
fn PhoneRoot() -> Element {
    let services = use_services();
    let MockCamera(mock_camera) = use_context::<MockCamera>();
    use_hook(move || {
        #[cfg(target_os = "linux")]
        webview::allow_camera_for_our_page(mock_camera);
        #[cfg(not(target_os = "linux"))]
        let _ = mock_camera;
        let _ = document::eval(webview::NATIVE_FILE_PICKER_SCRIPT);
        services.start_sync();
    });
    rsx! { App {} }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    #[test]
    fn the_phone_data_dir_is_private_storage_and_the_api_is_https() {
        let dir = phone_data_dir();
        assert!(dir.is_absolute(), "{}", dir.display());
        assert!(
            API_URL.starts_with("https://") || option_env!("COMPANION_API_URL").is_some(),
            "phones talk to the API over TLS: {API_URL}"
        );
    }

    #[test]
    fn a_plain_start_uses_the_build_defaults_and_is_not_drivable() {
        let launch = Launch::from(Vec::new(), |_| None).expect("defaults");
        assert_eq!(launch.api_url, API_URL);
        assert_eq!(launch.data_dir, phone_data_dir());
        assert!(!launch.automation);
        assert!(!launch.mock_camera);
        let undriven = Launch::from(Vec::new(), |name| {
            (name == TEST_CAMERA_VAR).then(|| OsString::from("allow"))
        })
        .expect("valid");
        assert!(!undriven.mock_camera, "no fake camera for customers");
    }

    #[test]
    fn tests_point_it_at_their_api_and_data_and_drive_it() {
        let launch = Launch::from(vec![AUTOMATION_ARG.to_string()], |name| match name {
            "COMPANION_API_URL" => Some(OsString::from("http://127.0.0.1:9/")),
            "COMPANION_DATA_DIR" => Some(OsString::from("/tmp/phone-1")),
            "COMPANION_TEST_CAMERA" => Some(OsString::from("mock")),
            _ => None,
        })
        .expect("valid");
        assert_eq!(launch.api_url, "http://127.0.0.1:9");
        assert_eq!(launch.data_dir, PathBuf::from("/tmp/phone-1"));
        assert!(launch.automation);
        assert!(launch.mock_camera);
        assert_eq!(launch.link, None);
        let linked = Launch::from(
            vec!["https://companion.pt/r/MA8KG1GWRKAK".to_string()],
            |_| None,
        )
        .expect("valid");
        assert_eq!(
            linked.link.as_deref(),
            Some("https://companion.pt/r/MA8KG1GWRKAK")
        );
        let bad = Launch::from(Vec::new(), |name| {
            (name == "COMPANION_API_URL").then(|| OsString::from("api.example"))
        });
        assert!(bad.is_err());
    }
}
