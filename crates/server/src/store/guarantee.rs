//! Replacement requests under the Voluntary Guarantee.

use companion_domain::wire::{Delivery, GuaranteeRequest, GuaranteeRequestStatus};
use companion_domain::DeviceId;
use sqlx::any::AnyRow;

use crate::clock::from_millis;
use crate::db::col;
use crate::error::ApiError;
use crate::store::accounts::parse_uuid;

/// The columns [`from_row`] reads.
pub const REQUEST_COLUMNS: &str =
    "id, device_id, fault_description, delivery_json, status, created_at, updated_at";

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
        delivery,
        status: GuaranteeRequestStatus::from_name(&status)
            .ok_or_else(|| anyhow::anyhow!("unknown status {status:?}"))?,
        created_at: from_millis(col(row, "created_at")?),
        updated_at: from_millis(col(row, "updated_at")?),
    })
}
