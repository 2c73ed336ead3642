//! The append-only log of back-office actions: who, when, what, on which account or
//! record, from where. Nothing here updates or deletes a row.

use companion_domain::wire::{AuditEntry, StaffRole};
use sqlx::AnyConnection;

use crate::clock::{from_millis, to_millis};
use crate::db::col;
use crate::error::ApiError;
use crate::store::accounts::parse_uuid;

/// Appends one entry.
pub async fn append(conn: &mut AnyConnection, entry: &AuditEntry) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (id, at, actor_id, actor_role, action, account_id, target_id, client, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(to_millis(entry.at))
    .bind(entry.actor_id.to_string())
    .bind(entry.actor_role.as_str())
    .bind(&entry.action)
    .bind(entry.account_id.map(|id| id.to_string()))
    .bind(&entry.target_id)
    .bind(&entry.client)
    .bind(&entry.detail)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The latest `limit` entries, newest first.
pub async fn latest(conn: &mut AnyConnection, limit: i64) -> Result<Vec<AuditEntry>, ApiError> {
    let rows = sqlx::query(
        "SELECT at, actor_id, actor_role, action, account_id, target_id, client, detail
         FROM audit_log ORDER BY at DESC, id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let role: String = col(row, "actor_role")?;
            Ok(AuditEntry {
                at: from_millis(col(row, "at")?),
                actor_id: parse_uuid(&col::<String>(row, "actor_id")?)?,
                actor_role: StaffRole::from_name(&role)
                    .ok_or_else(|| anyhow::anyhow!("unknown stored role {role:?}"))?,
                action: col(row, "action")?,
                account_id: col::<Option<String>>(row, "account_id")?
                    .map(|id| parse_uuid(&id))
                    .transpose()?,
                target_id: col(row, "target_id")?,
                client: col(row, "client")?,
                detail: col(row, "detail")?,
            })
        })
        .collect()
}
