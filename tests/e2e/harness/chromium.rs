//! The liveview build in headless Chromium: the app is its own process serving a page, and
//! Chromium (through chromedriver) is the phone's screen.

use std::io::{BufRead, BufReader};

use super::*;

/// The app process, and the Chromium session showing it.
pub struct Phone {
    pub browser: Client,
    app: Option<Child>,
    driver: Child,
    /// The app's address (the page Chromium opens; never typed by a journey).
    pub app_url: String,
}

impl Phone {
    /// Starts the app on `dir/phone` and a Chromium session on its first screen.
    pub async fn start(api_url: &str, dir: &std::path::Path, lang: &str, camera: Camera) -> Phone {
        let (app, app_url) = start_app(api_url, &dir.join("phone"));
        let port = free_port();
        let driver = start_driver(Command::new("chromedriver").arg(format!("--port={port}")));
        let mut args: Vec<String> = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=390,844",
        ]
        .iter()
        .map(|arg| arg.to_string())
        .collect();
        args.push(format!("--lang={lang}"));
        args.push(format!("--user-data-dir={}", dir.join("chrome").display()));
        if let Camera::Fake { video, allowed } = &camera {
            args.push("--use-fake-device-for-media-stream".into());
            args.push(format!(
                "--use-file-for-fake-video-capture={}",
                video.display()
            ));
            if *allowed {
                args.push("--use-fake-ui-for-media-stream".into());
            }
        }
        let browser = new_session(
            port,
            json!({
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": "/usr/bin/chromium",
                    "args": args,
                    "prefs": { "intl.accept_languages": lang }
                }
            }),
        )
        .await
        .expect("chromedriver started Chromium");
        let phone = Phone {
            browser,
            app: Some(app),
            driver,
            app_url,
        };
        if let Camera::Fake { allowed: false, .. } = &camera {
            phone
                .cdp(
                    "Browser.setPermission",
                    json!({"permission": {"name": "camera"}, "setting": "denied", "origin": phone.app_url}),
                )
                .await;
        }
        phone
            .browser
            .goto(&phone.app_url)
            .await
            .expect("the app's page opens");
        phone
    }

    /// Kills the app process (SIGKILL) and starts it again on the same data; Chromium, the
    /// screen, stays and opens the new process's page.
    pub async fn restart_app(&mut self, api_url: &str, dir: &std::path::Path) {
        if let Some(mut app) = self.app.take() {
            let _ = app.kill();
            let _ = app.wait();
        }
        let (app, app_url) = start_app(api_url, &dir.join("phone"));
        self.app = Some(app);
        self.app_url = app_url;
        self.browser
            .goto(&self.app_url)
            .await
            .expect("the app's page opens");
    }

    /// SIGKILLs the app and Chromium.
    pub fn kill(&mut self) {
        if let Some(mut app) = self.app.take() {
            let _ = app.kill();
            let _ = app.wait();
        }
        kill_group(&mut self.driver);
    }

    /// Sends a Chrome DevTools Protocol command through chromedriver (for what WebDriver
    /// has no command for, such as the phone's location or a refused camera).
    pub async fn cdp(&self, cmd: &str, params: serde_json::Value) {
        // chromedriver's door to the DevTools protocol.
        let command = SessionCommand {
            path: "goog/cdp/execute",
            body: json!({"cmd": cmd, "params": params}),
        };
        self.browser
            .issue_cmd(command)
            .await
            .unwrap_or_else(|e| panic!("CDP {cmd}: {e}"));
    }

    /// Emulates CSS media features (the phone's dark mode, reduced motion).
    pub async fn emulate_media(&self, features: &[(&str, &str)]) -> bool {
        let features: Vec<serde_json::Value> = features
            .iter()
            .map(|(name, value)| json!({"name": name, "value": value}))
            .collect();
        self.cdp("Emulation.setEmulatedMedia", json!({"features": features}))
            .await;
        true
    }

    /// Lets the app know the phone is at this position (permission granted, as a customer
    /// who taps "allow"); true when it took effect.
    pub async fn set_location(&self, latitude: f64, longitude: f64) -> bool {
        self.cdp(
            "Browser.grantPermissions",
            json!({"permissions": ["geolocation"], "origin": self.app_url}),
        )
        .await;
        self.cdp(
            "Emulation.setGeolocationOverride",
            json!({"latitude": latitude, "longitude": longitude, "accuracy": 25}),
        )
        .await;
        true
    }
}

/// `POST /session/{id}/{path}` with `body`: a driver's own commands, beyond what
/// fantoccini names.
#[derive(Debug)]
struct SessionCommand {
    path: &'static str,
    body: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for SessionCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// Starts the app process on a free port with `data_dir`; returns it and its address.
pub fn start_app(api_url: &str, data_dir: &std::path::Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_companion"))
        .env("COMPANION_API_URL", api_url)
        .env("COMPANION_DATA_DIR", data_dir)
        .env("COMPANION_UI_ADDR", "127.0.0.1:0")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the app starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("address line");
    let url = line
        .trim()
        .rsplit(' ')
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(
        url.starts_with("http://127.0.0.1:"),
        "unexpected first line: {line}"
    );
    (child, url)
}
