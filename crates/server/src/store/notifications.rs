//! The in-app inbox's rows: written in the transaction of the event they report, each
//! also put in the account's change feed, so the phone learns of it with its next sync.

use companion_domain::wire::{Notification, NotificationKind};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::clock::{from_millis, to_millis};
use crate::db::col;
use crate::error::ApiError;
use crate::store::accounts::parse_uuid;
use crate::store::changes;

/// Where a notification goes besides the app's inbox: nowhere yet. A push sender added
/// later writes `app,push` and reads the rows that name `push`.
pub const APP_ONLY: &str = "app";

const COLUMNS: &str = "id, kind, subject_id, params, created_at, read_at";

/// Writes a notification for `account_id` and its change in the feed.
pub async fn add(
    conn: &mut AnyConnection,
    account_id: &str,
    kind: NotificationKind,
    subject_id: Option<&str>,
    params: serde_json::Map<String, serde_json::Value>,
    now: OffsetDateTime,
) -> Result<Notification, ApiError> {
    let notification = Notification {
        id: uuid::Uuid::new_v4(),
        kind,
        created_at: now,
        read_at: None,
        subject_id: subject_id.map(str::to_string),
        params,
    };
    sqlx::query(
        "INSERT INTO notifications (id, account_id, kind, subject_id, params, channels, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(notification.id.to_string())
    .bind(account_id)
    .bind(kind.as_str())
    .bind(subject_id)
    .bind(serde_json::to_string(&notification.params).map_err(anyhow::Error::from)?)
    .bind(APP_ONLY)
    .bind(to_millis(now))
    .execute(&mut *conn)
    .await?;
    changes::upserted(conn, account_id, &notification).await?;
    Ok(notification)
}

/// Marks one of the account's notifications read (kept as first read when it already
/// was) and puts it in the feed again; `None` if the account has no such notification.
pub async fn mark_read(
    conn: &mut AnyConnection,
    account_id: &str,
    id: &str,
    now: OffsetDateTime,
) -> Result<Option<Notification>, ApiError> {
    let marked = sqlx::query(
        "UPDATE notifications SET read_at = $3 WHERE id = $1 AND account_id = $2 AND read_at IS NULL",
    )
    .bind(id)
    .bind(account_id)
    .bind(to_millis(now))
    .execute(&mut *conn)
    .await?;
    let sql = format!("SELECT {COLUMNS} FROM notifications WHERE id = $1 AND account_id = $2");
    let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(account_id)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let notification = from_row(&row)?;
    if marked.rows_affected() == 1 {
        changes::upserted(conn, account_id, &notification).await?;
    }
    Ok(Some(notification))
}

/// Marks every unread notification of the account read; how many were.
pub async fn mark_all_read(
    conn: &mut AnyConnection,
    account_id: &str,
    now: OffsetDateTime,
) -> Result<u64, ApiError> {
    let sql = format!(
        "UPDATE notifications SET read_at = $2 WHERE account_id = $1 AND read_at IS NULL RETURNING {COLUMNS}"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(account_id)
        .bind(to_millis(now))
        .fetch_all(&mut *conn)
        .await?;
    for row in &rows {
        changes::upserted(conn, account_id, &from_row(row)?).await?;
    }
    Ok(rows.len() as u64)
}

fn from_row(row: &AnyRow) -> Result<Notification, ApiError> {
    let params: String = col(row, "params")?;
    Ok(Notification {
        id: parse_uuid(&col::<String>(row, "id")?)?,
        kind: NotificationKind::from_name(&col::<String>(row, "kind")?),
        created_at: from_millis(col(row, "created_at")?),
        read_at: col::<Option<i64>>(row, "read_at")?.map(from_millis),
        subject_id: col(row, "subject_id")?,
        params: serde_json::from_str(&params).map_err(anyhow::Error::from)?,
    })
}
