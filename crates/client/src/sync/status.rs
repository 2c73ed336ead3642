//! The sync status the UI shows: synced, syncing, pending N, offline.

use time::OffsetDateTime;

/// Where sync stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncState {
    /// Nothing waiting; the cache matches the server as of `last_synced_at`.
    Synced,
    /// A round is running.
    Syncing,
    /// Changes wait to be sent (the server was reachable but the round did not finish).
    Pending(i64),
    /// The server cannot be reached; `pending` changes wait.
    Offline {
        /// Changes waiting.
        pending: i64,
    },
    /// The session ended; changes wait until the customer logs in again.
    SignedOut {
        /// Changes waiting.
        pending: i64,
    },
}

/// What the UI watches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncStatus {
    /// The state.
    pub state: SyncState,
    /// When a round last completed.
    pub last_synced_at: Option<OffsetDateTime>,
}

impl Default for SyncStatus {
    fn default() -> Self {
        SyncStatus {
            state: SyncState::Synced,
            last_synced_at: None,
        }
    }
}
