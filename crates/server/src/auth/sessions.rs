//! Sessions and their tokens: sign-in issues a session with an access token and the first
//! refresh token of its family; refreshing spends a refresh token and issues the next.
//!
//! Reuse of a spent refresh token means it was stolen or replayed, so the whole session is
//! revoked, with one exception that keeps phones on bad networks signed in: if the answer to
//! a refresh was lost, the phone retries with the same token moments later. Within
//! [`LOST_ANSWER_GRACE`], and only while the token issued in its place was never used, that
//! retry rotates again (and the unused successor dies) instead of ending the session.
//!
//! This module makes those decisions; the statements they need are in
//! [`crate::store::sessions`].

use std::time::Duration;

use companion_domain::wire::{ActiveSession, StaffRole, TokenPair};
use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::auth::tokens::{hash_token, new_token};
use crate::clock::to_millis;
use crate::config::Settings;
use crate::error::ApiError;
use crate::store::sessions::{self as store, NewSession};

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

/// How long a session and its tokens live: customers keep their phone signed in for
/// months; staff, who reach every customer's data, for a working day at most, and not
/// past half an hour without use (ASVS 5.0 V7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lifetimes {
    /// An access token.
    pub access: Duration,
    /// A refresh token, renewed at each use: the idle limit.
    pub refresh: Duration,
    /// The session, from its log-in.
    pub session: Duration,
}

impl Lifetimes {
    /// The lifetimes for an account with this staff role (`None`: a customer).
    pub fn for_role(staff_role: Option<StaffRole>, settings: &Settings) -> Lifetimes {
        match staff_role {
            Some(_) => Lifetimes {
                access: settings.staff_sessions.access_token_ttl,
                refresh: settings.staff_sessions.idle_timeout,
                session: settings.staff_sessions.lifetime,
            },
            None => Lifetimes {
                access: settings.access_token_ttl,
                refresh: settings.refresh_token_ttl,
                session: settings.session_lifetime,
            },
        }
    }
}

/// Creates a session for `account_id` (with this staff role, if staff), from a client
/// described as `client`, and returns its id and first token pair.
pub async fn issue(
    conn: &mut AnyConnection,
    account_id: &str,
    staff_role: Option<StaffRole>,
    client: &str,
    now: OffsetDateTime,
    settings: &Settings,
) -> Result<(String, TokenPair), sqlx::Error> {
    let lifetimes = Lifetimes::for_role(staff_role, settings);
    let session_id = uuid::Uuid::new_v4().to_string();
    let access = new_token();
    let ends = now + lifetimes.session;
    let access_expires_at = (now + lifetimes.access).min(ends);
    let session = NewSession {
        id: &session_id,
        account_id,
        access_token_hash: &hash_token(&access),
        access_expires_at,
        created_at: now,
        client,
    };
    store::insert(conn, &session).await?;
    let refresh = issue_refresh_token(conn, &session_id, now, ends, lifetimes.refresh).await?;
    Ok((session_id, pair(access, refresh, access_expires_at - now)))
}

/// Spends `refresh_token` and issues the next pair of its session.
pub async fn refresh(
    conn: &mut AnyConnection,
    refresh_token: &str,
    now: OffsetDateTime,
    settings: &Settings,
) -> Result<RefreshOutcome, sqlx::Error> {
    let Some(presented) = store::refresh_token(conn, &hash_token(refresh_token)).await? else {
        return Ok(RefreshOutcome::Invalid);
    };
    let session_id = presented.session_id.as_str();
    let lifetimes = Lifetimes::for_role(presented.staff_role, settings);
    let ends = presented.session_created_at + lifetimes.session;
    let now_ms = to_millis(now);
    if presented.session_revoked || presented.expires_at <= now_ms || ends <= now {
        return Ok(RefreshOutcome::Invalid);
    }
    if let Some(used_at) = presented.used_at {
        let within_grace = now_ms - used_at <= LOST_ANSWER_GRACE.as_millis() as i64;
        let successor_unused = match &presented.replaced_by {
            Some(successor) => store::refresh_token_is_unused(conn, successor).await?,
            None => false,
        };
        if !(within_grace && successor_unused) {
            store::revoke(conn, session_id, now).await?;
            return Ok(RefreshOutcome::Reused);
        }
        // The phone never got the successor: retire it and rotate again.
        if let Some(successor) = &presented.replaced_by {
            store::retire_refresh_token(conn, successor, now).await?;
        }
    }
    let access = new_token();
    let next = issue_refresh_token(conn, session_id, now, ends, lifetimes.refresh).await?;
    let spent = store::spend_refresh_token(
        conn,
        &hash_token(refresh_token),
        &hash_token(&next),
        presented.used_at,
        now,
    )
    .await?;
    if !spent {
        // Another request spent it between our read and write: treat as reuse.
        store::revoke(conn, session_id, now).await?;
        return Ok(RefreshOutcome::Reused);
    }
    let access_expires_at = (now + lifetimes.access).min(ends);
    store::replace_access_token(
        conn,
        session_id,
        &hash_token(&access),
        access_expires_at,
        now,
    )
    .await?;
    Ok(RefreshOutcome::Rotated(pair(
        access,
        next,
        access_expires_at - now,
    )))
}

/// The account's live sessions, most recently used first; `current` marks the caller's.
/// A session lives at most its role's lifetime from sign-in however often it is used, so
/// one signed in before that is not listed even if nobody ended it.
pub async fn list(
    conn: &mut AnyConnection,
    account_id: &str,
    staff_role: Option<StaffRole>,
    current: &str,
    now: OffsetDateTime,
    settings: &Settings,
) -> Result<Vec<ActiveSession>, ApiError> {
    let lifetime = Lifetimes::for_role(staff_role, settings).session;
    store::live(conn, account_id, current, now - lifetime, lifetime).await
}

pub use crate::store::sessions::UNKNOWN_CLIENT;

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

/// A new refresh token, expiring after its own lifetime or when the session ends.
async fn issue_refresh_token(
    conn: &mut AnyConnection,
    session_id: &str,
    now: OffsetDateTime,
    session_ends: OffsetDateTime,
    lifetime: Duration,
) -> Result<String, sqlx::Error> {
    let token = new_token();
    let expires_at = (now + lifetime).min(session_ends);
    store::insert_refresh_token(conn, &hash_token(&token), session_id, now, expires_at).await?;
    Ok(token)
}

fn pair(access_token: String, refresh_token: String, access_lives: time::Duration) -> TokenPair {
    TokenPair {
        access_token,
        refresh_token,
        token_type: "Bearer".to_string(),
        expires_in: access_lives.whole_seconds(),
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
