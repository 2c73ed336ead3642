//! Starting the real server for tests of this crate and of the phone's client: a fresh
//! SQLite file (or PostgreSQL database) under a folder the test owns, a free loopback
//! port, a clock the test can move, mail written to a folder. Not used in production.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use sqlx::Connection;
use time::macros::datetime;
use tokio::sync::oneshot;

use crate::clock::ManualClock;
use crate::config::{MailSettings, Settings};
use crate::startup::Application;
use crate::state::AppState;

/// A strong password the policy accepts, shared by every suite's customers and staff.
pub const PASSWORD: &str = "gaivota-cacilheiro-tejo";

/// The model of the devices [`catalog_devices`] adds.
pub const CATALOG_MODEL: &str = "ILUMA PRIME";

/// Adds `count` new devices (random valid IDs, [`CATALOG_MODEL`]) to the manufacturer's
/// catalog in `db` and returns their IDs.
pub async fn catalog_devices(db: &crate::db::Db, count: usize) -> Vec<companion_domain::DeviceId> {
    let entries: Vec<crate::catalog::CatalogEntry> = (0..count)
        .map(|_| {
            let body = crate::auth::tokens::new_code(11);
            crate::catalog::CatalogEntry {
                device_id: companion_domain::DeviceId::with_check_character(&body)
                    .unwrap_or_else(|e| panic!("a random body makes a valid ID: {e}")),
                model: CATALOG_MODEL.into(),
                manufactured_on: time::macros::date!(2026 - 01 - 10),
            }
        })
        .collect();
    if let Err(error) = crate::catalog::import(db, &entries).await {
        panic!("the test catalog does not import: {error:#}");
    }
    entries.into_iter().map(|entry| entry.device_id).collect()
}

/// A running test server.
pub struct TestServer {
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    /// The bound address (to restart on the same port).
    pub addr: SocketAddr,
    /// The database (to restart on the same data).
    pub database_url: String,
    /// Where mail is written.
    pub mail_dir: std::path::PathBuf,
    /// The server's state: database, clock, mailer.
    pub state: AppState,
    /// The clock, starting at 2026-06-15 10:00 UTC.
    pub clock: Arc<ManualClock>,
    /// The settings it runs with (kept for a restart).
    pub settings: Settings,
    stop: Option<oneshot::Sender<()>>,
    stopped: Option<tokio::task::JoinHandle<()>>,
}

/// Where the test's database lives: `COMPANION_TEST_POSTGRES` (an admin URL) selects a
/// new PostgreSQL database, otherwise an SQLite file in `dir`.
pub async fn database_url(dir: &Path) -> String {
    match std::env::var("COMPANION_TEST_POSTGRES") {
        Ok(admin_url) if !admin_url.is_empty() => fresh_postgres_database(&admin_url).await,
        _ => format!("sqlite://{}/test.db", dir.display()),
    }
}

async fn fresh_postgres_database(admin_url: &str) -> String {
    sqlx::any::install_default_drivers();
    let name = format!("companion_test_{}", uuid::Uuid::new_v4().simple());
    let created = async {
        let mut conn = sqlx::AnyConnection::connect(admin_url).await?;
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut conn)
            .await?;
        Ok::<_, sqlx::Error>(())
    };
    if let Err(error) = created.await {
        panic!(
            "cannot create a PostgreSQL test database at {}: {error}",
            crate::db::redact(admin_url)
        );
    }
    let base = admin_url
        .rsplit_once('/')
        .map(|(base, _)| base)
        .unwrap_or(admin_url);
    format!("{base}/{name}")
}

/// The settings test servers start from: the defaults, except that in-store points post
/// at once (`POINTS_PENDING_HOURS=0`), as they did before pending points existed; the
/// points suite sets the 72 hours back where it tests them.
pub fn test_defaults() -> Settings {
    let mut settings = Settings::defaults();
    settings.points.pending = std::time::Duration::ZERO;
    settings
}

impl TestServer {
    /// Starts a server on `database_url` at `addr` (port 0 for any), mail into `mail_dir`.
    pub async fn start(
        database_url: String,
        addr: SocketAddr,
        mail_dir: &Path,
        clock: Arc<ManualClock>,
    ) -> TestServer {
        let settings = Settings {
            database_url: database_url.clone(),
            bind_addr: addr,
            mail: MailSettings::OutboxDir(mail_dir.to_path_buf()),
            ..test_defaults()
        };
        TestServer::start_with_settings(settings, clock).await
    }

    /// Starts a server with these settings (limits, trusted proxies…).
    pub async fn start_with_settings(settings: Settings, clock: Arc<ManualClock>) -> TestServer {
        let database_url = settings.database_url.clone();
        let mail_dir = match &settings.mail {
            MailSettings::OutboxDir(dir) => dir.clone(),
            MailSettings::Smtp { .. } => std::path::PathBuf::new(),
        };
        let mail_dir = mail_dir.as_path();
        let mut kept = settings.clone();
        let app = match Application::build_with_manual_clock(settings, clock.clone()).await {
            Ok(app) => app,
            Err(error) => panic!("the test server does not start: {error:#}"),
        };
        let addr = match app.local_addr() {
            Ok(addr) => addr,
            Err(error) => panic!("the test server has no address: {error:#}"),
        };
        kept.bind_addr = addr;
        let state = app.state().clone();
        let (stop, stopped_signal) = oneshot::channel::<()>();
        let stopped = tokio::spawn(async move {
            let _ = app
                .run_until(async {
                    let _ = stopped_signal.await;
                })
                .await;
        });
        TestServer {
            address: format!("http://{addr}"),
            addr,
            database_url,
            mail_dir: mail_dir.to_path_buf(),
            state,
            clock,
            settings: kept,
            stop: Some(stop),
            stopped: Some(stopped),
        }
    }

    /// A fresh server in `dir`, its clock at 2026-06-15 10:00 UTC.
    pub async fn spawn(dir: &Path) -> TestServer {
        TestServer::spawn_with(dir, |_| {}).await
    }

    /// Like [`TestServer::spawn`], with settings adjusted by `customize` first.
    pub async fn spawn_with(dir: &Path, customize: impl FnOnce(&mut Settings)) -> TestServer {
        let clock = Arc::new(ManualClock::new(datetime!(2026-06-15 10:00 UTC)));
        let mut settings = Settings {
            database_url: database_url(dir).await,
            bind_addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            mail: MailSettings::OutboxDir(dir.join("mail")),
            ..test_defaults()
        };
        customize(&mut settings);
        TestServer::start_with_settings(settings, clock).await
    }

    /// Starts again on the same port and data after [`TestServer::stop`].
    pub async fn restart(&mut self) {
        self.stop().await;
        let again =
            TestServer::start_with_settings(self.settings.clone(), self.clock.clone()).await;
        *self = again;
    }

    /// Stops serving (open connections are closed) and waits until the port is free.
    pub async fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(stopped) = self.stopped.take() {
            let _ = stopped.await;
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// The emails written to `mail_dir` so far (the file transport's `.eml` files), oldest
/// first.
pub fn emails(mail_dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(mail_dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .filter_map(|e| {
            Some((
                e.metadata().ok()?.modified().ok()?,
                std::fs::read_to_string(e.path()).ok()?,
            ))
        })
        .collect();
    files.sort_by_key(|(modified, _)| *modified);
    files.into_iter().map(|(_, text)| text).collect()
}

/// What precedes a one-time code in an email, in each language.
pub const CODE_MARKERS: [&str; 2] = ["O seu código: ", "Your code: "];

/// The one-time code (`XXXXX-XXXXX`) an email carries, in either language.
pub fn code_in(mail: &str) -> Option<String> {
    CODE_MARKERS.iter().find_map(|marker| {
        let start = mail.find(marker)? + marker.len();
        mail.get(start..start + 11).map(str::to_string)
    })
}

/// Waits (up to 10 s: the server's mail worker sends from the outbox in the background)
/// for the `n`th email to `to` and returns the one-time code it carries (a reset code or
/// an invitation).
pub async fn code_from_email(mail_dir: &Path, to: &str, n: usize) -> String {
    for _ in 0..200 {
        let mine: Vec<String> = emails(mail_dir)
            .into_iter()
            .filter(|m| m.contains(to))
            .collect();
        if let Some(mail) = mine.get(n) {
            return code_in(mail).unwrap_or_else(|| panic!("the email has no code: {mail}"));
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no email number {n} to {to}");
}

/// The 6-digit code an authenticator app holding `secret` (base32, as the enrolment gave
/// it) shows at `at`: computed by `totp-rs` from the secret alone, the way the staff
/// member's phone would, never by asking the server.
pub fn authenticator_code(secret: &str, at: time::OffsetDateTime) -> String {
    let secret = match totp_rs::Secret::try_from_base32(secret) {
        Ok(secret) => secret,
        Err(error) => panic!("the enrolment secret {secret:?} is not base32: {error:?}"),
    };
    let totp = match totp_rs::Builder::new().with_secret(secret).build() {
        Ok(totp) => totp,
        Err(error) => panic!("not a usable TOTP secret: {error:?}"),
    };
    totp.generate(at.unix_timestamp().max(0) as u64).to_string()
}

/// Moves `clock` to the next 30-second step and returns the code of that step: a code
/// never used before, as a staff member who waits for the next code gets.
pub fn next_authenticator_code(clock: &ManualClock, secret: &str) -> String {
    use crate::clock::Clock;
    clock.advance(std::time::Duration::from_secs(30));
    authenticator_code(secret, clock.now())
}
