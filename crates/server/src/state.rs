//! What every handler can reach.

use std::sync::Arc;

use crate::auth::{LoginThrottle, PasswordHasher};
use crate::clock::Clock;
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
    /// Failed-login counters.
    pub login_throttle: Arc<LoginThrottle>,
    /// Password-reset request counters.
    pub reset_throttle: Arc<LoginThrottle>,
    /// Outgoing mail.
    pub mailer: Mailer,
    /// Settings the handlers need (token lifetimes).
    pub settings: Arc<Settings>,
}
