//! Errors from the account API, typed so that the UI can explain each one in the
//! customer's language and the sync engine can decide whether to retry.

use std::time::Duration;

pub use companion_domain::ErrorCode;

/// Why a call to the account API did not give the expected answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CallError {
    /// The server could not be reached or the connection broke (offline, refused, reset,
    /// timed out). Retry later.
    #[error("No connection to the server: {0}")]
    Offline(String),
    /// The server failed (5xx). Retry later.
    #[error("The server had a problem (HTTP {status}).")]
    Server {
        /// HTTP status.
        status: u16,
    },
    /// Too many requests; retry after the given delay if the server said.
    #[error("The server asks us to slow down.")]
    RateLimited {
        /// The server's Retry-After.
        retry_after: Option<Duration>,
    },
    /// The server refused the request for a business reason (4xx). Do not retry.
    #[error("{message}")]
    Refused {
        /// HTTP status.
        status: u16,
        /// The stable code.
        code: ErrorCode,
        /// The server's English message.
        message: String,
    },
    /// No session, or the session ended (refresh refused): the customer must log in.
    #[error("You are signed out. Please log in again.")]
    SignedOut,
    /// The answer could not be understood (garbage, truncated, wrong shape).
    #[error("The server's answer could not be read: {0}")]
    BadResponse(String),
    /// The session could not be read or saved on this device.
    #[error("The session could not be stored on this device: {0}")]
    Storage(String),
}

impl CallError {
    /// The code, for refusals.
    pub fn code(&self) -> Option<&ErrorCode> {
        match self {
            CallError::Refused { code, .. } => Some(code),
            _ => None,
        }
    }
}
