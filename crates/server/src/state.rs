//! What every handler can reach.

use std::sync::Arc;

use crate::auth::{PasswordHasher, Throttle};
use crate::clock::{Clock, ManualClock};
use crate::config::Settings;
use crate::db::Db;
use crate::mail::Mailer;

/// Shared, cheaply cloned application state.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// "Now".
    pub clock: Arc<dyn Clock>,
    /// Password hashing off the async workers.
    pub hasher: PasswordHasher,
    /// Attempt counters (log-ins, password checks, signed-out endpoints), shared by every
    /// instance through the database.
    pub throttle: Throttle,
    /// Outgoing mail.
    pub mailer: Mailer,
    /// Settings the handlers need (token lifetimes).
    pub settings: Arc<Settings>,
    /// The same clock as `clock`, movable through `/v1/test-clock`, when `TEST_CLOCK=1`;
    /// `None` otherwise (and those routes answer 404).
    pub test_clock: Option<Arc<ManualClock>>,
}
