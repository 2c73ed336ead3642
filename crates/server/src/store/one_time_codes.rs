//! Single-use codes sent by email, stored as their SHA-256 only. What a code is for and
//! how long it lives is decided in [`crate::one_time_codes`].

use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::clock::to_millis;

/// Records a code of `account_id` for `purpose`, valid until `expires_at`.
pub async fn insert(
    conn: &mut AnyConnection,
    code_hash: &str,
    account_id: &str,
    purpose: &str,
    now: OffsetDateTime,
    expires_at: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO one_time_codes (code_hash, account_id, purpose, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(code_hash)
    .bind(account_id)
    .bind(purpose)
    .bind(to_millis(now))
    .bind(to_millis(expires_at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The account an open code (unused, unexpired) belongs to, without spending it.
pub async fn open_code_owner(
    conn: &mut AnyConnection,
    code_hash: &str,
    now: OffsetDateTime,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT account_id FROM one_time_codes WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(code_hash)
    .bind(to_millis(now))
    .fetch_optional(&mut *conn)
    .await
}

/// Spends every open code of an account: a password set by any means (a code, or a
/// signed-in change) makes older codes worthless. Returns how many were open.
pub async fn spend_all(
    conn: &mut AnyConnection,
    account_id: &str,
    now: OffsetDateTime,
) -> Result<u64, sqlx::Error> {
    let spent = sqlx::query(
        "UPDATE one_time_codes SET used_at = $1 WHERE account_id = $2 AND used_at IS NULL",
    )
    .bind(to_millis(now))
    .bind(account_id)
    .execute(&mut *conn)
    .await?;
    Ok(spent.rows_affected())
}
