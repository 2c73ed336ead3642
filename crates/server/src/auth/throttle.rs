//! Throttling of attempts that cost a password hash or could be abused from outside: log-in,
//! current-password checks, sign-up, support requests, password-reset requests and codes.
//!
//! Every attempt is counted *before* the work (an atomic upsert in the shared database, see
//! [`crate::store::throttle`]), so a burst of parallel requests cannot slip past the limit
//! between a check and a record, and several instances of the API count together. An
//! attempt that turns out to be legitimate (a right password, a valid code) gives its own
//! hit back, so only failures count; a password reset lifts an account's lock. Each kind of
//! key has its own key space, so an email that looks like an account id can never share a
//! bucket with one.

use std::future::Future;
use std::time::Duration;

use time::OffsetDateTime;

use crate::clock::to_millis;
use crate::db::Db;
use crate::error::{ApiError, ApiResult};
use crate::store::throttle as store;

/// At most `max` attempts within `window` (a fixed window that starts at the first one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// Attempts allowed within the window.
    pub max: u32,
    /// The window.
    pub window: Duration,
}

impl Limit {
    const fn per_minutes(max: u32, minutes: u64) -> Limit {
        Limit {
            max,
            window: Duration::from_secs(minutes * 60),
        }
    }
}

/// What is counted: each space is a kind of key with its own limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Space {
    /// Failed log-ins per email tried (stops guessing one account from many addresses).
    LoginEmail,
    /// Failed log-ins per client address (stops one address trying many accounts).
    LoginAddress,
    /// Failed log-ins from a device that signed in to the account before: while the
    /// account is locked, such a device still gets its own few tries.
    LoginDevice,
    /// Wrong current passwords per account (password change, account removal).
    PasswordCheck,
    /// Sign-ups per client address (each costs a password hash).
    SignUpAddress,
    /// Signed-out support requests per client address.
    SupportAddress,
    /// Support requests per signed-in account.
    SupportAccount,
    /// Password-reset emails per email address.
    ResetEmail,
    /// Password-reset requests per client address.
    ResetAddress,
    /// Reset-code confirmations per client address (stops code guessing).
    ResetCodeAddress,
    /// Wrong authenticator codes per staff member, at log-in and at step-up alike.
    MfaAccount,
    /// Device transfers asked for per account (each bothers another customer).
    TransferAccount,
}

/// What a legitimate attempt does to its hit. (Never "forget the bucket": a right password
/// arriving amid a parallel burst of guesses would wipe the guesses' counts and let as many
/// again through. Failures expire with their window; a password reset lifts a lock.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OnSuccess {
    /// Give this one hit back: only failures count.
    TakeBack,
    /// Keep it: every attempt counts, successful or not.
    Keep,
}

impl Space {
    /// The bucket-name prefix; distinct for every space.
    fn prefix(self) -> &'static str {
        match self {
            Space::LoginEmail => "login_email",
            Space::LoginAddress => "login_address",
            Space::LoginDevice => "login_device",
            Space::PasswordCheck => "password_check",
            Space::SignUpAddress => "sign_up_address",
            Space::SupportAddress => "support_address",
            Space::SupportAccount => "support_account",
            Space::ResetEmail => "reset_email",
            Space::ResetAddress => "reset_address",
            Space::ResetCodeAddress => "reset_code_address",
            Space::MfaAccount => "mfa_account",
            Space::TransferAccount => "transfer_account",
        }
    }

    fn on_success(self) -> OnSuccess {
        match self {
            Space::LoginEmail
            | Space::LoginDevice
            | Space::LoginAddress
            | Space::PasswordCheck
            | Space::ResetCodeAddress
            | Space::MfaAccount => OnSuccess::TakeBack,
            Space::SignUpAddress
            | Space::SupportAddress
            | Space::SupportAccount
            | Space::ResetEmail
            | Space::ResetAddress
            | Space::TransferAccount => OnSuccess::Keep,
        }
    }
}

/// The limit of every space. Defaults suit a shop's shared Wi-Fi or a mobile carrier's
/// shared address: generous per address, strict per account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// [`Space::LoginEmail`]: 5 per 15 minutes.
    pub login_email: Limit,
    /// [`Space::LoginAddress`]: 50 per 15 minutes.
    pub login_address: Limit,
    /// [`Space::LoginDevice`]: 5 per 15 minutes.
    pub login_device: Limit,
    /// [`Space::PasswordCheck`]: 5 per 15 minutes.
    pub password_check: Limit,
    /// [`Space::SignUpAddress`]: 10 per hour.
    pub sign_up_address: Limit,
    /// [`Space::SupportAddress`]: 5 per hour.
    pub support_address: Limit,
    /// [`Space::SupportAccount`]: 10 per hour.
    pub support_account: Limit,
    /// [`Space::ResetEmail`]: 3 per hour.
    pub reset_email: Limit,
    /// [`Space::ResetAddress`]: 30 per hour.
    pub reset_address: Limit,
    /// [`Space::ResetCodeAddress`]: 10 per 15 minutes.
    pub reset_code_address: Limit,
    /// [`Space::MfaAccount`]: 10 per 15 minutes.
    pub mfa_account: Limit,
    /// [`Space::TransferAccount`]: 5 per day.
    pub transfer_account: Limit,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            login_email: Limit::per_minutes(5, 15),
            login_address: Limit::per_minutes(50, 15),
            login_device: Limit::per_minutes(5, 15),
            password_check: Limit::per_minutes(5, 15),
            sign_up_address: Limit::per_minutes(10, 60),
            support_address: Limit::per_minutes(5, 60),
            support_account: Limit::per_minutes(10, 60),
            reset_email: Limit::per_minutes(3, 60),
            reset_address: Limit::per_minutes(30, 60),
            reset_code_address: Limit::per_minutes(10, 15),
            mfa_account: Limit::per_minutes(10, 15),
            transfer_account: Limit::per_minutes(5, 24 * 60),
        }
    }
}

impl Limits {
    /// The limit of `space`.
    pub fn of(&self, space: Space) -> Limit {
        match space {
            Space::LoginEmail => self.login_email,
            Space::LoginAddress => self.login_address,
            Space::LoginDevice => self.login_device,
            Space::PasswordCheck => self.password_check,
            Space::SignUpAddress => self.sign_up_address,
            Space::SupportAddress => self.support_address,
            Space::SupportAccount => self.support_account,
            Space::ResetEmail => self.reset_email,
            Space::ResetAddress => self.reset_address,
            Space::ResetCodeAddress => self.reset_code_address,
            Space::MfaAccount => self.mfa_account,
            Space::TransferAccount => self.transfer_account,
        }
    }

    /// The longest window of any space: older buckets can be purged.
    pub fn longest_window(&self) -> Duration {
        ALL_SPACES
            .iter()
            .map(|space| self.of(*space).window)
            .max()
            .unwrap_or_default()
    }
}

const ALL_SPACES: [Space; 12] = [
    Space::LoginEmail,
    Space::LoginAddress,
    Space::LoginDevice,
    Space::PasswordCheck,
    Space::SignUpAddress,
    Space::SupportAddress,
    Space::SupportAccount,
    Space::ResetEmail,
    Space::ResetAddress,
    Space::ResetCodeAddress,
    Space::MfaAccount,
    Space::TransferAccount,
];

/// One counter: a space and a key in it (an email, an address, an account id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    space: Space,
    name: String,
}

impl Bucket {
    /// The bucket of `key` in `space`. Keys are compared as given: callers normalise
    /// emails first.
    pub fn new(space: Space, key: &str) -> Bucket {
        Bucket {
            space,
            name: format!("{}:{key}", space.prefix()),
        }
    }

    /// The stored name (`space:key`).
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// The throttle: the shared database and the limits.
#[derive(Debug, Clone)]
pub struct Throttle {
    db: Db,
    limits: Limits,
}

/// Attempts counted in their buckets, for an outcome to be reported once known.
#[must_use = "report a legitimate attempt with `succeeded`"]
#[derive(Debug)]
pub struct Attempt {
    throttle: Throttle,
    buckets: Vec<Bucket>,
}

impl Throttle {
    /// A throttle over `db` with `limits`.
    pub fn new(db: Db, limits: Limits) -> Throttle {
        Throttle { db, limits }
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Counts an attempt in every bucket before the work is done. Refuses with 429 and the
    /// longest Retry-After if any bucket is over its limit (the hit stays counted).
    pub async fn attempt(&self, buckets: Vec<Bucket>, now: OffsetDateTime) -> ApiResult<Attempt> {
        let now_ms = to_millis(now);
        let mut conn = self.db.pool().acquire().await?;
        let mut wait_secs: Option<u64> = None;
        for bucket in &buckets {
            let limit = self.limits.of(bucket.space);
            let window_ms = limit.window.as_millis() as i64;
            let counted = store::hit(&mut conn, &bucket.name, now_ms, window_ms).await?;
            if counted.hits > i64::from(limit.max) {
                let left_ms = (counted.window_start + window_ms - now_ms).max(1);
                let secs = (left_ms as u64).div_ceil(1000);
                wait_secs = wait_secs.max(Some(secs));
                tracing::warn!(
                    target: "security",
                    event = "throttled",
                    space = bucket.space.prefix(),
                    hits = counted.hits,
                    "attempt refused: over the limit"
                );
            }
        }
        match wait_secs {
            Some(retry_after_secs) => Err(ApiError::TooManyAttempts { retry_after_secs }),
            None => Ok(Attempt {
                throttle: self.clone(),
                buckets,
            }),
        }
    }

    /// Forgets `bucket` (a password reset lifts the account's log-in lock).
    pub async fn lift(&self, bucket: &Bucket) -> ApiResult<()> {
        let mut conn = self.db.pool().acquire().await?;
        store::clear(&mut conn, &bucket.name).await?;
        Ok(())
    }

    /// Deletes buckets older than the longest window; returns how many.
    pub async fn purge(&self, now: OffsetDateTime) -> ApiResult<u64> {
        let before = to_millis(now) - self.limits.longest_window().as_millis() as i64;
        let mut conn = self.db.pool().acquire().await?;
        Ok(store::purge(&mut conn, before).await?)
    }
}

impl Attempt {
    /// Runs `check` (a password verification) to its end even if the client goes away
    /// meanwhile, and settles the attempt by its outcome: a request dropped mid-way must
    /// not leave a right password's hit counted as a failure. Returns whether it passed.
    pub async fn settle<F>(self, check: F) -> ApiResult<bool>
    where
        F: Future<Output = anyhow::Result<bool>> + Send + 'static,
    {
        let task = tokio::spawn(async move {
            let passed = check.await?;
            if passed {
                self.succeeded().await?;
            }
            Ok::<bool, ApiError>(passed)
        });
        task.await
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("the check stopped: {e}")))?
    }

    /// The attempt was legitimate (a right password, a valid code): each bucket gives its
    /// hit back or keeps it, as its space says.
    pub async fn succeeded(self) -> ApiResult<()> {
        let mut conn = self.throttle.db.pool().acquire().await?;
        for bucket in &self.buckets {
            match bucket.space.on_success() {
                OnSuccess::TakeBack => store::take_back(&mut conn, &bucket.name).await?,
                OnSuccess::Keep => {}
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_space_has_its_own_prefix() {
        let mut prefixes: Vec<_> = ALL_SPACES.iter().map(|s| s.prefix()).collect();
        prefixes.sort_unstable();
        prefixes.dedup();
        assert_eq!(prefixes.len(), ALL_SPACES.len());
    }

    #[test]
    fn an_email_shaped_like_an_account_key_stays_in_its_own_space() {
        let login = Bucket::new(Space::LoginEmail, "password_check:1234");
        let check = Bucket::new(Space::PasswordCheck, "1234");
        assert_ne!(login.name(), check.name());
    }

    #[test]
    fn the_longest_window_covers_every_space() {
        let limits = Limits::default();
        assert_eq!(
            limits.longest_window(),
            Duration::from_secs(24 * 3600),
            "transfers are counted per day"
        );
        for space in ALL_SPACES {
            assert!(limits.of(space).window <= limits.longest_window());
        }
    }
}
