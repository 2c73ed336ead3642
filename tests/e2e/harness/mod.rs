//! A journey's world: the account API (in process, real SQLite, seeded like the demo) and
//! the real app, driven over WebDriver on a 390×844 screen: the liveview build in headless
//! Chromium (Debian's chromium and chromium-driver; `chromium.rs`), or with `--features
//! mobile` the phone build itself in its WebKitGTK WebView (Debian's webkit2gtk-driver,
//! under Xvfb; `webkit.rs`). A phone has no address bar: journeys move by taps only.
//! Every step can leave a screenshot under
//! `target/tmp/e2e-screenshots/<engine>/<journey>/`, and every screenshotted screen is checked by
//! axe-core (the npm package, fetched by `scripts/fetch-axe.sh`): no serious or critical
//! accessibility violation may pass.

use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use companion_server::clock::Clock;
use companion_server::testing::TestServer;
use companion_server::{admin, catalog, demo};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use serde_json::Map;

mod accessibility;
mod browser;
mod camera;
#[cfg(not(feature = "mobile"))]
mod chromium;
mod reflow;
mod seed;
#[cfg(feature = "mobile")]
mod webkit;

#[cfg(not(feature = "mobile"))]
use chromium::Phone;
#[cfg(feature = "mobile")]
use webkit::Phone;

pub use camera::{camera_frame, write_y4m};

pub use companion_server::testing::PASSWORD;
const WAIT: Duration = Duration::from_secs(30);
/// The phone screen journeys run on (CSS pixels), and the small one every screenshot is
/// taken again at.
const SCREEN: (u32, u32) = (390, 844);
const SMALL_SCREEN: (u32, u32) = (360, 640);

/// The camera a journey's phone has.
#[derive(Clone, Debug)]
pub enum Camera {
    /// None given (Chromium's default: no device).
    None,
    /// A camera the customer allows or refuses. Chromium plays `video` (a y4m file) through
    /// its fake capture device; WebKitGTK shows its own mock device's test picture.
    Fake {
        // WebKitGTK's mock device plays its own picture, not a file.
        #[cfg_attr(feature = "mobile", allow(dead_code))]
        video: PathBuf,
        allowed: bool,
    },
}

pub struct Journey {
    pub name: &'static str,
    pub api: TestServer,
    phone: Phone,
    /// The data of the phone being driven (the first phone's is `dir` itself).
    phone_dir: PathBuf,
    /// A second phone (another customer's), with its data, once [`Journey::add_phone`] made it.
    other: Option<(Phone, PathBuf)>,
    pub dir: tempfile::TempDir,
    step: usize,
}

/// Opens a WebDriver session on the driver at `port` with `capabilities`, retrying while the
/// driver starts; `None` when the driver took the request but its browser never came (a
/// WebKitGTK app that did not reach the driver waits forever otherwise).
async fn new_session(port: u16, capabilities: serde_json::Value) -> Option<Client> {
    let capabilities: Map<String, serde_json::Value> =
        capabilities.as_object().cloned().unwrap_or_default();
    let started = Instant::now();
    loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let mut builder = ClientBuilder::new(connector);
        builder.capabilities(capabilities.clone());
        let address = format!("http://127.0.0.1:{port}");
        match tokio::time::timeout(WAIT, builder.connect(&address)).await {
            Err(_) => return None,
            Ok(Ok(client)) => return Some(client),
            Ok(Err(error)) if started.elapsed() < WAIT => {
                let _ = error;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Ok(Err(error)) => panic!("cannot open a WebDriver session: {error}"),
        }
    }
}

/// Starts a WebDriver server in its own process group, so that [`kill_group`] stops it with
/// the browser or app it started, even when a journey panics.
fn start_driver(command: &mut Command) -> Child {
    // `COMPANION_E2E_DRIVER_LOG` keeps the driver's and the app's output (a journey that
    // fails without a trace on screen, e.g. the app ended).
    let log = std::env::var_os("COMPANION_E2E_DRIVER_LOG").and_then(|path| {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .ok()
    });
    let (out, err) = match log.and_then(|file| Some((file.try_clone().ok()?, file))) {
        Some((out, err)) => (Stdio::from(out), Stdio::from(err)),
        None => (Stdio::null(), Stdio::null()),
    };
    command
        .process_group(0)
        .stdout(out)
        .stderr(err)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {command:?}: {e}"))
}

/// SIGKILLs a driver's whole process group (the driver, and the browser or app it started).
fn kill_group(driver: &mut Child) {
    let group = format!("-{}", driver.id());
    let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
    let _ = driver.kill();
    let _ = driver.wait();
}

/// A free loopback port.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(0)
}

impl Journey {
    pub async fn start(name: &'static str, lang: &str) -> Journey {
        Self::start_with(name, lang, Camera::None).await
    }

    /// Like [`Journey::start`], with a camera: Chromium's fake camera playing `video` (a
    /// y4m file), or on the phone build WebKitGTK's mock capture device. The camera is
    /// refused when `allowed` is false, as by a customer who says no.
    pub async fn start_with_camera(
        name: &'static str,
        lang: &str,
        video: &std::path::Path,
        allowed: bool,
    ) -> Journey {
        let camera = Camera::Fake {
            video: video.to_path_buf(),
            allowed,
        };
        Self::start_with(name, lang, camera).await
    }

    async fn start_with(name: &'static str, lang: &str, camera: Camera) -> Journey {
        Self::start_configured(name, lang, camera, |_| {}).await
    }

    /// Like [`Journey::start`], with the server's settings adjusted by `customize` (e.g.
    /// the points' pending window) and its test clock on the real time, which the phone's
    /// clock shows (days typed on the phone must be the server's days).
    pub async fn start_with_server(
        name: &'static str,
        lang: &str,
        customize: impl FnOnce(&mut companion_server::config::Settings),
    ) -> Journey {
        let journey = Self::start_configured(name, lang, Camera::None, customize).await;
        let behind = time::OffsetDateTime::now_utc() - journey.api.clock.now();
        if behind.is_positive() {
            journey.api.clock.advance(behind.unsigned_abs());
        }
        journey
    }

    async fn start_configured(
        name: &'static str,
        lang: &str,
        camera: Camera,
        customize: impl FnOnce(&mut companion_server::config::Settings),
    ) -> Journey {
        // Screenshots of an earlier run would mislead whoever looks at this run's.
        let _ = std::fs::remove_dir_all(Self::screenshot_folder(name));
        let dir = tempfile::tempdir().expect("temp dir");
        let api = TestServer::spawn_with(&dir.path().join("api"), customize).await;
        demo::seed_rewards(&api.state).await.expect("rewards");
        demo::seed_collection_points(&api.state)
            .await
            .expect("collection points");
        let phone = Phone::start(&api.address, dir.path(), lang, camera).await;
        Journey {
            name,
            api,
            phone,
            phone_dir: dir.path().to_path_buf(),
            other: None,
            dir,
            step: 0,
        }
    }

    /// Starts a second phone beside the first, with its own data directory (another
    /// customer's phone, on the same server). The journey keeps driving the first until
    /// [`Journey::switch_phone`].
    pub async fn add_phone(&mut self, lang: &str) {
        let dir = self.dir.path().join("second-phone");
        std::fs::create_dir_all(&dir).expect("second phone's folder");
        let phone = Phone::start(&self.api.address, &dir, lang, Camera::None).await;
        self.other = Some((phone, dir));
    }

    /// Hands taps, waits and screenshots to the other phone (and back on the next call).
    pub fn switch_phone(&mut self) {
        let (phone, dir) = self
            .other
            .as_mut()
            .expect("a second phone: call add_phone first");
        std::mem::swap(&mut self.phone, phone);
        std::mem::swap(&mut self.phone_dir, dir);
    }

    /// Tells the phone where it is, as a customer who allows the location; false where the
    /// engine cannot be told (then the journey picks from the list as it comes).
    pub async fn set_location(&self, latitude: f64, longitude: f64) -> bool {
        self.phone.set_location(latitude, longitude).await
    }

    /// Emulates CSS media features such as `prefers-color-scheme` or
    /// `prefers-reduced-motion`; false where the engine's driver has no way to (WebKitGTK).
    pub async fn emulate_media(&self, features: &[(&str, &str)]) -> bool {
        self.phone.emulate_media(features).await
    }

    /// The WebDriver session on the app's screen.
    pub fn browser(&self) -> &Client {
        &self.phone.browser
    }

    /// Kills the app (SIGKILL, as the system or a flat battery would) and starts it again
    /// on the same data, back on its first screen.
    pub async fn restart_app(&mut self) {
        self.phone
            .restart_app(&self.api.address, &self.phone_dir)
            .await;
    }

    /// Opens `link` while the app runs (the phone build: a second start hands it over).
    #[cfg(feature = "mobile")]
    pub fn open_link(&self, link: &str) {
        self.phone.open_link(&self.phone_dir, link);
    }

    /// Kills the app and starts it with `link` (the phone build).
    #[cfg(feature = "mobile")]
    pub async fn restart_with_link(&mut self, link: &str) {
        self.phone
            .restart_with_link(&self.api.address, &self.phone_dir, link)
            .await;
    }

    /// Closes the WebDriver session and stops the processes.
    pub async fn finish(self) {
        let _ = self.phone.browser.clone().close().await;
        if let Some((other, _)) = &self.other {
            let _ = other.browser.clone().close().await;
        }
        // Drop stops the app and the driver.
    }
}

impl Drop for Journey {
    /// A failed journey panics before `finish`: the app and the driver must not outlive it
    /// (they would also hold the test runner's output open).
    fn drop(&mut self) {
        self.phone.kill();
        if let Some((other, _)) = &mut self.other {
            other.kill();
        }
    }
}
