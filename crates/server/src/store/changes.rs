//! The per-account sync feed behind `GET /v1/changes`.
//!
//! Each change takes the next number of the account's `change_seq` while holding the
//! account row's write lock, so an account's changes commit in number order and a client
//! that has seen number N has seen everything before it. One row per entity keeps only its
//! latest state, so a first sync sends each entity once.

use companion_domain::wire::{
    AccountView, Change, ChangeEntity, ChangeOp, Device, DeviceTransfer, GuaranteeRequest,
    LoyaltyEntry, Notification, PointsClaim, Redemption,
};
use serde::Serialize;
use sqlx::AnyConnection;

use crate::db::col;
use crate::error::ApiError;

/// A record the phone keeps a copy of: which entity it is in the feed and its id there.
/// Implemented once per wire type, so a change's kind and its payload cannot disagree.
pub trait FeedRecord: Serialize {
    /// Its entity in the feed.
    const ENTITY: ChangeEntity;
    /// Its id in the feed.
    fn feed_id(&self) -> String;
}

/// The account goes into the feed with its language, never without (so no change can
/// drop it from the phone's copy).
impl FeedRecord for AccountView {
    const ENTITY: ChangeEntity = ChangeEntity::Account;
    fn feed_id(&self) -> String {
        self.account.id.to_string()
    }
}

impl FeedRecord for Notification {
    const ENTITY: ChangeEntity = ChangeEntity::Notification;
    fn feed_id(&self) -> String {
        self.id.to_string()
    }
}

impl FeedRecord for Device {
    const ENTITY: ChangeEntity = ChangeEntity::Device;
    fn feed_id(&self) -> String {
        self.device_id.as_str().to_string()
    }
}

impl FeedRecord for LoyaltyEntry {
    const ENTITY: ChangeEntity = ChangeEntity::LoyaltyEntry;
    fn feed_id(&self) -> String {
        self.id.to_string()
    }
}

impl FeedRecord for Redemption {
    const ENTITY: ChangeEntity = ChangeEntity::Redemption;
    fn feed_id(&self) -> String {
        self.id.to_string()
    }
}

impl FeedRecord for PointsClaim {
    const ENTITY: ChangeEntity = ChangeEntity::PointsClaim;
    fn feed_id(&self) -> String {
        self.id.to_string()
    }
}

/// Each side's feed holds its own view (its direction), under the transfer's id.
impl FeedRecord for DeviceTransfer {
    const ENTITY: ChangeEntity = ChangeEntity::DeviceTransfer;
    fn feed_id(&self) -> String {
        self.id.to_string()
    }
}

impl FeedRecord for GuaranteeRequest {
    const ENTITY: ChangeEntity = ChangeEntity::GuaranteeRequest;
    fn feed_id(&self) -> String {
        self.id.to_string()
    }
}

/// Records that `record` of `account_id` now looks like this.
pub async fn upserted<R: FeedRecord>(
    conn: &mut AnyConnection,
    account_id: &str,
    record: &R,
) -> Result<(), ApiError> {
    write(conn, account_id, R::ENTITY, &record.feed_id(), Some(record)).await
}

/// Records that the `R` with this feed id is gone from `account_id` (a released device).
pub async fn deleted<R: FeedRecord>(
    conn: &mut AnyConnection,
    account_id: &str,
    feed_id: &str,
) -> Result<(), ApiError> {
    write(conn, account_id, R::ENTITY, feed_id, None::<&R>).await
}

/// Records that `entity` `entity_id` of `account_id` now looks like `data` (or is gone).
async fn write(
    conn: &mut AnyConnection,
    account_id: &str,
    entity: ChangeEntity,
    entity_id: &str,
    data: Option<&impl Serialize>,
) -> Result<(), ApiError> {
    let seq: i64 = sqlx::query_scalar(
        "UPDATE accounts SET change_seq = change_seq + 1 WHERE id = $1 RETURNING change_seq",
    )
    .bind(account_id)
    .fetch_one(&mut *conn)
    .await?;
    let (op, data) = match data {
        Some(data) => (
            ChangeOp::Upsert,
            Some(serde_json::to_string(data).map_err(anyhow::Error::from)?),
        ),
        None => (ChangeOp::Delete, None),
    };
    sqlx::query(
        "INSERT INTO changes (account_id, entity, entity_id, seq, op, data) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (account_id, entity, entity_id)
         DO UPDATE SET seq = excluded.seq, op = excluded.op, data = excluded.data",
    )
    .bind(account_id)
    .bind(entity.as_str())
    .bind(entity_id)
    .bind(seq)
    .bind(if op == ChangeOp::Upsert { "upsert" } else { "delete" })
    .bind(data)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The number of the account's latest change (0 before any): a client's cursor can never
/// be past it.
pub async fn latest_seq(conn: &mut AnyConnection, account_id: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT change_seq FROM accounts WHERE id = $1")
        .bind(account_id)
        .fetch_one(&mut *conn)
        .await
}

/// A page of changes after `since`, oldest first, and whether more wait.
pub async fn page(
    conn: &mut AnyConnection,
    account_id: &str,
    since: i64,
    limit: i64,
) -> Result<(Vec<Change>, i64, bool), ApiError> {
    let rows = sqlx::query(
        "SELECT entity, entity_id, seq, op, data FROM changes
         WHERE account_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
    )
    .bind(account_id)
    .bind(since)
    .bind(limit + 1)
    .fetch_all(&mut *conn)
    .await?;
    let has_more = rows.len() as i64 > limit;
    let mut cursor = since;
    let mut changes = Vec::with_capacity(rows.len());
    for row in rows.iter().take(limit as usize) {
        let entity: String = col(row, "entity")?;
        let op: String = col(row, "op")?;
        let data: Option<String> = col(row, "data")?;
        cursor = col(row, "seq")?;
        changes.push(Change {
            entity: ChangeEntity::from_name(&entity)
                .ok_or_else(|| anyhow::anyhow!("unknown stored entity {entity:?}"))?,
            id: col(row, "entity_id")?,
            op: if op == "delete" {
                ChangeOp::Delete
            } else {
                ChangeOp::Upsert
            },
            data: data
                .map(|d| serde_json::from_str(&d))
                .transpose()
                .map_err(anyhow::Error::from)?,
        });
    }
    Ok((changes, cursor, has_more))
}
