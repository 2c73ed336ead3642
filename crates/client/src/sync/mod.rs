//! Sync: push the outbox in order, then pull the change feed, then refresh the catalogs
//! when stale.
//!
//! The decisions (what an error means, how long to wait) are plain functions in
//! [`policy`]; [`SyncService::sync_once`] is the step that does one round against any
//! [`Transport`], and [`SyncService::run`] is the thin loop that calls it at start, after
//! each change, on a timer and when the network returns.

mod policy;
mod service;
mod status;

pub use policy::{backoff, classify, Verdict};
pub use service::{Outcome, SyncService, Transport, Trigger};
pub use status::{SyncState, SyncStatus};
