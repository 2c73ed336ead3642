//! The phone build itself (`--features mobile`: Dioxus's WebView renderer over WebKitGTK,
//! iOS's engine family) driven by WebKitWebDriver (Debian's webkit2gtk-driver). The driver
//! starts the app with `--automation`, the only way the app lets itself be driven; its
//! environment (inherited by the app) points the app at the journey's API and a fresh data
//! directory and gives it the customer's language. Needs an X display (CI runs the suite
//! under `xvfb-run`).

use super::*;

/// WebKitWebDriver, and the app it started for the session.
pub struct Phone {
    pub browser: Client,
    driver: Child,
    lang: String,
    camera: Camera,
}

/// The POSIX locale a phone set to `lang` (a BCP 47 tag) gives its apps.
fn posix_locale(lang: &str) -> String {
    let mut parts = lang.split('-');
    let language = parts.next().unwrap_or("pt");
    let region = parts.next().unwrap_or(match language {
        "en" => "GB",
        _ => "PT",
    });
    format!("{language}_{region}.UTF-8")
}

impl Phone {
    /// Starts the driver and a session: the driver starts the app on `dir/phone`, on its
    /// first screen.
    pub async fn start(api_url: &str, dir: &std::path::Path, lang: &str, camera: Camera) -> Phone {
        Self::start_with_args(api_url, dir, lang, camera, &[]).await
    }

    /// Like [`Phone::start`], with more arguments for the app (a link it is opened with).
    pub async fn start_with_args(
        api_url: &str,
        dir: &std::path::Path,
        lang: &str,
        camera: Camera,
        extra_args: &[&str],
    ) -> Phone {
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "the phone build needs an X display: run the suite under xvfb-run (see scripts/test.sh)"
        );
        let home = dir.join("home");
        std::fs::create_dir_all(&home).expect("home folder");
        let port = free_port();
        let locale = posix_locale(lang);
        let mut command = Command::new("WebKitWebDriver");
        command
            .arg(format!("--port={port}"))
            .env("COMPANION_API_URL", api_url)
            .env("COMPANION_DATA_DIR", dir.join("phone"))
            .env("HOME", &home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("DIOXUS_SESSION_CACHE_DIR", home.join("dioxus"))
            .env("LANG", &locale)
            .env("LC_ALL", &locale)
            .env("LANGUAGE", lang.replace('-', "_"))
            .env("RUST_LOG", "warn");
        // The app's test hook for WebKitGTK's mock capture device, honoured only in a driven
        // session (see src/mobile/webview.rs). Under automation WebKit answers camera requests
        // itself from the session's permissions (granted unless set), and WebKitWebDriver has
        // no command to set them: a refused camera is played as no camera at all.
        if let Camera::Fake { allowed: true, .. } = &camera {
            command.env("COMPANION_TEST_CAMERA", "mock");
        }
        let mut args = vec!["--automation"];
        args.extend_from_slice(extra_args);
        let capabilities = json!({
            "webkitgtk:browserOptions": {
                "binary": env!("CARGO_BIN_EXE_companion"),
                "args": args
            }
        });
        // On a loaded machine the app sometimes never reaches a fresh driver (seen once in
        // ~20 suite runs, after a restart): start both again rather than wait forever.
        let mut driver = start_driver(&mut command);
        let mut browser = new_session(port, capabilities.clone()).await;
        if browser.is_none() {
            eprintln!("the app did not reach WebKitWebDriver within {WAIT:?}; starting both again");
            kill_group(&mut driver);
            driver = start_driver(&mut command);
            browser = new_session(port, capabilities).await;
        }
        let browser = browser.expect("the app reached WebKitWebDriver");
        Phone {
            browser,
            driver,
            lang: lang.to_string(),
            camera,
        }
    }

    /// Kills the app (SIGKILL: it is the window, so the session goes with it) and starts
    /// it again on the same data in a new session.
    pub async fn restart_app(&mut self, api_url: &str, dir: &std::path::Path) {
        self.kill();
        *self = Phone::start(api_url, dir, &self.lang.clone(), self.camera.clone()).await;
    }

    /// SIGKILLs the app and the driver.
    pub fn kill(&mut self) {
        kill_group(&mut self.driver);
    }

    /// Kills the app and starts it again on the same data, opened with `link` (as Linux
    /// does from the `.desktop` entry).
    pub async fn restart_with_link(&mut self, api_url: &str, dir: &std::path::Path, link: &str) {
        self.kill();
        *self = Phone::start_with_args(
            api_url,
            dir,
            &self.lang.clone(),
            self.camera.clone(),
            &[link],
        )
        .await;
    }

    /// Opens `link` while the app runs, as the system does: a second start of the app,
    /// which hands the link to the running one and ends at once.
    pub fn open_link(&self, dir: &std::path::Path, link: &str) {
        let mut second = Command::new(env!("CARGO_BIN_EXE_companion"))
            .arg(link)
            .env("COMPANION_DATA_DIR", dir.join("phone"))
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .spawn()
            .expect("a second start runs");
        let started = Instant::now();
        let status = loop {
            match second.try_wait() {
                Ok(Some(status)) => break status,
                _ if started.elapsed() > WAIT => {
                    let _ = second.kill();
                    panic!("the second start did not hand its link over and end");
                }
                _ => std::thread::sleep(Duration::from_millis(50)),
            }
        };
        assert!(status.success(), "the second start ends cleanly: {status}");
    }

    /// WebKitWebDriver has no command to emulate media features.
    pub async fn emulate_media(&self, _features: &[(&str, &str)]) -> bool {
        false
    }

    /// WebKitGTK takes the position from a GeoClue service, which a test machine lacks:
    /// the phone cannot be told where it is here, and says so.
    pub async fn set_location(&self, _latitude: f64, _longitude: f64) -> bool {
        false
    }
}

#[test]
fn phone_languages_become_posix_locales() {
    assert_eq!(posix_locale("pt-PT"), "pt_PT.UTF-8");
    assert_eq!(posix_locale("en-GB"), "en_GB.UTF-8");
    assert_eq!(posix_locale("en"), "en_GB.UTF-8");
}
