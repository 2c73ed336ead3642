//! What to do about each kind of failure, and how long to wait before retrying. Pure
//! functions: no network, no clock, no randomness except the jitter value passed in.

use std::time::Duration;

use crate::errors::{CallError, ErrorCode};

/// What a failed push or pull means for the sync.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Transient (network, 5xx, 429, garbage answer): keep the change, retry later, no
    /// earlier than `not_before` when the server said so.
    Retry {
        /// The server's Retry-After, if any.
        not_before: Option<Duration>,
        /// Whether it looks like no network at all (for the "offline" status).
        offline: bool,
    },
    /// A business refusal: undo the change, tell the customer, go on with the next.
    Refuse,
    /// The session ended: stop until the customer logs in again (nothing is dropped).
    SignedOut,
    /// The feed cursor is no longer valid: drop it and pull from the start.
    Resync,
}

/// Classifies an error from the API.
pub fn classify(error: &CallError) -> Verdict {
    match error {
        CallError::Offline(_) => Verdict::Retry {
            not_before: None,
            offline: true,
        },
        CallError::Server { .. } | CallError::BadResponse(_) | CallError::Storage(_) => {
            Verdict::Retry {
                not_before: None,
                offline: false,
            }
        }
        CallError::RateLimited { retry_after } => Verdict::Retry {
            not_before: *retry_after,
            offline: false,
        },
        CallError::SignedOut => Verdict::SignedOut,
        CallError::Refused { code, .. } => match code {
            ErrorCode::CursorExpired => Verdict::Resync,
            // Another attempt with this key is still running on the server.
            ErrorCode::RequestInProgress | ErrorCode::TooManyAttempts => Verdict::Retry {
                not_before: None,
                offline: false,
            },
            ErrorCode::InvalidToken | ErrorCode::Unauthenticated => Verdict::SignedOut,
            _ => Verdict::Refuse,
        },
    }
}

/// First retry delay.
pub const BACKOFF_BASE: Duration = Duration::from_secs(2);
/// Longest wait between retries.
pub const BACKOFF_CAP: Duration = Duration::from_secs(300);

/// The wait before retry number `attempt` (0-based): exponential from
/// [`BACKOFF_BASE`] up to [`BACKOFF_CAP`], spread by `jitter` in `[0, 1)` over ±25 % so that
/// many phones coming back online do not retry in step, and never shorter than the
/// server's Retry-After.
pub fn backoff(attempt: u32, jitter: f64, not_before: Option<Duration>) -> Duration {
    let exponential = BACKOFF_BASE
        .saturating_mul(2u32.saturating_pow(attempt.min(16)))
        .min(BACKOFF_CAP);
    let spread = 0.75 + 0.5 * jitter.clamp(0.0, 1.0);
    let delay = exponential.mul_f64(spread);
    match not_before {
        Some(server) => delay.max(server),
        None => delay,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(code: &str) -> CallError {
        CallError::Refused {
            status: 409,
            code: ErrorCode::from_code(code),
            message: String::new(),
        }
    }

    #[test]
    fn transient_failures_are_retried_and_business_refusals_are_not() {
        assert_eq!(
            classify(&CallError::Offline("x".into())),
            Verdict::Retry {
                not_before: None,
                offline: true
            }
        );
        assert_eq!(
            classify(&CallError::Server { status: 503 }),
            Verdict::Retry {
                not_before: None,
                offline: false
            }
        );
        assert_eq!(
            classify(&CallError::BadResponse("garbage".into())),
            Verdict::Retry {
                not_before: None,
                offline: false
            }
        );
        let limited = CallError::RateLimited {
            retry_after: Some(Duration::from_secs(7)),
        };
        assert_eq!(
            classify(&limited),
            Verdict::Retry {
                not_before: Some(Duration::from_secs(7)),
                offline: false
            }
        );
        assert_eq!(classify(&refused("insufficient_points")), Verdict::Refuse);
        assert_eq!(
            classify(&refused("device_already_registered")),
            Verdict::Refuse
        );
        assert_eq!(
            classify(&refused("a_code_from_a_newer_server")),
            Verdict::Refuse
        );
        assert_eq!(
            classify(&refused("request_in_progress")),
            Verdict::Retry {
                not_before: None,
                offline: false
            }
        );
        assert_eq!(classify(&refused("cursor_expired")), Verdict::Resync);
        assert_eq!(classify(&CallError::SignedOut), Verdict::SignedOut);
    }

    #[test]
    fn backoff_grows_to_a_cap_with_jitter_and_respects_retry_after() {
        assert_eq!(backoff(0, 0.5, None), Duration::from_secs(2));
        assert_eq!(backoff(3, 0.5, None), Duration::from_secs(16));
        assert_eq!(backoff(30, 0.5, None), BACKOFF_CAP);
        assert_eq!(backoff(0, 0.0, None), Duration::from_millis(1500));
        assert_eq!(backoff(0, 1.0, None), Duration::from_millis(2500));
        assert_eq!(
            backoff(0, 0.5, Some(Duration::from_secs(60))),
            Duration::from_secs(60)
        );
        assert!(backoff(u32::MAX, 1.0, None) <= BACKOFF_CAP.mul_f64(1.25));
    }
}
