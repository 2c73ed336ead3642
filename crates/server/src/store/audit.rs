//! The append-only log of back-office actions: who, when, what, on which account or
//! record, from where. Nothing here updates or deletes a row, and the database refuses it
//! anyway (triggers, migration 6).

use companion_domain::wire::{AuditEntry, StaffRole};
use sqlx::AnyConnection;
use time::OffsetDateTime;

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
    .bind(entry.id.to_string())
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

/// Appends what a staff member did about their own account (a log-in, a refused code).
pub async fn append_staff_event(
    conn: &mut AnyConnection,
    actor_id: &str,
    actor_role: StaffRole,
    action: &str,
    client: &str,
    detail: &str,
    now: OffsetDateTime,
) -> Result<(), ApiError> {
    let entry = AuditEntry {
        id: uuid::Uuid::new_v4(),
        at: now,
        actor_id: parse_uuid(actor_id)?,
        actor_role,
        action: action.to_string(),
        account_id: None,
        target_id: None,
        client: client.to_string(),
        detail: detail.to_string(),
    };
    append(conn, &entry).await?;
    Ok(())
}

/// Which entries to read: every field narrows; `before` continues from a page's last entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// About this customer.
    pub account_id: Option<String>,
    /// By this staff member.
    pub actor_id: Option<String>,
    /// This action.
    pub action: Option<String>,
    /// At or after.
    pub from: Option<OffsetDateTime>,
    /// Before.
    pub to: Option<OffsetDateTime>,
    /// Strictly older than this entry (its time and id).
    pub before: Option<(i64, String)>,
}

/// Up to `limit` entries matching `filter`, newest first (ties by id, so pages never
/// skip or repeat an entry).
pub async fn page(
    conn: &mut AnyConnection,
    filter: &Filter,
    limit: i64,
) -> Result<Vec<AuditEntry>, ApiError> {
    let mut conditions: Vec<String> = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    let mut numbers: Vec<i64> = Vec::new();
    // Parameters are numbered in the order they are bound: texts first, then numbers.
    let mut text_condition =
        |column: &str, value: &Option<String>, conditions: &mut Vec<String>| {
            if let Some(value) = value {
                texts.push(value.clone());
                conditions.push(format!("{column} = ${}", texts.len()));
            }
        };
    text_condition("account_id", &filter.account_id, &mut conditions);
    text_condition("actor_id", &filter.actor_id, &mut conditions);
    text_condition("action", &filter.action, &mut conditions);
    let before_id = filter.before.as_ref().map(|(_, id)| id.clone());
    if let Some(id) = &before_id {
        texts.push(id.clone());
    }
    let before_id_param = texts.len();
    let mut number = |value: i64| {
        numbers.push(value);
        texts.len() + numbers.len()
    };
    if let Some(from) = filter.from {
        let n = number(to_millis(from));
        conditions.push(format!("at >= ${n}"));
    }
    if let Some(to) = filter.to {
        let n = number(to_millis(to));
        conditions.push(format!("at < ${n}"));
    }
    if let Some((at, _)) = &filter.before {
        let n = number(*at);
        conditions.push(format!(
            "(at < ${n} OR (at = ${n} AND id < ${before_id_param}))"
        ));
    }
    let limit_param = number(limit);
    let where_clause = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    let sql = format!(
        "SELECT id, at, actor_id, actor_role, action, account_id, target_id, client, detail
         FROM audit_log {where_clause} ORDER BY at DESC, id DESC LIMIT ${limit_param}"
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for text in &texts {
        query = query.bind(text.clone());
    }
    for number in &numbers {
        query = query.bind(*number);
    }
    let rows = query.fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|row| {
            let role: String = col(row, "actor_role")?;
            Ok(AuditEntry {
                id: parse_uuid(&col::<String>(row, "id")?)?,
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
