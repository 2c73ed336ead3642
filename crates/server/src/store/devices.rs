//! Device records: the manufacturer's catalog and who owns what.

use companion_domain::wire::Device;
use companion_domain::{guarantee_until, DeviceId, GuaranteeStatus};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use time::Date;

use crate::clock::{from_millis, to_millis};
use crate::db::col;
use crate::error::ApiError;
use crate::store::{changes, date_from_text, date_to_text};

/// Releasing: the device forgets its owner and registration, and keeps what must survive
/// an owner (its first registration, for the guarantee, and its bonus mark). Written once,
/// for a customer releasing one device and for erasure releasing them all.
const RELEASE: &str =
    "UPDATE devices SET owner_id = NULL, registered_at = NULL, source = NULL WHERE owner_id = $1";

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

/// One device `account_id` owns, or the 404 that says it is not theirs.
pub async fn owned_or_not_found(
    conn: &mut AnyConnection,
    account_id: &str,
    device_id: &DeviceId,
    today: Date,
) -> Result<Device, ApiError> {
    owned(conn, account_id, device_id, today)
        .await?
        .ok_or_else(ApiError::device_not_found)
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

/// Gives an unowned device to `account_id`; false if it is owned or not in the catalog.
/// The one conditional update decides ownership: of two simultaneous claims, one matches
/// `owner_id IS NULL` and the other finds the row already taken. The first registration
/// ever is kept, so the guarantee never restarts.
pub async fn claim(
    conn: &mut AnyConnection,
    device_id: &DeviceId,
    account_id: &str,
    source: &str,
    now: time::OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let claimed = sqlx::query(
        "UPDATE devices SET owner_id = $1, registered_at = $2, source = $3,
                first_registered_on = COALESCE(first_registered_on, $4)
         WHERE device_id = $5 AND owner_id IS NULL",
    )
    .bind(account_id)
    .bind(to_millis(now))
    .bind(source)
    .bind(date_to_text(now.date()))
    .bind(device_id.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(claimed.rows_affected() == 1)
}

/// Who a catalogued device belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ownership {
    /// The manufacturer never made it.
    NotInCatalog,
    /// Nobody has registered it (or its owner released it).
    Unowned,
    /// Registered to this account.
    OwnedBy(String),
}

/// Who a device belongs to, to explain a claim that failed.
pub async fn ownership(
    conn: &mut AnyConnection,
    device_id: &DeviceId,
) -> Result<Ownership, sqlx::Error> {
    let owner: Option<Option<String>> =
        sqlx::query_scalar("SELECT owner_id FROM devices WHERE device_id = $1")
            .bind(device_id.as_str())
            .fetch_optional(&mut *conn)
            .await?;
    Ok(match owner {
        None => Ownership::NotInCatalog,
        Some(None) => Ownership::Unowned,
        Some(Some(owner)) => Ownership::OwnedBy(owner),
    })
}

/// Marks the device's registration bonus granted; true only the first time ever, so the
/// bonus is never granted twice for one device, whoever owns it.
pub async fn mark_bonus_granted(
    conn: &mut AnyConnection,
    device_id: &DeviceId,
    now: time::OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let marked = sqlx::query(
        "UPDATE devices SET bonus_granted_at = $1 WHERE device_id = $2 AND bonus_granted_at IS NULL",
    )
    .bind(to_millis(now))
    .bind(device_id.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(marked.rows_affected() == 1)
}

/// Releases one device of `account_id` (sold or given away); false if it is not theirs.
pub async fn release(
    conn: &mut AnyConnection,
    account_id: &str,
    device_id: &DeviceId,
) -> Result<bool, ApiError> {
    let released = sqlx::query(sqlx::AssertSqlSafe(format!("{RELEASE} AND device_id = $2")))
        .bind(account_id)
        .bind(device_id.as_str())
        .execute(&mut *conn)
        .await?;
    if released.rows_affected() != 1 {
        return Ok(false);
    }
    changes::deleted::<Device>(conn, account_id, device_id.as_str()).await?;
    Ok(true)
}

/// Puts the owner's device in their feed after it changed (registered, its bonus), and
/// returns it.
pub async fn publish(
    conn: &mut AnyConnection,
    account_id: &str,
    device_id: &DeviceId,
    today: Date,
) -> Result<Device, ApiError> {
    let device = owned(conn, account_id, device_id, today)
        .await?
        .ok_or_else(|| anyhow::anyhow!("device {} vanished after a change", device_id.as_str()))?;
    changes::upserted(conn, account_id, &device).await?;
    Ok(device)
}

/// Releases every device of an account being erased.
pub async fn release_all(conn: &mut AnyConnection, account_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query(RELEASE)
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Adds a device to the manufacturer's catalog; false if it is there already, so
/// importing the same file twice is harmless.
pub async fn add_to_catalog(
    conn: &mut AnyConnection,
    device_id: &DeviceId,
    model: &str,
    manufactured_on: Date,
) -> Result<bool, sqlx::Error> {
    let added = sqlx::query(
        "INSERT INTO devices (device_id, model, manufactured_on) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(device_id.as_str())
    .bind(model)
    .bind(date_to_text(manufactured_on))
    .execute(&mut *conn)
    .await?;
    Ok(added.rows_affected() == 1)
}

/// The first `limit` unowned device IDs, in ID order (the demo prints some to try).
pub async fn unowned(conn: &mut AnyConnection, limit: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT device_id FROM devices WHERE owner_id IS NULL ORDER BY device_id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&mut *conn)
    .await
}
