//! Login throttling: failed attempts are counted per account (the email tried) and per
//! client address in a sliding window; past the limit, attempts are refused with a
//! Retry-After before any password hashing happens.
//!
//! Counters live in memory: right for one server process. Several instances behind a load
//! balancer would move this to the shared database or a cache.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use time::OffsetDateTime;

use crate::error::ApiError;

/// A limit: at most `max_failures` within `window`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    /// Failures allowed within the window.
    pub max_failures: usize,
    /// The sliding window.
    pub window: Duration,
}

/// Failure counters for one kind of key.
#[derive(Debug)]
struct Counter {
    limit: Limit,
    failures: Mutex<HashMap<String, VecDeque<OffsetDateTime>>>,
}

/// Entries kept before stale keys are swept, bounding memory under an address flood.
const SWEEP_ABOVE: usize = 10_000;

impl Counter {
    fn new(limit: Limit) -> Self {
        Counter {
            limit,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// Seconds to wait if `key` is over the limit now.
    fn retry_after(&self, key: &str, now: OffsetDateTime) -> Option<u64> {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let times = map.get_mut(key)?;
        prune(times, now, self.limit.window);
        if times.len() >= self.limit.max_failures {
            let oldest = *times.front()?;
            let wait = (oldest + self.limit.window - now).whole_seconds().max(1);
            Some(wait as u64)
        } else {
            None
        }
    }

    fn record(&self, key: &str, now: OffsetDateTime) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() > SWEEP_ABOVE {
            let window = self.limit.window;
            map.retain(|_, times| {
                prune(times, now, window);
                !times.is_empty()
            });
        }
        map.entry(key.to_string()).or_default().push_back(now);
    }

    fn clear(&self, key: &str) {
        self.failures
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(key);
    }
}

fn prune(times: &mut VecDeque<OffsetDateTime>, now: OffsetDateTime, window: Duration) {
    while times.front().is_some_and(|t| *t + window <= now) {
        times.pop_front();
    }
}

/// Per-account and per-address failure limits for logins (and reset requests).
#[derive(Debug)]
pub struct LoginThrottle {
    per_account: Counter,
    per_address: Counter,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        LoginThrottle::new(
            Limit {
                max_failures: 5,
                window: Duration::from_secs(15 * 60),
            },
            Limit {
                max_failures: 50,
                window: Duration::from_secs(15 * 60),
            },
        )
    }
}

impl LoginThrottle {
    /// Custom limits.
    pub fn new(per_account: Limit, per_address: Limit) -> Self {
        LoginThrottle {
            per_account: Counter::new(per_account),
            per_address: Counter::new(per_address),
        }
    }

    /// `Some(seconds)` when the next attempt for this account or from this address must wait.
    pub fn check(&self, account: &str, address: &str, now: OffsetDateTime) -> Option<u64> {
        let by_account = self.per_account.retry_after(account, now);
        let by_address = self.per_address.retry_after(address, now);
        by_account.max(by_address)
    }

    /// Refuses with 429 and Retry-After while this account or address is held.
    pub fn guard(&self, account: &str, address: &str, now: OffsetDateTime) -> Result<(), ApiError> {
        match self.check(account, address, now) {
            Some(retry_after_secs) => Err(ApiError::TooManyAttempts { retry_after_secs }),
            None => Ok(()),
        }
    }

    /// Counts a failure (or, for reset requests, any attempt).
    pub fn record_failure(&self, account: &str, address: &str, now: OffsetDateTime) {
        self.per_account.record(account, now);
        self.per_address.record(address, now);
    }

    /// A successful login clears the account's failures (not the address's).
    pub fn record_success(&self, account: &str) {
        self.per_account.clear(account);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn throttle() -> LoginThrottle {
        LoginThrottle::new(
            Limit {
                max_failures: 3,
                window: Duration::from_secs(60),
            },
            Limit {
                max_failures: 5,
                window: Duration::from_secs(60),
            },
        )
    }

    #[test]
    fn an_account_is_held_after_its_limit_until_the_window_slides() {
        let t = throttle();
        let start = datetime!(2026-11-25 10:00 UTC);
        for i in 0..3 {
            assert_eq!(t.check("ana@example.pt", "1.1.1.1", start), None);
            t.record_failure(
                "ana@example.pt",
                "1.1.1.1",
                start + Duration::from_secs(i * 10),
            );
        }
        let now = start + Duration::from_secs(30);
        assert_eq!(t.check("ana@example.pt", "2.2.2.2", now), Some(30));
        assert_eq!(t.check("rui@example.pt", "2.2.2.2", now), None);
        assert_eq!(
            t.check("ana@example.pt", "2.2.2.2", start + Duration::from_secs(61)),
            None
        );
    }

    #[test]
    fn an_address_is_held_across_accounts_and_success_clears_only_the_account() {
        let t = throttle();
        let now = datetime!(2026-11-25 10:00 UTC);
        for i in 0..5 {
            t.record_failure(&format!("user{i}@example.pt"), "9.9.9.9", now);
        }
        assert!(t.check("new@example.pt", "9.9.9.9", now).is_some());
        assert!(t.check("new@example.pt", "8.8.8.8", now).is_none());
        for _ in 0..3 {
            t.record_failure("ana@example.pt", "7.7.7.7", now);
        }
        t.record_success("ana@example.pt");
        assert!(t.check("ana@example.pt", "6.6.6.6", now).is_none());
    }
}
