//! Single-use codes sent by email (`mail::Mail`): password resets and invitations.
//!
//! A code is 10 Crockford base32 characters (50 bits), short enough to type from the email
//! on a phone; with an expiry of minutes to days and per-email request limits, guessing one
//! is hopeless. Only its SHA-256 is stored; using it marks it (and every other code of the
//! account) spent.

use std::time::Duration;

use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::auth::tokens::{hash_token, new_code, normalize_code};
use crate::error::ApiError;
use crate::store::one_time_codes as store;

/// What a code is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// "Forgot password": valid 30 minutes.
    PasswordReset,
    /// Assisted sign-up in a shop: the customer sets a password; valid 7 days.
    Invitation,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::PasswordReset => "password_reset",
            Purpose::Invitation => "invitation",
        }
    }

    fn lifetime(self) -> Duration {
        match self {
            Purpose::PasswordReset => Duration::from_secs(30 * 60),
            Purpose::Invitation => Duration::from_secs(7 * 24 * 3600),
        }
    }
}

/// Creates a code for `account_id` and returns it in the grouped form `XXXXX-XXXXX`.
pub async fn create(
    conn: &mut AnyConnection,
    account_id: &str,
    purpose: Purpose,
    now: OffsetDateTime,
) -> Result<String, ApiError> {
    let code = new_code(10);
    let expires_at = now + purpose.lifetime();
    store::insert(
        conn,
        &hash_token(&code),
        account_id,
        purpose.as_str(),
        now,
        expires_at,
    )
    .await?;
    Ok(format!("{}-{}", &code[..5], &code[5..]))
}

/// Spends a code: the account it belongs to, or `None` if unknown, used or expired.
pub async fn redeem(
    conn: &mut AnyConnection,
    typed: &str,
    now: OffsetDateTime,
) -> Result<Option<String>, ApiError> {
    let Some(account_id) = peek(conn, typed, now).await? else {
        return Ok(None);
    };
    let spent = store::spend_all(conn, &account_id, now).await?;
    Ok((spent > 0).then_some(account_id))
}

/// Looks a code up without spending it, to check a new password before committing.
pub async fn peek(
    conn: &mut AnyConnection,
    typed: &str,
    now: OffsetDateTime,
) -> Result<Option<String>, ApiError> {
    Ok(store::open_code_owner(conn, &hash_token(&normalize_code(typed)), now).await?)
}
