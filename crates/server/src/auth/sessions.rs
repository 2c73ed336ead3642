//! Sessions and their tokens: sign-in issues a session with an access token and the first
//! refresh token of its family; refreshing spends a refresh token and issues the next.
//!
//! Reuse of a spent refresh token means it was stolen or replayed, so the whole session is
//! revoked, with one exception that keeps phones on bad networks signed in: if the answer to
//! a refresh was lost, the phone retries with the same token moments later. Within
//! [`LOST_ANSWER_GRACE`], and only while the token issued in its place was never used, that
//! retry rotates again (and the unused successor dies) instead of ending the session.

use std::time::Duration;

use companion_domain::wire::{ActiveSession, TokenPair};
use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::auth::tokens::{hash_token, new_token};
use crate::clock::{from_millis, to_millis};
use crate::config::Settings;
use crate::db::col;
use crate::error::ApiError;

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

/// Creates a session for `account_id`, from a client described as `client`, and returns
/// its first token pair.
pub async fn issue(
    conn: &mut AnyConnection,
    account_id: &str,
    client: &str,
    now: OffsetDateTime,
    settings: &Settings,
) -> Result<(String, TokenPair), sqlx::Error> {
    let session_id = uuid::Uuid::new_v4().to_string();
    let access = new_token();
    let ends = now + settings.session_lifetime;
    sqlx::query(
        "INSERT INTO sessions (id, account_id, access_token_hash, access_expires_at, created_at, last_used_at, client)
         VALUES ($1, $2, $3, $4, $5, $5, $6)",
    )
    .bind(&session_id)
    .bind(account_id)
    .bind(hash_token(&access))
    .bind(to_millis((now + settings.access_token_ttl).min(ends)))
    .bind(to_millis(now))
    .bind(client)
    .execute(&mut *conn)
    .await?;
    let refresh = insert_refresh_token(conn, &session_id, now, ends, settings).await?;
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
        "SELECT r.session_id, r.expires_at, r.used_at, r.replaced_by, s.revoked_at, s.created_at
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
    let ends = from_millis(col(&row, "created_at")?) + settings.session_lifetime;
    let now_ms = to_millis(now);
    if revoked_at.is_some() || expires_at <= now_ms || ends <= now {
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
    let next = insert_refresh_token(conn, &session_id, now, ends, settings).await?;
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
    sqlx::query(
        "UPDATE sessions SET access_token_hash = $1, access_expires_at = $2, last_used_at = $3 WHERE id = $4",
    )
    .bind(hash_token(&access))
    .bind(to_millis((now + settings.access_token_ttl).min(ends)))
    .bind(now_ms)
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

/// The account's live sessions (not ended, within their lifetime), most recently used
/// first; `current` marks the caller's.
pub async fn list(
    conn: &mut AnyConnection,
    account_id: &str,
    current: &str,
    now: OffsetDateTime,
    settings: &Settings,
) -> Result<Vec<ActiveSession>, ApiError> {
    let signed_in_after = now - settings.session_lifetime;
    let rows = sqlx::query(
        "SELECT id, created_at, last_used_at, client FROM sessions
         WHERE account_id = $1 AND revoked_at IS NULL AND created_at > $2
         ORDER BY COALESCE(last_used_at, created_at) DESC",
    )
    .bind(account_id)
    .bind(to_millis(signed_in_after))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let id: String = col(row, "id")?;
            let created_at: i64 = col(row, "created_at")?;
            Ok(ActiveSession {
                id: crate::store::accounts::parse_uuid(&id)?,
                created_at: from_millis(created_at),
                last_used_at: from_millis(
                    col::<Option<i64>>(row, "last_used_at")?.unwrap_or(created_at),
                ),
                current: id == current,
                client: col::<Option<String>>(row, "client")?
                    .unwrap_or_else(|| UNKNOWN_CLIENT.to_string()),
            })
        })
        .collect()
}

/// Ends one of the account's sessions; false if it is not theirs or already ended.
pub async fn revoke_own(
    conn: &mut AnyConnection,
    account_id: &str,
    session_id: &str,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let ended = sqlx::query(
        "UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND account_id = $3 AND revoked_at IS NULL",
    )
    .bind(to_millis(now))
    .bind(session_id)
    .bind(account_id)
    .execute(&mut *conn)
    .await?;
    Ok(ended.rows_affected() == 1)
}

/// How a client without a recognisable User-Agent is listed.
pub const UNKNOWN_CLIENT: &str = "Unknown device";

/// A coarse, non-identifying description of a client from its User-Agent: the app or a
/// browser, and the platform. Never the full header (it can fingerprint a person).
pub fn describe_client(user_agent: Option<&str>) -> String {
    let Some(agent) = user_agent else {
        return UNKNOWN_CLIENT.to_string();
    };
    let what = if agent.starts_with("Companion/") {
        "Companion app"
    } else if agent.contains("Mozilla/") {
        "Browser"
    } else {
        return UNKNOWN_CLIENT.to_string();
    };
    let platform = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iOS"),
        ("iOS", "iOS"),
        ("Mac OS X", "macOS"),
        ("Windows", "Windows"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(marker, _)| agent.contains(marker))
    .map(|(_, name)| *name);
    match platform {
        Some(platform) => format!("{what} · {platform}"),
        None => what.to_string(),
    }
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

/// A new refresh token, expiring after its own lifetime or when the session ends.
async fn insert_refresh_token(
    conn: &mut AnyConnection,
    session_id: &str,
    now: OffsetDateTime,
    session_ends: OffsetDateTime,
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
    .bind(to_millis(
        (now + settings.refresh_token_ttl).min(session_ends),
    ))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clients_are_described_coarsely() {
        assert_eq!(
            describe_client(Some("Companion/0.1.0 (Android 14; Pixel 8)")),
            "Companion app · Android"
        );
        assert_eq!(
            describe_client(Some(
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15"
            )),
            "Browser · iOS"
        );
        assert_eq!(describe_client(Some("curl/8.0")), UNKNOWN_CLIENT);
        assert_eq!(describe_client(None), UNKNOWN_CLIENT);
    }
}
