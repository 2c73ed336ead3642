//! Sessions and their refresh tokens. The decisions (lifetimes, rotation, what a reused
//! token means) are in [`crate::auth::sessions`]; these are the statements they need.
//! Tokens arrive here already hashed: no token is ever stored or compared in clear.

use companion_domain::wire::{ActiveSession, SessionInfo};
use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::clock::{from_millis, to_millis};
use crate::db::col;
use crate::error::ApiError;
use crate::store::accounts::{parse_uuid, role_from_name, staff_role_from_name};

/// How a client without a recognisable User-Agent is listed.
pub const UNKNOWN_CLIENT: &str = "Unknown device";

/// Whose an access token is: what the authentication extractors turn into a caller.
#[derive(Debug, Clone)]
pub struct TokenOwner {
    /// The account.
    pub account_id: String,
    /// The session the token belongs to.
    pub session_id: String,
    /// Customer or staff.
    pub role: companion_domain::wire::Role,
    /// For staff, what they may do.
    pub staff_role: Option<companion_domain::wire::StaffRole>,
}

/// A session to record at sign-in.
#[derive(Debug)]
pub struct NewSession<'a> {
    /// Its id (a UUID).
    pub id: &'a str,
    /// Whose it is.
    pub account_id: &'a str,
    /// The hash of its first access token.
    pub access_token_hash: &'a str,
    /// When that token stops working.
    pub access_expires_at: OffsetDateTime,
    /// Sign-in time, from which the session's absolute lifetime runs.
    pub created_at: OffsetDateTime,
    /// The coarse description of the client shown in the session list.
    pub client: &'a str,
}

/// Records a new session, used as of its creation.
pub async fn insert(conn: &mut AnyConnection, session: &NewSession<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sessions (id, account_id, access_token_hash, access_expires_at, created_at, last_used_at, client)
         VALUES ($1, $2, $3, $4, $5, $5, $6)",
    )
    .bind(session.id)
    .bind(session.account_id)
    .bind(session.access_token_hash)
    .bind(to_millis(session.access_expires_at))
    .bind(to_millis(session.created_at))
    .bind(session.client)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Whose an access token is, if it still works: its session not ended, the
/// token not expired, the account not erased. One indexed read per request, the price of
/// opaque tokens that can be revoked at once.
pub async fn caller_by_access_token(
    conn: &mut AnyConnection,
    token_hash: &str,
    now: OffsetDateTime,
) -> Result<Option<TokenOwner>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT s.id, s.account_id, a.role
         FROM sessions s JOIN accounts a ON a.id = s.account_id
         WHERE s.access_token_hash = $1 AND s.revoked_at IS NULL AND s.access_expires_at > $2
           AND a.erased_at IS NULL AND a.disabled_at IS NULL",
    )
    .bind(token_hash)
    .bind(to_millis(now))
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| {
        Ok(TokenOwner {
            account_id: col(&row, "account_id")?,
            session_id: col(&row, "id")?,
            role: role_from_name(&col::<String>(&row, "role")?),
            staff_role: staff_role_from_name(&col::<String>(&row, "role")?),
        })
    })
    .transpose()
}

/// Gives a session the access token issued by a refresh, and marks it used `now`.
pub async fn replace_access_token(
    conn: &mut AnyConnection,
    session_id: &str,
    token_hash: &str,
    expires_at: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE sessions SET access_token_hash = $1, access_expires_at = $2, last_used_at = $3 WHERE id = $4",
    )
    .bind(token_hash)
    .bind(to_millis(expires_at))
    .bind(to_millis(now))
    .bind(session_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Ends one session: its access token stops working at once and its refresh tokens too
/// (a refresh checks the session). Ending an ended session changes nothing.
pub async fn revoke(
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

/// Ends one of the account's sessions; false if it is not theirs or already ended, so a
/// customer can never end someone else's session by guessing its id.
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

/// Ends every session of an account, except `keep` (the one changing its password or
/// asking to sign the others out).
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

/// The account's sessions not ended and begun after `signed_in_after`, most recently used
/// first; `current` marks the caller's own; each ends `lifetime` after it began.
pub async fn live(
    conn: &mut AnyConnection,
    account_id: &str,
    current: &str,
    signed_in_after: OffsetDateTime,
    lifetime: std::time::Duration,
) -> Result<Vec<ActiveSession>, ApiError> {
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
                id: parse_uuid(&id)?,
                created_at: from_millis(created_at),
                last_used_at: from_millis(
                    col::<Option<i64>>(row, "last_used_at")?.unwrap_or(created_at),
                ),
                expires_at: from_millis(created_at) + lifetime,
                current: id == current,
                client: col::<Option<String>>(row, "client")?
                    .unwrap_or_else(|| UNKNOWN_CLIENT.to_string()),
            })
        })
        .collect()
}

/// The account's sessions not ended, oldest first, for the data export.
pub async fn open_for_export(
    conn: &mut AnyConnection,
    account_id: &str,
) -> Result<Vec<SessionInfo>, ApiError> {
    let rows = sqlx::query(
        "SELECT id, created_at FROM sessions WHERE account_id = $1 AND revoked_at IS NULL ORDER BY created_at",
    )
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(SessionInfo {
                id: parse_uuid(&col::<String>(row, "id")?)?,
                created_at: from_millis(col(row, "created_at")?),
            })
        })
        .collect()
}

/// A refresh token as stored, with what its session says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRefreshToken {
    /// The session it belongs to.
    pub session_id: String,
    /// When it stops working (Unix milliseconds).
    pub expires_at: i64,
    /// When it was spent (Unix milliseconds), if it was.
    pub used_at: Option<i64>,
    /// The hash of the token issued in its place, if any.
    pub replaced_by: Option<String>,
    /// Whether its session was ended.
    pub session_revoked: bool,
    /// When its session began.
    pub session_created_at: OffsetDateTime,
    /// The account's staff role, if staff (their sessions are shorter).
    pub staff_role: Option<companion_domain::wire::StaffRole>,
}

/// Looks a refresh token up by its hash.
pub async fn refresh_token(
    conn: &mut AnyConnection,
    token_hash: &str,
) -> Result<Option<StoredRefreshToken>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT r.session_id, r.expires_at, r.used_at, r.replaced_by, s.revoked_at, s.created_at, a.role
         FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id
         JOIN accounts a ON a.id = s.account_id
         WHERE r.token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| {
        Ok(StoredRefreshToken {
            session_id: col(&row, "session_id")?,
            expires_at: col(&row, "expires_at")?,
            used_at: col(&row, "used_at")?,
            replaced_by: col(&row, "replaced_by")?,
            session_revoked: col::<Option<i64>>(&row, "revoked_at")?.is_some(),
            session_created_at: from_millis(col(&row, "created_at")?),
            staff_role: staff_role_from_name(&col::<String>(&row, "role")?),
        })
    })
    .transpose()
}

/// Records a refresh token of a session.
pub async fn insert_refresh_token(
    conn: &mut AnyConnection,
    token_hash: &str,
    session_id: &str,
    issued_at: OffsetDateTime,
    expires_at: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO refresh_tokens (token_hash, session_id, issued_at, expires_at)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(session_id)
    .bind(to_millis(issued_at))
    .bind(to_millis(expires_at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Whether this refresh token exists and was never spent (a successor the phone may
/// never have received).
pub async fn refresh_token_is_unused(
    conn: &mut AnyConnection,
    token_hash: &str,
) -> Result<bool, sqlx::Error> {
    let used: Option<Option<i64>> =
        sqlx::query_scalar("SELECT used_at FROM refresh_tokens WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(matches!(used, Some(None)))
}

/// Marks a refresh token spent without a successor (one issued in a lost answer).
pub async fn retire_refresh_token(
    conn: &mut AnyConnection,
    token_hash: &str,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE refresh_tokens SET used_at = $1 WHERE token_hash = $2")
        .bind(to_millis(now))
        .bind(token_hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Spends a refresh token in favour of `replaced_by`, only if it is still as it was read:
/// unused, or spent at `used_at` (a retry within the grace keeps that first time). False
/// when another request spent it between the read and this write.
pub async fn spend_refresh_token(
    conn: &mut AnyConnection,
    token_hash: &str,
    replaced_by: &str,
    used_at: Option<i64>,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let spent = sqlx::query(
        "UPDATE refresh_tokens SET used_at = $1, replaced_by = $2
         WHERE token_hash = $3 AND (used_at IS NULL OR used_at = $4)",
    )
    .bind(used_at.unwrap_or(to_millis(now)))
    .bind(replaced_by)
    .bind(token_hash)
    .bind(used_at.unwrap_or(-1))
    .execute(&mut *conn)
    .await?;
    Ok(spent.rows_affected() == 1)
}
