//! The append-only points ledger.
//!
//! The balance lives on the account row and moves only through [`append`], with a
//! conditional update that refuses to go below zero. That single statement is the guard
//! against double-spending: concurrent redemptions serialise on the account row, and the
//! second finds the balance already spent.

use companion_domain::wire::{LoyaltyEntry, LoyaltyEntryKind};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::clock::{from_millis, to_millis};
use crate::db::col;
use crate::error::ApiError;
use crate::store::{accounts, changes};

/// The columns [`from_row`] reads.
pub const ENTRY_COLUMNS: &str =
    "id, points, kind, description, balance_after, created_at, entry_no";

/// Maps a row selected with [`ENTRY_COLUMNS`].
pub fn from_row(row: &AnyRow) -> Result<LoyaltyEntry, ApiError> {
    let kind: String = col(row, "kind")?;
    Ok(LoyaltyEntry {
        id: accounts::parse_uuid(&col::<String>(row, "id")?)?,
        points: col(row, "points")?,
        kind: LoyaltyEntryKind::from_name(&kind)
            .ok_or_else(|| anyhow::anyhow!("unknown entry kind {kind:?}"))?,
        description: col(row, "description")?,
        balance_after: col(row, "balance_after")?,
        created_at: from_millis(col(row, "created_at")?),
    })
}

/// A page of the account's history, newest first: up to `limit` entries numbered below
/// `before`, and the `before` of the next page when more wait.
pub async fn history_page(
    conn: &mut AnyConnection,
    account_id: &str,
    before: i64,
    limit: i64,
) -> Result<(Vec<LoyaltyEntry>, Option<i64>), ApiError> {
    let sql = format!(
        "SELECT {ENTRY_COLUMNS} FROM loyalty_entries WHERE account_id = $1 AND entry_no < $2 ORDER BY entry_no DESC LIMIT $3"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(account_id)
        .bind(before)
        .bind(limit + 1)
        .fetch_all(&mut *conn)
        .await?;
    let has_more = rows.len() as i64 > limit;
    let rows = &rows[..rows.len().min(limit as usize)];
    let next_before = match rows.last() {
        Some(last) if has_more => Some(col::<i64>(last, "entry_no")?),
        _ => None,
    };
    let entries = rows.iter().map(from_row).collect::<Result<_, _>>()?;
    Ok((entries, next_before))
}

/// The account's whole history, oldest first (the data export).
pub async fn all_entries(
    conn: &mut AnyConnection,
    account_id: &str,
) -> Result<Vec<LoyaltyEntry>, ApiError> {
    let sql = format!(
        "SELECT {ENTRY_COLUMNS} FROM loyalty_entries WHERE account_id = $1 ORDER BY entry_no"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(account_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(from_row).collect()
}

/// Adds an entry and moves the balance. `Ok(None)` when spending more than the balance.
pub async fn append(
    conn: &mut AnyConnection,
    account_id: &str,
    points: i64,
    kind: LoyaltyEntryKind,
    description: &str,
    now: OffsetDateTime,
) -> Result<Option<LoyaltyEntry>, ApiError> {
    let earned = points.max(0);
    let row = sqlx::query(
        "UPDATE accounts
         SET balance = balance + $1, lifetime_points = lifetime_points + $2, ledger_count = ledger_count + 1
         WHERE id = $3 AND balance + $1 >= 0
         RETURNING balance, ledger_count",
    )
    .bind(points)
    .bind(earned)
    .bind(account_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let entry = LoyaltyEntry {
        id: uuid::Uuid::new_v4(),
        points,
        kind,
        description: description.to_string(),
        balance_after: col(&row, "balance")?,
        created_at: now,
    };
    let entry_no: i64 = col(&row, "ledger_count")?;
    sqlx::query(
        "INSERT INTO loyalty_entries (id, account_id, entry_no, points, kind, description, balance_after, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(entry.id.to_string())
    .bind(account_id)
    .bind(entry_no)
    .bind(points)
    .bind(kind.as_str())
    .bind(description)
    .bind(entry.balance_after)
    .bind(to_millis(now))
    .execute(&mut *conn)
    .await?;
    changes::upserted(conn, account_id, &entry).await?;
    let account = accounts::load_view(conn, account_id).await?;
    changes::upserted(conn, account_id, &account).await?;
    Ok(Some(entry))
}
