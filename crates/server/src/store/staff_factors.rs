//! Staff second factors (TOTP secrets and the last step accepted from each) and the
//! challenges between a right password and a right code. The decisions are in
//! [`crate::auth::mfa`]; these are the statements. Challenge tokens arrive hashed.

use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::clock::to_millis;
use crate::db::col;

/// A staff member's factor as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFactor {
    /// The shared secret, base32.
    pub secret: String,
    /// Whether a code from it was ever accepted (until then it may be replaced).
    pub confirmed: bool,
}

/// The factor of `account_id`, if one was begun.
pub async fn factor(
    conn: &mut AnyConnection,
    account_id: &str,
) -> Result<Option<StoredFactor>, sqlx::Error> {
    let row = sqlx::query("SELECT secret, confirmed_at FROM staff_factors WHERE account_id = $1")
        .bind(account_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|row| {
        Ok(StoredFactor {
            secret: col(&row, "secret")?,
            confirmed: col::<Option<i64>>(&row, "confirmed_at")?.is_some(),
        })
    })
    .transpose()
}

/// Begins an enrolment with `secret` (replacing a pending one); a confirmed factor is
/// never replaced here. False if the account already has a confirmed factor.
pub async fn begin_enrolment(
    conn: &mut AnyConnection,
    account_id: &str,
    secret: &str,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO staff_factors (account_id, secret, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (account_id) DO UPDATE SET secret = excluded.secret,
             created_at = excluded.created_at, last_step = NULL
         WHERE staff_factors.confirmed_at IS NULL",
    )
    .bind(account_id)
    .bind(secret)
    .bind(to_millis(now))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records that the code of `step` was accepted, only if no code of that step or a later
/// one was accepted before (one conditional update, so two instances never both accept
/// the same code); confirms the factor. False: the code was used already.
pub async fn accept_step(
    conn: &mut AnyConnection,
    account_id: &str,
    step: i64,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE staff_factors SET last_step = $1, confirmed_at = COALESCE(confirmed_at, $2)
         WHERE account_id = $3 AND (last_step IS NULL OR last_step < $1)",
    )
    .bind(step)
    .bind(to_millis(now))
    .bind(account_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Removes a staff member's factor (an admin's reset): the next log-in enrols again.
/// False if there was none.
pub async fn remove(conn: &mut AnyConnection, account_id: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM staff_factors WHERE account_id = $1")
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM mfa_challenges WHERE account_id = $1")
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// A challenge to record after a right password.
#[derive(Debug)]
pub struct NewChallenge<'a> {
    /// The hash of the token given to the client.
    pub token_hash: &'a str,
    /// Whose password it was.
    pub account_id: &'a str,
    /// Now.
    pub created_at: OffsetDateTime,
    /// When it dies unused.
    pub expires_at: OffsetDateTime,
    /// The log-in device token the client presented, to remember once the code is right.
    pub device_token: Option<&'a str>,
    /// The coarse client description for the session list.
    pub client: &'a str,
}

/// Records a challenge.
pub async fn insert_challenge(
    conn: &mut AnyConnection,
    new: &NewChallenge<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO mfa_challenges (token_hash, account_id, created_at, expires_at, device_token, client)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(new.token_hash)
    .bind(new.account_id)
    .bind(to_millis(new.created_at))
    .bind(to_millis(new.expires_at))
    .bind(new.device_token)
    .bind(new.client)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A challenge still open: not used, not expired, not dead of wrong codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenChallenge {
    /// Whose it is.
    pub account_id: String,
    /// The device token presented with the password.
    pub device_token: Option<String>,
    /// The client description.
    pub client: String,
}

/// The open challenge with this token hash, if any (`max_failures` wrong codes kill it).
pub async fn open_challenge(
    conn: &mut AnyConnection,
    token_hash: &str,
    max_failures: i64,
    now: OffsetDateTime,
) -> Result<Option<OpenChallenge>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT account_id, device_token, client FROM mfa_challenges
         WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 AND failures < $3",
    )
    .bind(token_hash)
    .bind(to_millis(now))
    .bind(max_failures)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| {
        Ok(OpenChallenge {
            account_id: col(&row, "account_id")?,
            device_token: col(&row, "device_token")?,
            client: col(&row, "client")?,
        })
    })
    .transpose()
}

/// Counts a wrong code against a challenge.
pub async fn count_failure(conn: &mut AnyConnection, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE mfa_challenges SET failures = failures + 1 WHERE token_hash = $1")
        .bind(token_hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Spends a challenge, only if it is still open; false if another request spent it.
pub async fn spend_challenge(
    conn: &mut AnyConnection,
    token_hash: &str,
    max_failures: i64,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE mfa_challenges SET used_at = $1
         WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 AND failures < $3",
    )
    .bind(to_millis(now))
    .bind(token_hash)
    .bind(max_failures)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes challenges that expired before `before`; returns how many.
pub async fn purge_challenges(
    conn: &mut AnyConnection,
    before: OffsetDateTime,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM mfa_challenges WHERE expires_at < $1")
        .bind(to_millis(before))
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}
