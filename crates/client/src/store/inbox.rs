//! The in-app inbox as the screens read it: the server's notifications, newest first,
//! with the reads the customer made here already applied (they wait in the outbox).

use companion_domain::wire::Notification;
use rusqlite::Connection;

use super::{LocalStore, StoreResult};

/// Notifications kept on the phone (the newest; older ones stay on the server).
const KEPT: i64 = 200;

fn unread(connection: &Connection) -> StoreResult<i64> {
    Ok(connection.query_row(
        "SELECT COUNT(*) FROM notifications WHERE unread = 1",
        [],
        |row| row.get(0),
    )?)
}

impl LocalStore {
    /// The inbox, newest first.
    pub fn notifications(&self) -> StoreResult<Vec<Notification>> {
        let connection = self.reader();
        let mut statement = connection.prepare_cached(
            "SELECT data FROM notifications ORDER BY created_at DESC, rowid DESC LIMIT ?1",
        )?;
        let rows = statement.query_map([KEPT], |row| row.get::<_, String>(0))?;
        rows.map(|row| Ok(serde_json::from_str(&row?)?)).collect()
    }

    /// How many notifications the customer has not opened (the bell's badge).
    pub fn unread_notifications(&self) -> StoreResult<i64> {
        unread(&self.reader())
    }
}
