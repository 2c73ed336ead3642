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

pub const PASSWORD: &str = "gaivota-cacilheiro-tejo";
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

/// The axe-core script: `AXE_CORE_JS`, or where `scripts/fetch-axe.sh` keeps it.
fn axe_source() -> String {
    let path = std::env::var_os("AXE_CORE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let home = std::env::var_os("HOME")
                .map(PathBuf::from)
                .unwrap_or_default();
            home.join(".cache/companion/axe-core/axe.min.js")
        });
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "axe-core is needed at {} ({e}): run scripts/fetch-axe.sh",
            path.display()
        )
    })
}

/// `POST /session/{id}/goog/cdp/execute`: chromedriver's door to the DevTools protocol.
#[derive(Debug)]
struct CdpCommand {
    cmd: String,
    params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for CdpCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({"cmd": self.cmd, "params": self.params});
        (http::Method::POST, Some(body.to_string()))
    }
}

/// A 1280×720 grey camera frame: a printed label (paper, a little sensor noise) with a QR
/// code of `text` covering about 40 % of the frame height, or no code at all.
pub fn camera_frame(text: Option<&str>) -> Vec<u8> {
    const W: usize = 1280;
    const H: usize = 720;
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    let mut frame: Vec<u8> = (0..W * H)
        .map(|i| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            let shade = 150 + (i % W) * 40 / W;
            (shade as u64 + rng % 12) as u8
        })
        .collect();
    if let Some(text) = text {
        let code = qrcode::QrCode::new(text.as_bytes()).expect("fits in a QR code");
        let modules = code.width() as isize;
        let colors = code.to_colors();
        let cell = (H * 2 / 5) / (modules as usize + 8);
        let side = (modules as usize + 8) * cell;
        let (left, top) = ((W - side) / 2, (H - side) / 2);
        for y in 0..side {
            for x in 0..side {
                let (mx, my) = ((x / cell) as isize - 4, (y / cell) as isize - 4);
                let inside = (0..modules).contains(&mx) && (0..modules).contains(&my);
                let dark = inside && colors[(my * modules + mx) as usize] == qrcode::Color::Dark;
                frame[(top + y) * W + left + x] = if dark { 30 } else { 225 };
            }
        }
    }
    frame
}

/// Writes `frame` (1280×720 grey) as a short y4m video for Chromium's fake camera, which
/// plays it in a loop.
pub fn write_y4m(path: &std::path::Path, frame: &[u8]) {
    let mut video = b"YUV4MPEG2 W1280 H720 F10:1 Ip A1:1 C420jpeg\n".to_vec();
    for _ in 0..5 {
        video.extend_from_slice(b"FRAME\n");
        video.extend_from_slice(frame);
        video.extend(std::iter::repeat_n(128u8, 2 * 640 * 360));
    }
    std::fs::write(path, video).expect("video written");
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

    /// Adds devices to the manufacturer's catalog.
    pub async fn catalog(&self, count: usize) -> Vec<companion_domain::DeviceId> {
        let entries: Vec<catalog::CatalogEntry> = (0..count)
            .map(|n| catalog::CatalogEntry {
                device_id: demo::demo_device_id(500 + n as u64),
                model: "ILUMA PRIME".into(),
                manufactured_on: time::macros::date!(2026 - 01 - 10),
            })
            .collect();
        catalog::import(&self.api.state.db, &entries)
            .await
            .expect("import");
        entries.into_iter().map(|e| e.device_id).collect()
    }

    /// A customer account made through the API (for journeys that start signed up).
    pub async fn customer(&self, email: &str) {
        let http = reqwest::Client::new();
        let response = http
            .post(format!("{}/v1/accounts", self.api.address))
            .json(&json!({"email": email, "password": PASSWORD, "given_name": "Rui", "family_name": "Costa",
                          "birth_date": "1988-03-02", "country": "PT", "accept_terms": true}))
            .send()
            .await
            .expect("sign-up sent");
        assert_eq!(response.status(), 201);
    }

    /// Registers a device to a customer through the API (as another phone of theirs would).
    pub async fn register_for(&self, email: &str, device: companion_domain::DeviceId) {
        let http = reqwest::Client::new();
        let session: serde_json::Value = http
            .post(format!("{}/v1/sessions", self.api.address))
            .json(&json!({"email": email, "password": PASSWORD}))
            .send()
            .await
            .expect("log-in sent")
            .json()
            .await
            .expect("session");
        let response = http
            .post(format!("{}/v1/devices", self.api.address))
            .bearer_auth(session["access_token"].as_str().unwrap_or_default())
            .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
            .json(&json!({"device_id": device.as_str(), "source": "manual"}))
            .send()
            .await
            .expect("registration sent");
        assert_eq!(response.status(), 201);
    }

    /// Logs in through the app's screens (past the age gate).
    pub async fn log_in(&mut self, email: &str) {
        self.open("/").await;
        self.click("age-yes").await;
        self.fill("login-email", email).await;
        self.fill("login-password", PASSWORD).await;
        self.click("login-submit").await;
        self.wait_for("home").await;
    }

    /// Points for a customer through a real in-store purchase recorded by a sales assistant.
    pub async fn give_points(&self, email: &str, euros: i64) {
        let staff = format!("staff-{}@companion.pt", uuid::Uuid::new_v4().simple());
        admin::create_staff(&self.api.state, &staff, PASSWORD, "Loja")
            .await
            .expect("staff");
        let http = reqwest::Client::new();
        let session: serde_json::Value = http
            .post(format!("{}/v1/sessions", self.api.address))
            .json(&json!({"email": staff, "password": PASSWORD}))
            .send()
            .await
            .expect("staff log-in sent")
            .json()
            .await
            .expect("session");
        let member_code: String =
            sqlx::query_scalar("SELECT member_code FROM accounts WHERE email = $1")
                .bind(email)
                .fetch_one(self.api.state.db.pool())
                .await
                .expect("member");
        let response = http
            .post(format!("{}/v1/staff/purchases", self.api.address))
            .bearer_auth(session["access_token"].as_str().unwrap_or_default())
            .json(&json!({"member_code": member_code, "amount_cents": euros * 100, "receipt_reference": uuid::Uuid::new_v4().to_string()}))
            .send()
            .await
            .expect("purchase sent");
        assert_eq!(response.status(), 201);
    }

    pub async fn open(&mut self, path: &str) {
        self.browser
            .goto(&format!("{}{path}", self.app_url))
            .await
            .expect("navigates");
    }

    fn css(test_id: &str) -> String {
        format!("[data-testid='{test_id}']")
    }

    /// Waits until an element with `data-testid` is present.
    pub async fn wait_for(&self, test_id: &str) -> fantoccini::elements::Element {
        let css = Self::css(test_id);
        match self
            .browser
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(&css))
            .await
        {
            Ok(element) => element,
            Err(error) => {
                let page = self.browser.source().await.unwrap_or_default();
                let shot = self.failure_artifacts(test_id, &page).await;
                panic!("{test_id} never appeared ({error}); screenshot {shot}; page:\n{page:.3000}")
            }
        }
    }

    /// Waits until the element's text contains `needle`.
    pub async fn wait_for_text(&self, test_id: &str, needle: &str) -> String {
        let started = Instant::now();
        loop {
            let text = match self.browser.find(Locator::Css(&Self::css(test_id))).await {
                Ok(element) => element.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if text.contains(needle) {
                return text;
            }
            if started.elapsed() > WAIT {
                let page = self.browser.source().await.unwrap_or_default();
                let shot = self.failure_artifacts(test_id, &page).await;
                panic!("{test_id} never said {needle:?}; last: {text:?}; screenshot {shot}");
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// Scrolls the element to the middle of the screen (clear of the fixed tab bar, as a
    /// finger would) and clicks it.
    /// A screen that re-renders between finding and clicking (sync brought fresh data)
    /// replaces the element: find it again, as a person would tap the new one.
    pub async fn click(&self, test_id: &str) {
        let center = "document.querySelector(arguments[0]).scrollIntoView({block: 'center'});";
        for attempt in 1.. {
            let element = self.wait_for(test_id).await;
            let clicked = match self
                .browser
                .execute(center, vec![json!(Self::css(test_id))])
                .await
            {
                Ok(_) => element.click().await,
                Err(error) => Err(error),
            };
            match clicked {
                Ok(()) => return,
                Err(error) if attempt < 5 && error.to_string().contains("stale element") => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(error) => panic!("cannot click {test_id}: {error}"),
            }
        }
    }

    /// Types into a field (as the customer would, key by key).
    pub async fn fill(&self, test_id: &str, text: &str) {
        let element = self.wait_for(test_id).await;
        element
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("cannot type into {test_id}: {e}"));
        // Nothing typed may be lost: the field must hold exactly the keys sent.
        let value = element
            .prop("value")
            .await
            .ok()
            .flatten()
            .unwrap_or_default();
        assert_eq!(value, text, "{test_id} lost keystrokes");
    }

    /// Replaces what a field holds with `text`, typed key by key.
    pub async fn replace(&self, test_id: &str, text: &str) {
        let element = self.wait_for(test_id).await;
        element
            .clear()
            .await
            .unwrap_or_else(|e| panic!("cannot clear {test_id}: {e}"));
        self.fill(test_id, text).await;
    }

    /// The `data-testid` of the first element whose id starts with `prefix`.
    pub async fn first_test_id(&self, prefix: &str) -> String {
        self.wait_for_prefix(prefix).await;
        let element = self
            .browser
            .find(Locator::Css(&format!("[data-testid^='{prefix}']")))
            .await
            .expect("found");
        element
            .attr("data-testid")
            .await
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    async fn wait_for_prefix(&self, prefix: &str) {
        let css = format!("[data-testid^='{prefix}']");
        if let Err(error) = self
            .browser
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(&css))
            .await
        {
            panic!("nothing like {prefix}* appeared: {error}");
        }
    }

    /// Sets a date input (typing dates depends on the browser's locale).
    pub async fn set_date(&self, test_id: &str, iso: &str) {
        self.wait_for(test_id).await;
        let script = "const e = document.querySelector(arguments[0]); e.value = arguments[1]; e.dispatchEvent(new Event('input', {bubbles: true}));";
        self.browser
            .execute(script, vec![json!(Self::css(test_id)), json!(iso)])
            .await
            .expect("date set");
    }

    /// Keeps what the screen looked like when a wait gave up: a screenshot and the page.
    async fn failure_artifacts(&self, test_id: &str, page: &str) -> String {
        let folder = Self::screenshot_folder(self.name);
        let _ = std::fs::create_dir_all(&folder);
        let path = folder.join(format!("FAILED-{test_id}.png"));
        if let Ok(png) = self.browser.screenshot().await {
            let _ = std::fs::write(&path, png);
        }
        let _ = std::fs::write(folder.join(format!("FAILED-{test_id}.html")), page);
        path.display().to_string()
    }

    fn screenshot_folder(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join("e2e-screenshots")
            .join(name)
    }

    /// Runs axe-core on the current screen and fails on any serious or critical violation
    /// (WCAG 2.1 A/AA rules and axe's best practices), listing each with its elements.
    pub async fn check_accessibility(&self, label: &str) {
        let loaded = self
            .browser
            .execute("return typeof window.axe !== 'undefined';", vec![])
            .await
            .expect("script runs");
        if loaded != json!(true) {
            self.browser
                .execute(&axe_source(), vec![])
                .await
                .expect("axe-core injected");
        }
        let run = r#"
            const done = arguments[arguments.length - 1];
            axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
              .then((r) => done(r.violations
                .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                .map((v) => `${v.impact} ${v.id}: ${v.help} -> ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)))
              .catch((e) => done([`axe failed: ${e}`]));
        "#;
        let violations = self
            .browser
            .execute_async(run, vec![])
            .await
            .expect("axe ran");
        let violations: Vec<String> = serde_json::from_value(violations).unwrap_or_default();
        assert!(
            violations.is_empty(),
            "{label}: accessibility violations:\n{}",
            violations.join("\n")
        );
    }

    /// Sends a Chrome DevTools Protocol command through chromedriver (for what WebDriver
    /// has no command for, such as the phone's location).
    pub async fn cdp(&self, cmd: &str, params: serde_json::Value) {
        self.browser
            .issue_cmd(CdpCommand {
                cmd: cmd.to_string(),
                params,
            })
            .await
            .unwrap_or_else(|e| panic!("CDP {cmd}: {e}"));
    }

    /// Lets the app know the phone is at this position (permission granted, as a customer
    /// who taps "allow").
    pub async fn set_location(&self, latitude: f64, longitude: f64) {
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
    }

    /// Saves a screenshot of the current screen as the journey's next step, after checking
    /// the screen's accessibility.
    pub async fn screenshot(&mut self, label: &str) -> PathBuf {
        self.check_accessibility(label).await;
        self.step += 1;
        let folder = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join("e2e-screenshots")
            .join(self.name);
        std::fs::create_dir_all(&folder).expect("screenshot folder");
        let path = folder.join(format!("{:02}-{label}.png", self.step));
        let png = self.browser.screenshot().await.expect("screenshot");
        std::fs::write(&path, png).expect("screenshot saved");
        path
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
