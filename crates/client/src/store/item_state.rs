//! Whether a cached row is as the server has it or waits for a local change: the one place
//! that knows how the state is written in the database's `sync_state` columns. Every
//! statement binds these values; a `'pending…'` or `'synced'` literal anywhere else in the
//! client fails the tidy test (`crates/server/tests/tidy.rs`).

use std::fmt;

use super::StoreError;

/// The state of one cached item (not to be confused with [`crate::sync::SyncState`], the
/// state of the whole sync).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemState {
    /// As the server has it.
    Synced,
    /// Made on this phone, not yet accepted.
    Pending,
    /// A registration waiting to be sent.
    PendingRegister,
    /// A release waiting to be sent.
    PendingRelease,
}

impl ItemState {
    /// Every state.
    pub const ALL: [ItemState; 4] = [
        ItemState::Synced,
        ItemState::Pending,
        ItemState::PendingRegister,
        ItemState::PendingRelease,
    ];

    /// How the state is stored.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemState::Synced => "synced",
            ItemState::Pending => "pending",
            ItemState::PendingRegister => "pending_register",
            ItemState::PendingRelease => "pending_release",
        }
    }

    /// The state stored as `text`. Anything else is a damaged row, never "synced": a
    /// change that has not reached the server must never look as if it had.
    pub fn parse(text: &str) -> Result<ItemState, StoreError> {
        ItemState::ALL
            .into_iter()
            .find(|state| state.as_str() == text)
            .ok_or_else(|| StoreError::CorruptValue(format!("unknown sync state {text:?}")))
    }

    /// Whether a local change waits to be sent.
    pub fn is_pending(self) -> bool {
        self != ItemState::Synced
    }
}

impl fmt::Display for ItemState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl rusqlite::ToSql for ItemState {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(rusqlite::types::ToSqlOutput::from(self.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_round_trips_and_an_unknown_one_is_an_error() {
        for state in ItemState::ALL {
            assert_eq!(ItemState::parse(state.as_str()).expect("parses"), state);
        }
        assert!(ItemState::parse("synched").is_err());
        assert!(ItemState::parse("").is_err());
        assert!(!ItemState::Synced.is_pending() && ItemState::PendingRelease.is_pending());
    }
}
