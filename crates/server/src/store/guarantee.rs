//! Replacement requests under the Voluntary Guarantee.

use companion_domain::troubleshooting::FaultCode;
use companion_domain::wire::{Delivery, GuaranteeRequest, GuaranteeRequestStatus};
use companion_domain::DeviceId;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::clock::{from_millis, to_millis};
use crate::db::{col, is_unique_violation};
use crate::error::ApiError;
use crate::store::accounts::parse_uuid;
use crate::store::{changes, Order};

/// The condition of an open request: not yet completed, rejected or cancelled. A device
/// has at most one; the migration's partial unique index repeats this condition (it must:
/// SQL cannot name a Rust constant), every query here uses this one.
pub const OPEN: &str = "status NOT IN ('completed', 'rejected', 'cancelled')";

/// The columns [`from_row`] reads.
pub const REQUEST_COLUMNS: &str =
    "id, device_id, fault_description, fault_code, delivery_json, status, created_at, updated_at,
     tracking_number, rejection_reason";

/// Maps a request row. Erased requests (no delivery) are never selected for customers.
pub fn from_row(row: &AnyRow) -> Result<GuaranteeRequest, ApiError> {
    let device: String = col(row, "device_id")?;
    let status: String = col(row, "status")?;
    let delivery: Option<String> = col(row, "delivery_json")?;
    let delivery: Delivery =
        serde_json::from_str(delivery.as_deref().unwrap_or("null")).map_err(anyhow::Error::from)?;
    Ok(GuaranteeRequest {
        id: parse_uuid(&col::<String>(row, "id")?)?,
        device_id: DeviceId::parse(&device)
            .map_err(|e| anyhow::anyhow!("bad stored device id: {e}"))?,
        fault_description: col::<Option<String>>(row, "fault_description")?.unwrap_or_default(),
        fault_code: FaultCode::from_name(
            col::<Option<String>>(row, "fault_code")?
                .as_deref()
                .unwrap_or_default(),
        ),
        delivery,
        status: GuaranteeRequestStatus::from_name(&status)
            .ok_or_else(|| anyhow::anyhow!("unknown status {status:?}"))?,
        created_at: from_millis(col(row, "created_at")?),
        updated_at: from_millis(col(row, "updated_at")?),
        tracking_number: col(row, "tracking_number")?,
        rejection_reason: col(row, "rejection_reason")?,
    })
}

/// The account's requests, by creation time. Erased requests (no delivery) are left out.
pub async fn of_account(
    conn: &mut AnyConnection,
    account_id: &str,
    order: Order,
) -> Result<Vec<GuaranteeRequest>, ApiError> {
    let sql = format!(
        "SELECT {REQUEST_COLUMNS} FROM guarantee_requests
         WHERE account_id = $1 AND delivery_json IS NOT NULL ORDER BY created_at {}, id",
        order.direction()
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(account_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(from_row).collect()
}

/// Whether the device has an open request, whoever made it.
pub async fn open_for_device(
    conn: &mut AnyConnection,
    device_id: &DeviceId,
) -> Result<bool, sqlx::Error> {
    let sql = format!("SELECT id FROM guarantee_requests WHERE device_id = $1 AND {OPEN}");
    let open: Option<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(device_id.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    Ok(open.is_some())
}

/// Records a new request. False when the device already has an open one: the partial
/// unique index catches a concurrent request that [`open_for_device`] could not see.
pub async fn insert(
    conn: &mut AnyConnection,
    account_id: &str,
    request: &GuaranteeRequest,
) -> Result<bool, ApiError> {
    let delivery = serde_json::to_string(&request.delivery).map_err(anyhow::Error::from)?;
    let inserted = sqlx::query(
        "INSERT INTO guarantee_requests (id, account_id, device_id, fault_description, delivery_json, status, created_at, updated_at, fault_code)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(request.id.to_string())
    .bind(account_id)
    .bind(request.device_id.as_str())
    .bind(&request.fault_description)
    .bind(delivery)
    .bind(request.status.as_str())
    .bind(to_millis(request.created_at))
    .bind(to_millis(request.updated_at))
    .bind(request.fault_code.as_str())
    .execute(&mut *conn)
    .await;
    match inserted {
        Ok(_) => {
            changes::upserted(conn, account_id, request).await?;
            Ok(true)
        }
        Err(e) if is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Cancels the account's open request for a device it releases, and tells its phones
/// through the change feed.
pub async fn cancel_open_for_device(
    conn: &mut AnyConnection,
    account_id: &str,
    device_id: &DeviceId,
    now: OffsetDateTime,
) -> Result<(), ApiError> {
    let sql = format!(
        "UPDATE guarantee_requests SET status = 'cancelled', updated_at = $1
         WHERE account_id = $2 AND device_id = $3 AND {OPEN}
         RETURNING {REQUEST_COLUMNS}"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(to_millis(now))
        .bind(account_id)
        .bind(device_id.as_str())
        .fetch_all(&mut *conn)
        .await?;
    for row in rows {
        let request = from_row(&row)?;
        changes::upserted(conn, account_id, &request).await?;
    }
    Ok(())
}

/// Cancels every open request of an account being erased. No change is recorded: the
/// account's feed is erased with it.
pub async fn cancel_all_open(
    conn: &mut AnyConnection,
    account_id: &str,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let sql = format!(
        "UPDATE guarantee_requests SET status = 'cancelled', updated_at = $2
         WHERE account_id = $1 AND {OPEN}"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(account_id)
        .bind(to_millis(now))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// What a status change records besides the status.
#[derive(Debug, Clone, Copy, Default)]
pub struct StatusDetails<'a> {
    /// The carrier's tracking number (kept if not given).
    pub tracking_number: Option<&'a str>,
    /// Why it was refused (kept if not given).
    pub rejection_reason: Option<&'a str>,
}

/// A request with its owner, for the back office.
pub async fn find(
    conn: &mut AnyConnection,
    request_id: &str,
) -> Result<Option<(Option<String>, GuaranteeRequest)>, ApiError> {
    let sql = format!(
        "SELECT account_id, {REQUEST_COLUMNS} FROM guarantee_requests
         WHERE id = $1 AND delivery_json IS NOT NULL"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(request_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|row| Ok((col(&row, "account_id")?, from_row(&row)?)))
        .transpose()
}

/// Moves a request to `status` (the back office's work) and tells its owner's phones
/// through the change feed. `None` if there is no such request.
pub async fn set_status(
    conn: &mut AnyConnection,
    request_id: &str,
    status: GuaranteeRequestStatus,
    details: StatusDetails<'_>,
    now: OffsetDateTime,
) -> Result<Option<GuaranteeRequest>, ApiError> {
    let sql = format!(
        "UPDATE guarantee_requests SET status = $1, updated_at = $2,
                tracking_number = COALESCE($4, tracking_number),
                rejection_reason = COALESCE($5, rejection_reason)
         WHERE id = $3
         RETURNING account_id, {REQUEST_COLUMNS}"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(status.as_str())
        .bind(to_millis(now))
        .bind(request_id)
        .bind(details.tracking_number)
        .bind(details.rejection_reason)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let account_id: Option<String> = col(&row, "account_id")?;
    let request = from_row(&row)?;
    if let Some(account_id) = account_id {
        changes::upserted(conn, &account_id, &request).await?;
    }
    Ok(Some(request))
}

/// Requests for the back office, oldest first: with `status`, or every open one.
pub async fn for_operations(
    conn: &mut AnyConnection,
    status: Option<GuaranteeRequestStatus>,
) -> Result<Vec<GuaranteeRequest>, ApiError> {
    let filter = match status {
        Some(_) => "status = $1".to_string(),
        None => OPEN.to_string(),
    };
    let sql = format!(
        "SELECT {REQUEST_COLUMNS} FROM guarantee_requests
         WHERE delivery_json IS NOT NULL AND {filter} ORDER BY created_at, id"
    );
    let query = sqlx::query(sqlx::AssertSqlSafe(sql));
    let query = match status {
        Some(status) => query.bind(status.as_str()),
        None => query,
    };
    let rows = query.fetch_all(&mut *conn).await?;
    rows.iter().map(from_row).collect()
}
