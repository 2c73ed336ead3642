//! Devices that signed in to an account before: their token exempts them from the
//! account's log-in lock (they are limited on their own instead). Stored hashed.

use sqlx::AnyConnection;

use crate::auth::tokens::{hash_token, new_token};
use crate::clock::to_millis;

/// Whether `token` was given to a device of the live account with this email.
pub async fn is_known(
    conn: &mut AnyConnection,
    token: &str,
    email: &str,
) -> Result<bool, sqlx::Error> {
    let found: Option<String> = sqlx::query_scalar(
        "SELECT d.account_id FROM login_devices d JOIN accounts a ON a.id = d.account_id
         WHERE d.token_hash = $1 AND a.email = $2 AND a.erased_at IS NULL",
    )
    .bind(hash_token(token))
    .bind(email)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(found.is_some())
}

/// After a successful log-in: keeps a known device's token (marking it used), or gives the
/// device a new one. Returns the token the device should keep.
pub async fn remember(
    conn: &mut AnyConnection,
    account_id: &str,
    presented: Option<&str>,
    now: time::OffsetDateTime,
) -> Result<String, sqlx::Error> {
    if let Some(token) = presented {
        let touched = sqlx::query(
            "UPDATE login_devices SET last_used_at = $1 WHERE token_hash = $2 AND account_id = $3",
        )
        .bind(to_millis(now))
        .bind(hash_token(token))
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
        if touched.rows_affected() == 1 {
            return Ok(token.to_string());
        }
    }
    let token = new_token();
    sqlx::query(
        "INSERT INTO login_devices (token_hash, account_id, created_at, last_used_at) VALUES ($1, $2, $3, $3)",
    )
    .bind(hash_token(&token))
    .bind(account_id)
    .bind(to_millis(now))
    .execute(&mut *conn)
    .await?;
    Ok(token)
}
