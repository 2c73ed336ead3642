//! Settings from the environment, with defaults that run on a laptop with nothing set.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;

use std::net::IpAddr;

use ipnet::IpNet;

use crate::auth::throttle::Limits;

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
    /// How long a connection may hold the server's resources without making progress.
    pub connections: ConnectionLimits,
    /// How long in-store points stay pending and how long points last
    /// (`POINTS_PENDING_HOURS`, `POINTS_VALIDITY_DAYS`).
    pub points: crate::points::Rules,
    /// Most goodwill points one support agent may grant in 24 hours
    /// (`GOODWILL_DAILY_POINTS_CAP`).
    pub goodwill_daily_cap: i64,
    /// `TEST_CLOCK=1`: a clock that only moves through `POST /v1/test-clock/advance`, for
    /// tests and demos. Never in production.
    pub test_clock: bool,
}

/// The edges of every connection: a slow or stalled client gives up its socket after these,
/// so a few thousand of them cannot exhaust the file descriptors (`src/serve.rs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Longest wait for a whole request head, from when the server starts waiting for it:
    /// on a kept-alive connection that is also the longest idle gap between requests
    /// (`HEADER_READ_TIMEOUT_SECS`, default 10).
    pub header_read_timeout: Duration,
    /// Longest time with no byte moving either way, whatever the connection is doing (a
    /// client that stops reading its answer, for one); longer than the request deadline, so
    /// a slow handler is never cut (`IDLE_TIMEOUT_SECS`, default 60).
    pub idle_timeout: Duration,
    /// Longest gap between two pieces of a request body (`REQUEST_BODY_TIMEOUT_SECS`,
    /// default 10).
    pub request_body_timeout: Duration,
    /// Most connections served at once; further ones wait in the listen queue until one
    /// ends (`MAX_CONNECTIONS`, default 10,000; lowered at start to what the file-descriptor
    /// limit allows).
    pub max_connections: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            header_read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            request_body_timeout: Duration::from_secs(10),
            max_connections: 10_000,
        }
    }
}

impl ConnectionLimits {
    /// Reads `HEADER_READ_TIMEOUT_SECS`, `IDLE_TIMEOUT_SECS`, `REQUEST_BODY_TIMEOUT_SECS` and
    /// `MAX_CONNECTIONS` through `var`, each defaulting when unset.
    fn from_vars(var: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let defaults = ConnectionLimits::default();
        let positive = |name: &str| -> anyhow::Result<Option<u64>> {
            var(name)
                .map(|text| {
                    text.trim()
                        .parse::<u64>()
                        .ok()
                        .filter(|n| *n > 0)
                        .with_context(|| format!("{name}={text:?} is not a positive whole number"))
                })
                .transpose()
        };
        let secs = |name: &str, default: Duration| -> anyhow::Result<Duration> {
            Ok(positive(name)?.map(Duration::from_secs).unwrap_or(default))
        };
        let limits = ConnectionLimits {
            header_read_timeout: secs("HEADER_READ_TIMEOUT_SECS", defaults.header_read_timeout)?,
            idle_timeout: secs("IDLE_TIMEOUT_SECS", defaults.idle_timeout)?,
            request_body_timeout: secs("REQUEST_BODY_TIMEOUT_SECS", defaults.request_body_timeout)?,
            max_connections: match positive("MAX_CONNECTIONS")? {
                Some(n) => usize::try_from(n).context("MAX_CONNECTIONS is too large")?,
                None => defaults.max_connections,
            },
        };
        anyhow::ensure!(
            limits.idle_timeout > crate::startup::REQUEST_DEADLINE,
            "IDLE_TIMEOUT_SECS must be longer than the request deadline ({} s), or slow \
             answers would be cut",
            crate::startup::REQUEST_DEADLINE.as_secs()
        );
        Ok(limits)
    }
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
/// Goodwill points one support agent may grant in 24 hours unless configured.
pub const DEFAULT_GOODWILL_DAILY_POINTS_CAP: i64 = 1_000;
/// The default listening address.
pub const DEFAULT_BIND_ADDR: &str = "127.0.0.1:8080";
/// The default development mail folder.
pub const DEFAULT_MAIL_OUTBOX_DIR: &str = "data/mail";

/// Why `TRUSTED_PROXIES` cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("TRUSTED_PROXIES: {entry:?} is neither an IP address nor a CIDR block like 10.0.0.0/8")]
pub struct BadProxyList {
    entry: String,
}

/// Parses `TRUSTED_PROXIES`: comma-separated IP addresses or CIDR blocks.
pub fn parse_trusted_proxies(list: &str) -> Result<Vec<IpNet>, BadProxyList> {
    list.split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            entry
                .parse::<IpNet>()
                .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| BadProxyList {
                    entry: entry.to_string(),
                })
        })
        .collect()
}

impl Settings {
    /// Reads `DATABASE_URL`, `BIND_ADDR`, `MAIL_OUTBOX_DIR`, `SMTP_URL`, `TRUSTED_PROXIES`,
    /// `STAFF_DAILY_POINTS_CAP`, `SESSION_LIFETIME_DAYS`, the connection limits
    /// ([`ConnectionLimits`]), `POINTS_PENDING_HOURS`, `POINTS_VALIDITY_DAYS`,
    /// `GOODWILL_DAILY_POINTS_CAP` and `TEST_CLOCK`.
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
            connections: ConnectionLimits::from_vars(var)?,
            points: points_rules(var)?,
            goodwill_daily_cap: match var("GOODWILL_DAILY_POINTS_CAP") {
                Some(cap) => cap
                    .trim()
                    .parse()
                    .ok()
                    .filter(|c| *c >= 0)
                    .with_context(|| {
                        format!("GOODWILL_DAILY_POINTS_CAP={cap:?} is not a whole number of points")
                    })?,
                None => DEFAULT_GOODWILL_DAILY_POINTS_CAP,
            },
            test_clock: match var("TEST_CLOCK").as_deref().map(str::trim) {
                None | Some("0") => false,
                Some("1") => true,
                Some(other) => {
                    anyhow::bail!("TEST_CLOCK={other:?}: use 1 to turn the test clock on")
                }
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
            connections: ConnectionLimits::default(),
            points: crate::points::Rules::default(),
            goodwill_daily_cap: DEFAULT_GOODWILL_DAILY_POINTS_CAP,
            test_clock: false,
        }
    }
}

/// Reads `POINTS_PENDING_HOURS` (0 posts in-store points at once) and
/// `POINTS_VALIDITY_DAYS` (at least 1) through `var`, each defaulting when unset.
fn points_rules(var: impl Fn(&str) -> Option<String>) -> anyhow::Result<crate::points::Rules> {
    let whole = |name: &str, min: u64| -> anyhow::Result<Option<u64>> {
        var(name)
            .map(|text| {
                text.trim()
                    .parse::<u64>()
                    .ok()
                    .filter(|n| *n >= min && *n <= 100_000)
                    .with_context(|| format!("{name}={text:?} is not a whole number from {min}"))
            })
            .transpose()
    };
    let defaults = crate::points::Rules::default();
    Ok(crate::points::Rules {
        pending: whole("POINTS_PENDING_HOURS", 0)?
            .map(|hours| Duration::from_secs(hours * 3600))
            .unwrap_or(defaults.pending),
        validity: whole("POINTS_VALIDITY_DAYS", 1)?
            .map(|days| Duration::from_secs(days * 24 * 3600))
            .unwrap_or(defaults.validity),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(vars: &[(&str, &str)]) -> anyhow::Result<ConnectionLimits> {
        ConnectionLimits::from_vars(|name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn connection_limits_default_and_read_the_environment() {
        assert_eq!(limits(&[]).expect("defaults"), ConnectionLimits::default());
        let set = limits(&[
            ("HEADER_READ_TIMEOUT_SECS", "3"),
            ("IDLE_TIMEOUT_SECS", "90"),
            ("REQUEST_BODY_TIMEOUT_SECS", "5"),
            ("MAX_CONNECTIONS", "50"),
        ])
        .expect("valid");
        assert_eq!(set.header_read_timeout, Duration::from_secs(3));
        assert_eq!(set.idle_timeout, Duration::from_secs(90));
        assert_eq!(set.request_body_timeout, Duration::from_secs(5));
        assert_eq!(set.max_connections, 50);
    }

    #[test]
    fn points_rules_default_to_three_days_and_a_year_and_zero_posts_at_once() {
        let read = |vars: &[(&str, &str)]| {
            points_rules(|name| {
                vars.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
            })
        };
        assert_eq!(
            read(&[]).expect("defaults"),
            crate::points::Rules::default()
        );
        let set = read(&[
            ("POINTS_PENDING_HOURS", "0"),
            ("POINTS_VALIDITY_DAYS", "30"),
        ])
        .expect("valid");
        assert_eq!(set.pending, Duration::ZERO);
        assert_eq!(set.validity, Duration::from_secs(30 * 24 * 3600));
        for (name, value) in [
            ("POINTS_VALIDITY_DAYS", "0"),
            ("POINTS_PENDING_HOURS", "-2"),
        ] {
            let error = read(&[(name, value)]).expect_err(name);
            assert!(format!("{error:#}").contains(name), "{error:#}");
        }
    }

    #[test]
    fn nonsense_connection_limits_are_refused_by_name() {
        for (name, value) in [
            ("HEADER_READ_TIMEOUT_SECS", "0"),
            ("MAX_CONNECTIONS", "many"),
            ("IDLE_TIMEOUT_SECS", "-1"),
            ("IDLE_TIMEOUT_SECS", "5"),
        ] {
            let error = limits(&[(name, value)]).expect_err(name);
            assert!(format!("{error:#}").contains(name), "{error:#}");
        }
    }
}
