//! Saved answers of idempotent requests, one row per (scope, key). When to claim a key,
//! replay an answer or save a refusal is decided in [`crate::idempotency`].

use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::clock::to_millis;
use crate::db::col;

/// Forgets this key's saved answer if it was saved before `before`, so that an answer past
/// its time is never replayed, even before the purge runs.
pub async fn forget_if_older(
    conn: &mut AnyConnection,
    scope: &str,
    key: &str,
    before: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM idempotency WHERE scope = $1 AND idem_key = $2 AND created_at < $3")
        .bind(scope)
        .bind(key)
        .bind(to_millis(before))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Claims a key for a request (no answer yet). False if the key was claimed before: a
/// concurrent claim waits on the row until the first transaction ends.
pub async fn claim(
    conn: &mut AnyConnection,
    scope: &str,
    key: &str,
    request_hash: &str,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query(
        "INSERT INTO idempotency (scope, idem_key, request_hash, created_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(scope)
    .bind(key)
    .bind(request_hash)
    .bind(to_millis(now))
    .execute(&mut *conn)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// What was saved under a key claimed before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// The hash of the request that claimed the key.
    pub request_hash: String,
    /// The answer's status, once there is an answer.
    pub status_code: Option<i64>,
    /// The answer's JSON body, once there is an answer.
    pub body: Option<String>,
}

/// Reads what was saved under a claimed key.
pub async fn saved(conn: &mut AnyConnection, scope: &str, key: &str) -> Result<Saved, sqlx::Error> {
    let row = sqlx::query(
        "SELECT request_hash, status_code, body FROM idempotency WHERE scope = $1 AND idem_key = $2",
    )
    .bind(scope)
    .bind(key)
    .fetch_one(&mut *conn)
    .await?;
    Ok(Saved {
        request_hash: col(&row, "request_hash")?,
        status_code: col(&row, "status_code")?,
        body: col(&row, "body")?,
    })
}

/// Saves the answer of the work done under a claimed key, in the work's transaction;
/// `about` names the account whose personal data it holds.
pub async fn save_answer(
    conn: &mut AnyConnection,
    scope: &str,
    key: &str,
    status_code: i64,
    body: &str,
    about: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE idempotency SET status_code = $1, body = $2, account_id = $3
         WHERE scope = $4 AND idem_key = $5",
    )
    .bind(status_code)
    .bind(body)
    .bind(about)
    .bind(scope)
    .bind(key)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// What to save for a refused request.
#[derive(Debug)]
pub struct Refusal<'a> {
    /// The caller and route.
    pub scope: &'a str,
    /// The client's key.
    pub key: &'a str,
    /// The hash of the refused request.
    pub request_hash: &'a str,
    /// The refusal's status.
    pub status_code: i64,
    /// The refusal's JSON body.
    pub body: &'a str,
    /// When.
    pub at: OffsetDateTime,
}

/// Saves a refusal after its work rolled back (so its claim is gone too). A request that
/// claimed the key meanwhile keeps its own row.
pub async fn save_refusal(
    conn: &mut AnyConnection,
    refusal: &Refusal<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO idempotency (scope, idem_key, request_hash, status_code, body, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
    )
    .bind(refusal.scope)
    .bind(refusal.key)
    .bind(refusal.request_hash)
    .bind(refusal.status_code)
    .bind(refusal.body)
    .bind(to_millis(refusal.at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Replaces every saved answer about `account_id` with this one, and forgets whom it was
/// about (erasure).
pub async fn replace_answers_about(
    conn: &mut AnyConnection,
    account_id: &str,
    status_code: i64,
    body: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE idempotency SET status_code = $1, body = $2, account_id = NULL WHERE account_id = $3",
    )
    .bind(status_code)
    .bind(body)
    .bind(account_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Deletes answers saved before `before`; returns how many.
pub async fn purge(conn: &mut AnyConnection, before: OffsetDateTime) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM idempotency WHERE created_at < $1")
        .bind(to_millis(before))
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}
