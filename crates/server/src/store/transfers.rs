//! Device transfers: who asked for which device, who owned it then, and where it stands.
//! Every change of a transfer goes to both sides' feeds from here, each side seeing only
//! its own direction and never the other account.

use companion_domain::wire::{
    DeviceTransfer, DeviceTransferList, QueuedTransfer, TransferDirection, TransferStatus,
};
use companion_domain::DeviceId;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::clock::{from_millis, to_millis};
use crate::db::{col, is_unique_violation};
use crate::error::ApiError;
use crate::store::accounts::parse_uuid;
use crate::store::{self, changes};

/// The condition of a transfer someone still has to decide. The migration's partial
/// unique index repeats it (SQL cannot name a Rust constant); every query here uses this.
const OPEN: &str = "t.status IN ('pending', 'escalated')";

/// The columns [`from_row`] reads, from `device_transfers t JOIN devices d`.
const COLUMNS: &str = "t.id, t.device_id, d.model, t.requester_id, t.owner_id, t.status,
     t.created_at, t.updated_at, t.reason, d.owner_id AS current_owner_id";

const FROM: &str = "device_transfers t JOIN devices d ON d.device_id = t.device_id";

/// A transfer as stored: both sides, for the server's decisions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    /// Transfer identifier.
    pub id: uuid::Uuid,
    /// The device.
    pub device_id: DeviceId,
    /// Its model.
    pub model: String,
    /// Who asked (`None` once erased).
    pub requester_id: Option<String>,
    /// Who owned the device when asked (`None` once erased).
    pub owner_id: Option<String>,
    /// Who owns the device now.
    pub current_owner_id: Option<String>,
    /// Where it stands.
    pub status: TransferStatus,
    /// When it was asked for.
    pub created_at: OffsetDateTime,
    /// When its status last changed.
    pub updated_at: OffsetDateTime,
    /// Support's reason, once support decided.
    pub reason: Option<String>,
}

impl Transfer {
    /// What one side sees.
    pub fn seen_as(&self, direction: TransferDirection) -> DeviceTransfer {
        DeviceTransfer {
            id: self.id,
            device_id: self.device_id,
            model: self.model.clone(),
            direction,
            status: self.status,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }

    /// What support sees.
    pub fn queued(&self) -> Result<QueuedTransfer, ApiError> {
        Ok(QueuedTransfer {
            id: self.id,
            device_id: self.device_id,
            model: self.model.clone(),
            status: self.status,
            requester_id: self.requester_id.as_deref().map(parse_uuid).transpose()?,
            owner_id: self.owner_id.as_deref().map(parse_uuid).transpose()?,
            owner_still_owns: self.owner_id.is_some() && self.owner_id == self.current_owner_id,
            created_at: self.created_at,
            updated_at: self.updated_at,
            reason: self.reason.clone(),
        })
    }
}

fn from_row(row: &AnyRow) -> Result<Transfer, ApiError> {
    let device: String = col(row, "device_id")?;
    let status: String = col(row, "status")?;
    Ok(Transfer {
        id: parse_uuid(&col::<String>(row, "id")?)?,
        device_id: DeviceId::parse(&device)
            .map_err(|e| anyhow::anyhow!("bad stored device id {device:?}: {e}"))?,
        model: col(row, "model")?,
        requester_id: col(row, "requester_id")?,
        owner_id: col(row, "owner_id")?,
        current_owner_id: col(row, "current_owner_id")?,
        status: TransferStatus::from_name(&status)
            .ok_or_else(|| anyhow::anyhow!("unknown transfer status {status:?}"))?,
        created_at: from_millis(col(row, "created_at")?),
        updated_at: from_millis(col(row, "updated_at")?),
        reason: col(row, "reason")?,
    })
}

/// Puts the transfer in both sides' feeds as each sees it.
async fn publish(conn: &mut AnyConnection, transfer: &Transfer) -> Result<(), ApiError> {
    if let Some(requester) = &transfer.requester_id {
        let seen = transfer.seen_as(TransferDirection::Outgoing);
        changes::upserted(conn, requester, &seen).await?;
    }
    if let Some(owner) = &transfer.owner_id {
        let seen = transfer.seen_as(TransferDirection::Incoming);
        changes::upserted(conn, owner, &seen).await?;
    }
    Ok(())
}

/// One transfer.
pub async fn find(conn: &mut AnyConnection, id: &str) -> Result<Option<Transfer>, ApiError> {
    let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE t.id = $1");
    store::one_by(conn, sql, id, from_row).await
}

/// The device's transfer still waiting for a decision, if any.
pub async fn open_for_device(
    conn: &mut AnyConnection,
    device_id: &DeviceId,
) -> Result<Option<Transfer>, ApiError> {
    let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE t.device_id = $1 AND {OPEN}");
    store::one_by(conn, sql, device_id.as_str(), from_row).await
}

/// Records a new pending transfer and tells both sides; `None` when the device already has
/// an open one (the partial unique index catches one written at the same moment).
pub async fn insert(
    conn: &mut AnyConnection,
    device_id: &DeviceId,
    requester_id: &str,
    owner_id: &str,
    now: OffsetDateTime,
) -> Result<Option<Transfer>, ApiError> {
    let id = uuid::Uuid::new_v4().to_string();
    let inserted = sqlx::query(
        "INSERT INTO device_transfers (id, device_id, requester_id, owner_id, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 'pending', $5, $5)",
    )
    .bind(&id)
    .bind(device_id.as_str())
    .bind(requester_id)
    .bind(owner_id)
    .bind(to_millis(now))
    .execute(&mut *conn)
    .await;
    match inserted {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => return Ok(None),
        Err(e) => return Err(e.into()),
    }
    let transfer = find(conn, &id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("transfer {id} vanished after its insert"))?;
    publish(conn, &transfer).await?;
    Ok(Some(transfer))
}

/// Both sides' transfers of an account, newest first.
pub async fn of_account(
    conn: &mut AnyConnection,
    account_id: &str,
) -> Result<DeviceTransferList, ApiError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE t.requester_id = $1 OR t.owner_id = $1
         ORDER BY t.created_at DESC, t.id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(account_id)
        .fetch_all(&mut *conn)
        .await?;
    let mut list = DeviceTransferList {
        incoming: Vec::new(),
        outgoing: Vec::new(),
    };
    for row in &rows {
        let transfer = from_row(row)?;
        if transfer.owner_id.as_deref() == Some(account_id) {
            list.incoming
                .push(transfer.seen_as(TransferDirection::Incoming));
        }
        if transfer.requester_id.as_deref() == Some(account_id) {
            list.outgoing
                .push(transfer.seen_as(TransferDirection::Outgoing));
        }
    }
    Ok(list)
}

/// Transfers with `status`, oldest first (the back office's queue).
pub async fn with_status(
    conn: &mut AnyConnection,
    status: TransferStatus,
) -> Result<Vec<Transfer>, ApiError> {
    let sql =
        format!("SELECT {COLUMNS} FROM {FROM} WHERE t.status = $1 ORDER BY t.created_at, t.id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(status.as_str())
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(from_row).collect()
}

/// What closing or escalating a transfer records.
#[derive(Debug, Clone, Copy)]
pub struct Decided<'a> {
    /// The new status.
    pub status: TransferStatus,
    /// `owner`, or the staff member's id; `None` for the clock's escalation.
    pub by: Option<&'a str>,
    /// Support's reason.
    pub reason: Option<&'a str>,
}

/// Moves an open transfer on (`from` is the status it must be in) and tells both sides;
/// `None` when it is no longer in `from` (decided meanwhile by someone else, or twice).
pub async fn move_on(
    conn: &mut AnyConnection,
    id: uuid::Uuid,
    from: &[TransferStatus],
    decided: Decided<'_>,
    now: OffsetDateTime,
) -> Result<Option<Transfer>, ApiError> {
    let from = from
        .iter()
        .map(|status| format!("'{}'", status.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "UPDATE device_transfers SET status = $1, updated_at = $2, decided_by = COALESCE($3, decided_by),
                reason = COALESCE($4, reason)
         WHERE id = $5 AND status IN ({from})"
    );
    let moved = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(decided.status.as_str())
        .bind(to_millis(now))
        .bind(decided.by)
        .bind(decided.reason)
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    if moved.rows_affected() != 1 {
        return Ok(None);
    }
    let transfer = find(conn, &id.to_string())
        .await?
        .ok_or_else(|| anyhow::anyhow!("transfer {id} vanished after its update"))?;
    publish(conn, &transfer).await?;
    Ok(Some(transfer))
}

/// Pending transfers asked for before `before`: due to go to support.
pub async fn due_to_escalate(
    conn: &mut AnyConnection,
    before: OffsetDateTime,
    limit: i64,
) -> Result<Vec<uuid::Uuid>, ApiError> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM device_transfers WHERE status = 'pending' AND created_at <= $1
         ORDER BY created_at LIMIT $2",
    )
    .bind(to_millis(before))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    ids.iter().map(|id| parse_uuid(id)).collect()
}

/// Withdraws the device's open transfer: it left its owner another way (released).
pub async fn cancel_open_for_device(
    conn: &mut AnyConnection,
    device_id: &DeviceId,
    now: OffsetDateTime,
) -> Result<(), ApiError> {
    if let Some(open) = open_for_device(conn, device_id).await? {
        let cancelled = Decided {
            status: TransferStatus::Cancelled,
            by: None,
            reason: None,
        };
        move_on(conn, open.id, &[open.status], cancelled, now).await?;
    }
    Ok(())
}

/// Erasure: the account's own requests are withdrawn, and the account is forgotten on
/// every transfer (ids only were ever kept). Requests for its devices stay open without
/// an owner, so support can pass the released device on.
pub async fn erase(
    conn: &mut AnyConnection,
    account_id: &str,
    now: OffsetDateTime,
) -> Result<(), ApiError> {
    sqlx::query(
        "UPDATE device_transfers SET status = 'cancelled', updated_at = $2
         WHERE requester_id = $1 AND status IN ('pending', 'escalated')",
    )
    .bind(account_id)
    .bind(to_millis(now))
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE device_transfers SET requester_id = NULL WHERE requester_id = $1")
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE device_transfers SET owner_id = NULL WHERE owner_id = $1")
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
