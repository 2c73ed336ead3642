//! A journey's world: the account API (in process, real SQLite, seeded like the demo), the
//! real `companion` app process, and headless Chromium at 390×844 driven over WebDriver
//! (Debian's chromium and chromium-driver). Every step can leave a screenshot under
//! `target/tmp/e2e-screenshots/<journey>/`, and every screenshotted screen is checked by
//! axe-core (the npm package, fetched by `scripts/fetch-axe.sh`): no serious or critical
//! accessibility violation may pass.

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use companion_server::testing::TestServer;
use companion_server::{admin, catalog, demo};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

mod accessibility;
mod browser;
mod camera;
mod seed;

pub use camera::{camera_frame, write_y4m};

pub use companion_server::testing::PASSWORD;
const WAIT: Duration = Duration::from_secs(30);

pub struct Journey {
    pub name: &'static str,
    pub api: TestServer,
    pub app: Option<Child>,
    pub app_url: String,
    pub browser: Client,
    chromedriver: Child,
    pub dir: tempfile::TempDir,
    step: usize,
}

/// A free loopback port.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(0)
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

impl Journey {
    pub async fn start(name: &'static str, lang: &str) -> Journey {
        Self::start_with(name, lang, Vec::new()).await
    }

    /// Like [`Journey::start`], with a fake camera playing `video` (a y4m file) to the
    /// page. The browser does not ask for permission unless `ask` (then the journey decides
    /// through [`Journey::cdp`]).
    pub async fn start_with_camera(
        name: &'static str,
        lang: &str,
        video: &std::path::Path,
        ask: bool,
    ) -> Journey {
        let mut args = vec![
            "--use-fake-device-for-media-stream".to_string(),
            format!("--use-file-for-fake-video-capture={}", video.display()),
        ];
        if !ask {
            args.push("--use-fake-ui-for-media-stream".to_string());
        }
        Self::start_with(name, lang, args).await
    }

    async fn start_with(name: &'static str, lang: &str, extra_args: Vec<String>) -> Journey {
        // Screenshots of an earlier run would mislead whoever looks at this run's.
        let _ = std::fs::remove_dir_all(Self::screenshot_folder(name));
        let dir = tempfile::tempdir().expect("temp dir");
        let api = TestServer::spawn(&dir.path().join("api")).await;
        demo::seed_rewards(&api.state).await.expect("rewards");
        demo::seed_collection_points(&api.state)
            .await
            .expect("collection points");
        let (app, app_url) = start_app(&api.address, &dir.path().join("phone"));

        let port = free_port();
        // Its own process group: Drop kills chromedriver and the Chromium it started, even
        // when a journey panics before closing the session.
        let chromedriver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver is installed (Debian package chromium-driver)");
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
        args.push(format!(
            "--user-data-dir={}",
            dir.path().join("chrome").display()
        ));
        args.extend(extra_args);
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": args,
                "prefs": { "intl.accept_languages": lang }
            }
        });
        let capabilities = capabilities.as_object().cloned().unwrap_or_default();
        let started = Instant::now();
        let browser = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(capabilities.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(client) => break client,
                Err(error) if started.elapsed() < WAIT => {
                    let _ = error;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(error) => panic!("cannot drive Chromium: {error}"),
            }
        };
        Journey {
            name,
            api,
            app: Some(app),
            app_url,
            browser,
            chromedriver,
            dir,
            step: 0,
        }
    }

    pub async fn open(&mut self, path: &str) {
        self.browser
            .goto(&format!("{}{path}", self.app_url))
            .await
            .expect("navigates");
    }

    /// Kills the app process (SIGKILL) and starts it again on the same data.
    pub fn restart_app(&mut self) -> String {
        if let Some(mut app) = self.app.take() {
            let _ = app.kill();
            let _ = app.wait();
        }
        let (app, url) = start_app(&self.api.address, &self.dir.path().join("phone"));
        self.app = Some(app);
        self.app_url = url.clone();
        url
    }

    /// Closes the browser session and stops the processes.
    pub async fn finish(self) {
        let _ = self.browser.clone().close().await;
        // Drop stops the app and chromedriver.
    }
}

impl Drop for Journey {
    /// A failed journey panics before `finish`: the app and chromedriver must not outlive it
    /// (they would also hold the test runner's output open).
    fn drop(&mut self) {
        if let Some(mut app) = self.app.take() {
            let _ = app.kill();
            let _ = app.wait();
        }
        let group = format!("-{}", self.chromedriver.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.chromedriver.kill();
        let _ = self.chromedriver.wait();
    }
}
