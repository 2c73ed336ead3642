//! Device records: the manufacturer's catalog and who owns what.

use companion_domain::wire::Device;
use companion_domain::{guarantee_until, DeviceId, GuaranteeStatus};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use time::Date;

use crate::clock::from_millis;
use crate::db::col;
use crate::error::ApiError;
use crate::store::date_from_text;

/// The columns [`from_row`] reads.
pub const DEVICE_COLUMNS: &str = "device_id, model, registered_at, first_registered_on";

/// Maps an owned device row selected with [`DEVICE_COLUMNS`].
pub fn from_row(row: &AnyRow, today: Date) -> Result<Device, ApiError> {
    let id: String = col(row, "device_id")?;
    let first: Option<String> = col(row, "first_registered_on")?;
    let registered_at = from_millis(col::<Option<i64>>(row, "registered_at")?.unwrap_or_default());
    let first = match first {
        Some(text) => date_from_text(&text)?,
        None => registered_at.date(),
    };
    let until = guarantee_until(first);
    Ok(Device {
        device_id: DeviceId::parse(&id)
            .map_err(|e| anyhow::anyhow!("bad stored device id {id:?}: {e}"))?,
        model: col(row, "model")?,
        registered_at,
        guarantee_until: until,
        status: GuaranteeStatus::on(until, today),
    })
}

/// One device if `account_id` owns it.
pub async fn owned(
    conn: &mut AnyConnection,
    account_id: &str,
    device_id: &DeviceId,
    today: Date,
) -> Result<Option<Device>, ApiError> {
    let sql =
        format!("SELECT {DEVICE_COLUMNS} FROM devices WHERE device_id = $1 AND owner_id = $2");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(device_id.as_str())
        .bind(account_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|row| from_row(&row, today)).transpose()
}

/// All devices of an account, most recently registered first.
pub async fn all_owned(
    conn: &mut AnyConnection,
    account_id: &str,
    today: Date,
) -> Result<Vec<Device>, ApiError> {
    let sql = format!("SELECT {DEVICE_COLUMNS} FROM devices WHERE owner_id = $1 ORDER BY registered_at DESC, device_id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(account_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|row| from_row(row, today)).collect()
}
