//! The phone's SQLite database: a cache of the customer's data that every screen reads
//! from, the outbox of changes waiting for the server, and the sync cursor.
//!
//! One connection writes (each change in one transaction that takes the write lock up
//! front); another reads. In WAL mode a screen reading never waits for, or fails because
//! of, a sync writing.

mod apply;
mod inbox;
mod item_state;
mod outbox;
mod reads;
pub(crate) mod rows;

use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use rusqlite_migration::{Migrations, M};
use time::OffsetDateTime;
use tokio::sync::watch;

pub use item_state::ItemState;
pub use outbox::OutboxEntry;
pub use reads::{
    ClaimView, DeviceView, Home, Notice, RequestView, TransferView, VoucherView, Wallet,
};

use crate::errors::ErrorCode;
use crate::private_files::{self, PrivateFilesError};

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed (disk full, file damaged, …).
    #[error("the local database failed: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The schema could not be brought up to date.
    #[error("the local database could not be upgraded: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// A cached record could not be read back.
    #[error("a cached record is unreadable: {0}")]
    Corrupt(#[from] serde_json::Error),
    /// A cached value is not what this version of the app can read.
    #[error("a cached value is unreadable: {0}")]
    CorruptValue(String),
    /// The server's answer to a change could not be read (garbled or cut off on the way):
    /// nothing was applied; the change is sent again with the same key.
    #[error("the server's answer could not be read: {0}")]
    UnreadableAnswer(String),
    /// The data directory or the database file could not be created or made private.
    #[error("the local database's files: {0}")]
    Files(#[from] PrivateFilesError),
    /// The change is refused before it is queued, for the same reason the server would
    /// give (e.g. not enough points). The UI explains the code.
    #[error("not allowed: {}", .0.as_str())]
    NotAllowed(ErrorCode),
}

/// Result of store operations.
pub type StoreResult<T> = Result<T, StoreError>;

/// The local database.
pub struct LocalStore {
    writer: Mutex<Connection>,
    reader: Mutex<Connection>,
    commits: watch::Sender<Commits>,
}

/// What the store has committed since it opened: screens read again when `version`
/// moves, the sync loop sends when `outbox` moves. Nobody has to be told by hand.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Commits {
    /// Moves with every committed write.
    pub version: u64,
    /// Moves when a change joins the outbox.
    pub outbox: u64,
}

fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("../../migrations/0001_cache.sql")),
        M::up(include_str!("../../migrations/0002_history_index.sql")),
        M::up(include_str!("../../migrations/0003_outbox_rows.sql")),
        M::up(include_str!("../../migrations/0004_claims_and_inbox.sql")),
        M::up(include_str!("../../migrations/0005_device_transfers.sql")),
    ])
}

fn configure(connection: &Connection) -> StoreResult<()> {
    connection.busy_timeout(Duration::from_secs(10))?;
    connection.pragma_update(None, "journal_mode", "WAL")?;
    // NORMAL in WAL mode survives the app being killed at any point; only a power cut can
    // lose the last transactions, and those are then simply synced again.
    connection.pragma_update(None, "synchronous", "NORMAL")?;
    Ok(())
}

impl LocalStore {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    /// Its directory and files are kept private ([`private_files`]): created so, and
    /// narrowed if found wider.
    pub fn open(path: &Path) -> StoreResult<Self> {
        if let Some(parent) = path.parent() {
            private_files::ensure_private_dir(parent)?;
        }
        for suffix in ["", "-wal", "-shm"] {
            let mut file = path.as_os_str().to_owned();
            file.push(suffix);
            private_files::ensure_private_file(Path::new(&file))?;
        }
        // Created private before SQLite opens it: SQLite gives the -wal and -shm files the
        // database file's mode.
        private_files::create_private_file(path)?;
        let mut writer = Connection::open(path)?;
        configure(&writer)?;
        migrations().to_latest(&mut writer)?;
        let reader = Connection::open(path)?;
        configure(&reader)?;
        Ok(LocalStore {
            writer: Mutex::new(writer),
            reader: Mutex::new(reader),
            commits: watch::channel(Commits::default()).0,
        })
    }

    fn writer(&self) -> MutexGuard<'_, Connection> {
        self.writer.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn reader(&self) -> MutexGuard<'_, Connection> {
        self.reader.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `work` in one write transaction: all of it commits, or none. A commit is
    /// announced to [`LocalStore::commits`].
    fn write<T>(&self, work: impl FnOnce(&Transaction<'_>) -> StoreResult<T>) -> StoreResult<T> {
        let value = {
            let mut connection = self.writer();
            let tx = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let value = work(&tx)?;
            tx.commit()?;
            value
        };
        self.commits.send_modify(|commits| commits.version += 1);
        Ok(value)
    }

    /// A change joined the outbox.
    fn announce_outbox(&self) {
        self.commits.send_modify(|commits| commits.outbox += 1);
    }

    /// Follows the store's commits (see [`Commits`]).
    pub fn commits(&self) -> watch::Receiver<Commits> {
        self.commits.subscribe()
    }

    /// The stored sync cursor.
    pub fn cursor(&self) -> StoreResult<Option<String>> {
        meta(&self.reader(), "cursor")
    }

    /// When the reward catalog and collection points were last fetched.
    pub fn catalogs_fetched_at(&self) -> StoreResult<Option<OffsetDateTime>> {
        Ok(meta(&self.reader(), "catalogs_fetched_at")?
            .and_then(|ms| ms.parse::<i64>().ok())
            .map(from_millis))
    }

    /// Forgets the customer's data: on log-out (after the customer agreed to drop unsent
    /// changes) and after account removal. The phone's own preferences (language, age
    /// confirmation) stay.
    pub fn clear_all(&self) -> StoreResult<()> {
        self.write(|tx| {
            for table in [
                "account",
                "devices",
                "loyalty_entries",
                "rewards",
                "redemptions",
                "guarantee_requests",
                "collection_points",
                "support_requests",
                "points_claims",
                "notifications",
                "outbox_rows",
                "outbox",
                "deferred_changes",
                "notices",
            ] {
                tx.execute(&format!("DELETE FROM {table}"), [])?;
            }
            tx.execute("DELETE FROM sync_meta WHERE key NOT LIKE 'pref:%'", [])?;
            Ok(())
        })
    }

    /// A preference of this phone (language, age confirmation), kept across log-outs.
    pub fn preference(&self, name: &str) -> StoreResult<Option<String>> {
        meta(&self.reader(), &format!("pref:{name}"))
    }

    /// Sets a preference of this phone.
    pub fn set_preference(&self, name: &str, value: &str) -> StoreResult<()> {
        self.write(|tx| set_meta(tx, &format!("pref:{name}"), value))
    }
}

/// The `sync_meta` key of the wallet's outlook (pending points, next posting and expiry).
pub(crate) const OUTLOOK_META: &str = "loyalty_outlook";

fn meta(connection: &Connection, key: &str) -> StoreResult<Option<String>> {
    Ok(connection
        .query_row("SELECT value FROM sync_meta WHERE key = ?1", [key], |row| {
            row.get(0)
        })
        .optional()?)
}

fn set_meta(tx: &Transaction<'_>, key: &str, value: &str) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO sync_meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

/// Unix milliseconds, the storage form of instants.
pub(crate) fn to_millis(instant: OffsetDateTime) -> i64 {
    (instant.unix_timestamp_nanos() / 1_000_000) as i64
}

/// The instant for stored Unix milliseconds.
pub(crate) fn from_millis(millis: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(millis as i128 * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path)
            .expect("exists")
            .permissions()
            .mode()
            & 0o777
    }

    #[test]
    fn a_fresh_data_directory_and_the_database_files_are_private() {
        let root = tempfile::tempdir().expect("temp dir");
        let dir = root.path().join("phone");
        let store = LocalStore::open(&dir.join("cache.db")).expect("opens");
        store.clear_all().expect("a write, so the WAL exists");
        assert_eq!(mode(&dir), 0o700);
        for file in ["cache.db", "cache.db-wal", "cache.db-shm"] {
            assert_eq!(mode(&dir.join(file)), 0o600, "{file}");
        }
    }

    #[test]
    fn a_data_directory_found_readable_by_others_is_narrowed_on_open() {
        let root = tempfile::tempdir().expect("temp dir");
        let dir = root.path().join("phone");
        let path = dir.join("cache.db");
        drop(LocalStore::open(&path).expect("first start"));
        let wide = |path: &Path, bits| {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(bits)).expect("chmod")
        };
        wide(&dir, 0o755);
        wide(&path, 0o644);
        std::fs::write(dir.join("cache.db-wal"), b"").expect("a stale WAL");
        wide(&dir.join("cache.db-wal"), 0o666);

        let store = LocalStore::open(&path).expect("second start");
        store.clear_all().expect("still works");
        assert_eq!(mode(&dir), 0o700);
        for file in ["cache.db", "cache.db-wal", "cache.db-shm"] {
            assert_eq!(mode(&dir.join(file)), 0o600, "{file}");
        }
    }
}
