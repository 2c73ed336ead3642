//! Settings from the environment, with defaults that run on a laptop with nothing set.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;

use ipnet::IpNet;

use crate::auth::throttle::Limits;
use crate::client_addr::parse_trusted_proxies;

/// Everything the server needs to start.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `sqlite://…` (default, a file under `./data/`) or `postgres://…`.
    pub database_url: String,
    /// Where to listen; port 0 picks a free port.
    pub bind_addr: SocketAddr,
    /// How mail leaves the server.
    pub mail: MailSettings,
    /// Lifetime of access tokens.
    pub access_token_ttl: Duration,
    /// Lifetime of refresh tokens (renewed at each use, up to the session's lifetime).
    pub refresh_token_ttl: Duration,
    /// Absolute lifetime of a session from its sign-in, however often it is renewed
    /// (`SESSION_LIFETIME_DAYS`, default 90).
    pub session_lifetime: Duration,
    /// Staff sessions (ASVS level 2): access tokens, the idle limit (a refresh token lives
    /// this long, so a console left alone is signed out) and the absolute lifetime.
    pub staff_sessions: StaffSessions,
    /// Attempt limits (log-in, password checks, signed-out endpoints).
    pub limits: Limits,
    /// Proxies whose `X-Forwarded-For` is believed (`TRUSTED_PROXIES`; default none).
    pub trusted_proxies: Vec<IpNet>,
    /// Most points one sales assistant may award in 24 hours (`STAFF_DAILY_POINTS_CAP`).
    pub staff_daily_points_cap: i64,
}

/// How long staff stay signed in: much shorter than customers, whose phone is their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaffSessions {
    /// Lifetime of an access token (15 minutes).
    pub access_token_ttl: Duration,
    /// A session not renewed for this long ends (30 minutes).
    pub idle_timeout: Duration,
    /// A session ends this long after its log-in however it is used (12 hours).
    pub lifetime: Duration,
}

impl Default for StaffSessions {
    fn default() -> Self {
        StaffSessions {
            access_token_ttl: Duration::from_secs(15 * 60),
            idle_timeout: Duration::from_secs(30 * 60),
            lifetime: Duration::from_secs(12 * 3600),
        }
    }
}

/// Development writes each email to a folder; production sends through SMTP.
#[derive(Debug, Clone)]
pub enum MailSettings {
    /// Each message becomes an `.eml` file in this folder.
    OutboxDir(PathBuf),
    /// An `smtp://` or `smtps://` URL understood by lettre.
    Smtp {
        /// The transport URL, credentials included.
        url: String,
    },
}

/// The default SQLite file, relative to the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/companion.db";
/// Points one assistant may award in 24 hours unless configured: a busy shop's day.
pub const DEFAULT_STAFF_DAILY_POINTS_CAP: i64 = 5_000;
/// The default listening address.
pub const DEFAULT_BIND_ADDR: &str = "127.0.0.1:8080";
/// The default development mail folder.
pub const DEFAULT_MAIL_OUTBOX_DIR: &str = "data/mail";

impl Settings {
    /// Reads `DATABASE_URL`, `BIND_ADDR`, `MAIL_OUTBOX_DIR`, `SMTP_URL`, `TRUSTED_PROXIES`,
    /// `STAFF_DAILY_POINTS_CAP`, `SESSION_LIFETIME_DAYS`.
    pub fn from_env() -> anyhow::Result<Self> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let bind = var("BIND_ADDR").unwrap_or_else(|| DEFAULT_BIND_ADDR.to_string());
        let bind_addr = bind
            .parse()
            .with_context(|| format!("BIND_ADDR={bind:?} is not an address like 127.0.0.1:8080"))?;
        let mail = match var("SMTP_URL") {
            Some(url) => MailSettings::Smtp { url },
            None => MailSettings::OutboxDir(
                var("MAIL_OUTBOX_DIR")
                    .unwrap_or_else(|| DEFAULT_MAIL_OUTBOX_DIR.to_string())
                    .into(),
            ),
        };
        Ok(Settings {
            database_url: var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string()),
            bind_addr,
            mail,
            trusted_proxies: parse_trusted_proxies(&var("TRUSTED_PROXIES").unwrap_or_default())?,
            session_lifetime: match var("SESSION_LIFETIME_DAYS") {
                Some(days) => {
                    let days: u64 =
                        days.trim()
                            .parse()
                            .ok()
                            .filter(|d| *d > 0)
                            .with_context(|| {
                                format!(
                                "SESSION_LIFETIME_DAYS={days:?} is not a positive number of days"
                            )
                            })?;
                    Duration::from_secs(days * 24 * 3600)
                }
                None => Settings::defaults().session_lifetime,
            },
            staff_daily_points_cap: match var("STAFF_DAILY_POINTS_CAP") {
                Some(cap) => cap.trim().parse().with_context(|| {
                    format!("STAFF_DAILY_POINTS_CAP={cap:?} is not a whole number of points")
                })?,
                None => DEFAULT_STAFF_DAILY_POINTS_CAP,
            },
            ..Settings::defaults()
        })
    }

    /// The defaults, used by `from_env` and as a base in tests.
    pub fn defaults() -> Self {
        Settings {
            database_url: DEFAULT_DATABASE_URL.to_string(),
            bind_addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            mail: MailSettings::OutboxDir(DEFAULT_MAIL_OUTBOX_DIR.into()),
            access_token_ttl: Duration::from_secs(15 * 60),
            refresh_token_ttl: Duration::from_secs(60 * 24 * 3600),
            session_lifetime: Duration::from_secs(90 * 24 * 3600),
            staff_sessions: StaffSessions::default(),
            limits: Limits::default(),
            trusted_proxies: Vec::new(),
            staff_daily_points_cap: DEFAULT_STAFF_DAILY_POINTS_CAP,
        }
    }
}
