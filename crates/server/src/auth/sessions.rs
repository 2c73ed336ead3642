//! Sessions and their tokens: sign-in issues a session with an access token and the first
//! refresh token of its family; refreshing spends a refresh token and issues the next.
//!
//! Reuse of a spent refresh token means it was stolen or replayed, so the whole session is
//! revoked, with one exception that keeps phones on bad networks signed in: if the answer to
//! a refresh was lost, the phone retries with the same token moments later. Within
//! [`LOST_ANSWER_GRACE`], and only while the token issued in its place was never used, that
//! retry rotates again (and the unused successor dies) instead of ending the session.

use std::time::Duration;

use companion_domain::wire::TokenPair;
use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::auth::tokens::{hash_token, new_token};
use crate::clock::to_millis;
use crate::config::Settings;
use crate::db::col;

/// How long a lost refresh answer may be retried with the spent token.
pub const LOST_ANSWER_GRACE: Duration = Duration::from_secs(60);

/// The result of presenting a refresh token.
#[derive(Debug)]
pub enum RefreshOutcome {
    /// A fresh pair.
    Rotated(TokenPair),
    /// Unknown, expired or revoked: refuse.
    Invalid,
    /// A spent token replayed: the session was revoked; refuse.
    Reused,
}

/// Creates a session for `account_id` and returns its first token pair.
pub async fn issue(
    conn: &mut AnyConnection,
    account_id: &str,
    now: OffsetDateTime,
    settings: &Settings,
) -> Result<(String, TokenPair), sqlx::Error> {
    let session_id = uuid::Uuid::new_v4().to_string();
    let access = new_token();
    sqlx::query(
        "INSERT INTO sessions (id, account_id, access_token_hash, access_expires_at, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&session_id)
    .bind(account_id)
    .bind(hash_token(&access))
    .bind(to_millis(now + settings.access_token_ttl))
    .bind(to_millis(now))
    .execute(&mut *conn)
    .await?;
    let refresh = insert_refresh_token(conn, &session_id, now, settings).await?;
    Ok((session_id, pair(access, refresh, settings)))
}

/// Spends `refresh_token` and issues the next pair of its session.
pub async fn refresh(
    conn: &mut AnyConnection,
    refresh_token: &str,
    now: OffsetDateTime,
    settings: &Settings,
) -> Result<RefreshOutcome, sqlx::Error> {
    let row = sqlx::query(
        "SELECT r.session_id, r.expires_at, r.used_at, r.replaced_by, s.revoked_at
         FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id
         WHERE r.token_hash = $1",
    )
    .bind(hash_token(refresh_token))
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok(RefreshOutcome::Invalid);
    };
    let session_id: String = col(&row, "session_id")?;
    let expires_at: i64 = col(&row, "expires_at")?;
    let used_at: Option<i64> = col(&row, "used_at")?;
    let replaced_by: Option<String> = col(&row, "replaced_by")?;
    let revoked_at: Option<i64> = col(&row, "revoked_at")?;
    let now_ms = to_millis(now);
    if revoked_at.is_some() || expires_at <= now_ms {
        return Ok(RefreshOutcome::Invalid);
    }
    if let Some(used_at) = used_at {
        let within_grace = now_ms - used_at <= LOST_ANSWER_GRACE.as_millis() as i64;
        let successor_unused = match &replaced_by {
            Some(successor) => successor_is_unused(conn, successor).await?,
            None => false,
        };
        if !(within_grace && successor_unused) {
            revoke_session(conn, &session_id, now).await?;
            return Ok(RefreshOutcome::Reused);
        }
        // The phone never got the successor: retire it and rotate again.
        if let Some(successor) = &replaced_by {
            sqlx::query("UPDATE refresh_tokens SET used_at = $1 WHERE token_hash = $2")
                .bind(now_ms)
                .bind(successor)
                .execute(&mut *conn)
                .await?;
        }
    }
    let access = new_token();
    let next = insert_refresh_token(conn, &session_id, now, settings).await?;
    let spent = sqlx::query(
        "UPDATE refresh_tokens SET used_at = $1, replaced_by = $2
         WHERE token_hash = $3 AND (used_at IS NULL OR used_at = $4)",
    )
    .bind(used_at.unwrap_or(now_ms))
    .bind(hash_token(&next))
    .bind(hash_token(refresh_token))
    .bind(used_at.unwrap_or(-1))
    .execute(&mut *conn)
    .await?;
    if spent.rows_affected() != 1 {
        // Another request spent it between our read and write: treat as reuse.
        revoke_session(conn, &session_id, now).await?;
        return Ok(RefreshOutcome::Reused);
    }
    sqlx::query("UPDATE sessions SET access_token_hash = $1, access_expires_at = $2 WHERE id = $3")
        .bind(hash_token(&access))
        .bind(to_millis(now + settings.access_token_ttl))
        .bind(&session_id)
        .execute(&mut *conn)
        .await?;
    Ok(RefreshOutcome::Rotated(pair(access, next, settings)))
}

async fn successor_is_unused(conn: &mut AnyConnection, hash: &str) -> Result<bool, sqlx::Error> {
    let used: Option<Option<i64>> =
        sqlx::query_scalar("SELECT used_at FROM refresh_tokens WHERE token_hash = $1")
            .bind(hash)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(matches!(used, Some(None)))
}

/// Ends one session: its access token stops working at once and its refresh tokens too.
pub async fn revoke_session(
    conn: &mut AnyConnection,
    session_id: &str,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(to_millis(now))
        .bind(session_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Ends every session of an account, except `keep` (the one changing its password).
pub async fn revoke_all(
    conn: &mut AnyConnection,
    account_id: &str,
    keep: Option<&str>,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE sessions SET revoked_at = $1
         WHERE account_id = $2 AND revoked_at IS NULL AND id <> $3",
    )
    .bind(to_millis(now))
    .bind(account_id)
    .bind(keep.unwrap_or(""))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn insert_refresh_token(
    conn: &mut AnyConnection,
    session_id: &str,
    now: OffsetDateTime,
    settings: &Settings,
) -> Result<String, sqlx::Error> {
    let token = new_token();
    sqlx::query(
        "INSERT INTO refresh_tokens (token_hash, session_id, issued_at, expires_at)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(hash_token(&token))
    .bind(session_id)
    .bind(to_millis(now))
    .bind(to_millis(now + settings.refresh_token_ttl))
    .execute(&mut *conn)
    .await?;
    Ok(token)
}

fn pair(access_token: String, refresh_token: String, settings: &Settings) -> TokenPair {
    TokenPair {
        access_token,
        refresh_token,
        token_type: "Bearer".to_string(),
        expires_in: settings.access_token_ttl.as_secs() as i64,
    }
}
