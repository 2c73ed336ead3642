//! The database handle: one pool over SQLite or PostgreSQL through sqlx's `Any` driver, so
//! every query is written once. The schema and queries stick to what both dialects share.

use std::time::Duration;

use anyhow::Context;
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{Any, AnyConnection, AnyPool, Connection, Executor, SqlSafeStr, Transaction};

/// A transaction on either backend.
pub type Tx = Transaction<'static, Any>;

/// Which database engine is behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite file: the default for one machine.
    Sqlite,
    /// PostgreSQL server: for scale.
    Postgres,
}

/// The application's database.
#[derive(Debug, Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
}

impl Db {
    /// Connects (creating an SQLite file and its folder if needed) and runs the migrations.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        sqlx::any::install_default_drivers();
        let (url, backend) = prepare_url(url)?;
        let options = AnyPoolOptions::new()
            .acquire_timeout(Duration::from_secs(10))
            .before_acquire(|conn, _meta| Box::pin(still_usable(conn)));
        let pool = match backend {
            Backend::Sqlite => {
                options
                    .max_connections(8)
                    .after_connect(|conn, _meta| {
                        Box::pin(async move {
                            // WAL lets readers proceed while one writer commits.
                            conn.execute("PRAGMA journal_mode = WAL").await?;
                            conn.execute("PRAGMA synchronous = NORMAL").await?;
                            conn.execute("PRAGMA busy_timeout = 10000").await?;
                            Ok(())
                        })
                    })
                    .connect(&url)
                    .await
            }
            Backend::Postgres => options.max_connections(16).connect(&url).await,
        }
        .with_context(|| format!("cannot open the database at {}", redact(&url)))?;
        let db = Db { pool, backend };
        db.migrate().await?;
        Ok(db)
    }

    /// Applies the migrations, safely when several instances start at once: PostgreSQL
    /// serialises them on sqlx's advisory lock; SQLite has none, so an instance that lost
    /// the race (its migration collided with the same one committed meanwhile) reads the
    /// applied list again and finds nothing left to do.
    async fn migrate(&self) -> anyhow::Result<()> {
        let mut attempt = 1;
        loop {
            match migrator(self.backend).run(&self.pool).await {
                Ok(()) => return Ok(()),
                Err(error) if attempt < 5 && self.backend == Backend::Sqlite => {
                    tracing::info!(%error, attempt, "migration raced another instance; reading again");
                    tokio::time::sleep(Duration::from_millis(100 * attempt)).await;
                    attempt += 1;
                }
                Err(error) => {
                    return Err(
                        anyhow::Error::new(error).context("cannot apply the database migrations")
                    )
                }
            }
        }
    }

    /// The pool, for reads and single-statement writes.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Which engine this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Starts a transaction that will write. On SQLite it takes the write lock up front
    /// (`BEGIN IMMEDIATE`), so concurrent writers queue on the busy timeout instead of
    /// failing when a read lock cannot be upgraded; PostgreSQL locks rows as it goes.
    pub async fn begin_write(&self) -> Result<Tx, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// Closes the pool.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Whether a pooled connection may be handed out again. One whose transaction never ended
/// is not: when a `COMMIT` fails on a full disk, SQLite rolls the transaction back by
/// itself, the `ROLLBACK` that sqlx sends on drop then fails, and sqlx's count of open
/// transactions stays at one, so every later `BEGIN` on that connection would fail
/// ("non-zero transaction depth") until a restart. Such a connection is closed instead and
/// the pool opens a fresh one; PostgreSQL connections left mid-transaction by a dropped
/// server are treated alike.
async fn still_usable(conn: &mut AnyConnection) -> Result<bool, sqlx::Error> {
    if !conn.is_in_transaction() {
        return Ok(true);
    }
    // A transaction dropped a moment ago has its rollback queued on the connection: a
    // round trip lets it run before deciding.
    conn.ping().await?;
    if conn.is_in_transaction() {
        tracing::warn!("a database connection came back inside a transaction; closing it");
        return Ok(false);
    }
    Ok(true)
}

/// The embedded, versioned migrations: the same SQL for both engines, except where an
/// engine's own feature is the point (the audit log's append-only triggers).
/// Append new files here; an applied migration is never edited (sqlx checks its checksum).
fn migrator(backend: Backend) -> Migrator {
    Migrator::with_migrations(migrations(backend))
}

/// The migrations [`migrator`] applies, in order.
fn migrations(backend: Backend) -> Vec<Migration> {
    let migration = |version, name: &'static str, sql: &'static str| {
        Migration::new(
            version,
            name.into(),
            MigrationType::Simple,
            sql.into_sql_str(),
            false,
        )
    };
    vec![
        migration(1, "schema", include_str!("../migrations/0001_schema.sql")),
        migration(
            2,
            "reward translations",
            include_str!("../migrations/0002_reward_translations.sql"),
        ),
        migration(
            3,
            "shared throttle and erasure",
            include_str!("../migrations/0003_shared_throttle_and_erasure.sql"),
        ),
        migration(
            4,
            "back office",
            include_str!("../migrations/0004_backoffice.sql"),
        ),
        migration(
            5,
            "staff second factor",
            include_str!("../migrations/0005_staff_second_factor.sql"),
        ),
        migration(
            6,
            "audit log append-only",
            match backend {
                Backend::Sqlite => include_str!("../migrations/0006_audit_append_only.sqlite.sql"),
                Backend::Postgres => {
                    include_str!("../migrations/0006_audit_append_only.postgres.sql")
                }
            },
        ),
        migration(
            7,
            "mail outbox, language, notifications",
            include_str!("../migrations/0007_mail_outbox.sql"),
        ),
        migration(8, "points", include_str!("../migrations/0008_points.sql")),
        migration(
            9,
            "expiry warnings",
            include_str!("../migrations/0009_expiry_warnings.sql"),
        ),
        migration(
            10,
            "troubleshooting and device transfers",
            include_str!("../migrations/0010_troubleshooting_and_transfers.sql"),
        ),
    ]
}

fn prepare_url(url: &str) -> anyhow::Result<(String, Backend)> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok((url.to_string(), Backend::Postgres));
    }
    let Some(path) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    else {
        anyhow::bail!(
            "DATABASE_URL must start with sqlite:// or postgres://, got {}",
            redact(url)
        );
    };
    let file = path.split('?').next().unwrap_or_default();
    if !file.is_empty() && file != ":memory:" {
        if let Some(parent) = std::path::Path::new(file).parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create the folder {}", parent.display()))?;
            }
        }
    }
    let url = if path.contains("mode=") {
        url.to_string()
    } else if path.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    };
    Ok((url, Backend::Sqlite))
}

/// Hides a password in a connection URL before it reaches a log or an error.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            format!("{}://***{}", &url[..scheme_end], &url[at..])
        }
        _ => url.to_string(),
    }
}

/// Reads a column, naming it in the error so a schema drift is easy to find.
pub fn col<'r, T>(row: &'r AnyRow, name: &str) -> Result<T, sqlx::Error>
where
    T: sqlx::Decode<'r, Any> + sqlx::Type<Any>,
{
    sqlx::Row::try_get(row, name)
}

/// SQLite and PostgreSQL both report a unique violation; this tells them apart from other
/// database errors so a race can become a 409 rather than a 500.
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Database(db) => db.is_unique_violation(),
        _ => false,
    }
}

/// Whether the database cannot take writes for now (a full disk, an I/O error, a server
/// that is down or shutting down), as opposed to a mistake in a query: the answer is then a
/// 503 `storage_unavailable` the client retries, not a 500.
pub fn is_storage_unavailable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Io(_) | sqlx::Error::Tls(_) | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => match db.code() {
            None => false,
            Some(code) if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() => {
                code.parse().is_ok_and(sqlite_storage_code)
            }
            Some(code) => sqlstate_storage_code(&code),
        },
        _ => false,
    }
}

/// SQLite's (extended) result codes meaning "cannot store now": SQLITE_IOERR (10, and its
/// extended codes, whose low byte is 10), SQLITE_FULL (13), SQLITE_CANTOPEN (14).
fn sqlite_storage_code(code: u32) -> bool {
    matches!(code & 0xff, 10 | 13 | 14)
}

/// PostgreSQL's SQLSTATEs meaning "cannot store now": class 08 (connection exception), 53
/// (insufficient resources: disk full, out of memory, too many connections), 57P01–57P03
/// (shutting down, crashed, not yet accepting connections), 58030 (I/O error).
fn sqlstate_storage_code(code: &str) -> bool {
    code.starts_with("08")
        || code.starts_with("53")
        || matches!(code, "57P01" | "57P02" | "57P03" | "58030")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_show_in_connection_urls() {
        assert_eq!(
            redact("postgres://app:s3cret@db:5432/app"),
            "postgres://***@db:5432/app"
        );
        assert_eq!(
            redact("sqlite://data/companion.db"),
            "sqlite://data/companion.db"
        );
    }

    #[test]
    fn full_disks_io_errors_and_stopped_servers_are_storage_trouble() {
        for code in [13, 10, 778, 14] {
            assert!(sqlite_storage_code(code), "{code}");
        }
        for code in ["57P01", "57P03", "53100", "08006", "58030"] {
            assert!(sqlstate_storage_code(code), "{code}");
        }
        // Constraint violations, syntax errors, a busy lock, a serialisation failure: not
        // storage trouble.
        for code in [2067, 1, 5, 19] {
            assert!(!sqlite_storage_code(code), "{code}");
        }
        for code in ["23505", "42601", "40001", "57014"] {
            assert!(!sqlstate_storage_code(code), "{code}");
        }
        assert!(is_storage_unavailable(&sqlx::Error::Io(
            std::io::Error::from(std::io::ErrorKind::ConnectionRefused)
        )));
        assert!(!is_storage_unavailable(&sqlx::Error::RowNotFound));
    }

    #[test]
    fn sqlite_urls_get_create_mode() {
        let dir = std::env::temp_dir().join(format!("db-url-{}", uuid::Uuid::new_v4()));
        let url = format!("sqlite://{}/x.db", dir.display());
        let (prepared, backend) = prepare_url(&url).expect("valid");
        assert_eq!(backend, Backend::Sqlite);
        assert!(prepared.ends_with("?mode=rwc"));
        assert!(dir.is_dir());
        assert!(prepare_url("mysql://x").is_err());
    }
}
