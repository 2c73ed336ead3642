//! The statements that write one cached row, shared by the offline actions (staging,
//! acceptance, undo) and the change feed, so that a row is written the same way whoever
//! writes it. Item states are always bound from [`ItemState`].

use companion_domain::wire::{
    Account, Device, DeviceTransfer, GuaranteeRequest, Notification, PointsClaim,
    PointsClaimStatus, Redemption, TransferDirection, UpdateAccountRequest,
};
use companion_domain::DeviceId;
use rusqlite::{Connection, OptionalExtension, Transaction};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{to_millis, ItemState, StoreResult};

pub(crate) use super::reads::account;

/// Points held by redemptions not yet accepted.
pub(crate) fn held_points(connection: &Connection) -> StoreResult<i64> {
    Ok(connection.query_row(
        "SELECT COALESCE(SUM(points), 0) FROM redemptions WHERE sync_state = ?1",
        [ItemState::Pending],
        |row| row.get(0),
    )?)
}

/// The state of a cached device, if it is in the list.
pub(crate) fn device_state(
    tx: &Transaction<'_>,
    device_id: &DeviceId,
) -> StoreResult<Option<ItemState>> {
    let state: Option<String> = tx
        .query_row(
            "SELECT sync_state FROM devices WHERE device_id = ?1",
            [device_id.as_str()],
            |row| row.get(0),
        )
        .optional()?;
    state.as_deref().map(ItemState::parse).transpose()
}

/// A registration waiting to be sent (no server record yet: the model is unknown).
pub(crate) fn insert_pending_device(
    tx: &Transaction<'_>,
    device_id: &DeviceId,
    now: OffsetDateTime,
) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO devices (device_id, registered_at, data, sync_state) VALUES (?1, ?2, NULL, ?3)",
        rusqlite::params![device_id.as_str(), to_millis(now), ItemState::PendingRegister],
    )?;
    Ok(())
}

/// The server's record of a device. A release waiting to be sent keeps its state.
pub(crate) fn upsert_device(tx: &Transaction<'_>, device: &Device) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO devices (device_id, registered_at, data, sync_state) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (device_id) DO UPDATE SET registered_at = excluded.registered_at, data = excluded.data,
             sync_state = CASE WHEN devices.sync_state = ?5 THEN ?5 ELSE ?4 END",
        rusqlite::params![
            device.device_id.as_str(),
            to_millis(device.registered_at),
            serde_json::to_string(device)?,
            ItemState::Synced,
            ItemState::PendingRelease,
        ],
    )?;
    Ok(())
}

/// The synced server record of a device (what a replacement request needs).
pub(crate) fn synced_device(
    tx: &Transaction<'_>,
    device_id: &DeviceId,
) -> StoreResult<Option<Device>> {
    let data: Option<Option<String>> = tx
        .query_row(
            "SELECT data FROM devices WHERE device_id = ?1 AND sync_state = ?2",
            rusqlite::params![device_id.as_str(), ItemState::Synced],
            |row| row.get(0),
        )
        .optional()?;
    Ok(data
        .flatten()
        .map(|data| serde_json::from_str(&data))
        .transpose()?)
}

/// Moves a device from one state to another; false if it was not in `from`.
pub(crate) fn move_device_state(
    tx: &Transaction<'_>,
    device_id: &DeviceId,
    from: ItemState,
    to: ItemState,
) -> StoreResult<bool> {
    Ok(tx.execute(
        "UPDATE devices SET sync_state = ?1 WHERE device_id = ?2 AND sync_state = ?3",
        rusqlite::params![to, device_id.as_str(), from],
    )? == 1)
}

/// Removes a device in `state` from the list.
pub(crate) fn delete_device_in_state(
    tx: &Transaction<'_>,
    device_id: &DeviceId,
    state: ItemState,
) -> StoreResult<()> {
    tx.execute(
        "DELETE FROM devices WHERE device_id = ?1 AND sync_state = ?2",
        rusqlite::params![device_id.as_str(), state],
    )?;
    Ok(())
}

/// Removes a device from the list.
pub(crate) fn delete_device(tx: &Transaction<'_>, device_id: &DeviceId) -> StoreResult<()> {
    tx.execute(
        "DELETE FROM devices WHERE device_id = ?1",
        [device_id.as_str()],
    )?;
    Ok(())
}

/// The price of a reward in the cached catalog.
pub(crate) fn reward_cost(tx: &Transaction<'_>, reward_id: &str) -> StoreResult<Option<i64>> {
    Ok(tx
        .query_row(
            "SELECT cost_points FROM rewards WHERE id = ?1",
            [reward_id],
            |row| row.get(0),
        )
        .optional()?)
}

/// A voucher waiting for the server: its points are held.
pub(crate) fn insert_pending_redemption(
    tx: &Transaction<'_>,
    local_id: Uuid,
    reward_id: &str,
    points: i64,
    now: OffsetDateTime,
) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO redemptions (id, created_at, reward_id, points, data, sync_state) VALUES (?1, ?2, ?3, ?4, NULL, ?5)",
        rusqlite::params![local_id.to_string(), to_millis(now), reward_id, points, ItemState::Pending],
    )?;
    Ok(())
}

/// Removes a redemption.
pub(crate) fn delete_redemption(tx: &Transaction<'_>, id: Uuid) -> StoreResult<()> {
    tx.execute("DELETE FROM redemptions WHERE id = ?1", [id.to_string()])?;
    Ok(())
}

/// The server's record of a redemption.
pub(crate) fn upsert_redemption(tx: &Transaction<'_>, redemption: &Redemption) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO redemptions (id, created_at, reward_id, points, data, sync_state) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (id) DO UPDATE SET data = excluded.data, sync_state = excluded.sync_state",
        rusqlite::params![
            redemption.id.to_string(),
            to_millis(redemption.created_at),
            redemption.reward_id,
            redemption.points,
            serde_json::to_string(redemption)?,
            ItemState::Synced,
        ],
    )?;
    Ok(())
}

/// The cached replacement requests for a device.
pub(crate) fn guarantee_requests_of(
    tx: &Transaction<'_>,
    device_id: &DeviceId,
) -> StoreResult<Vec<GuaranteeRequest>> {
    let mut statement = tx.prepare("SELECT data FROM guarantee_requests WHERE device_id = ?1")?;
    let rows = statement.query_map([device_id.as_str()], |row| row.get::<_, String>(0))?;
    let mut requests = Vec::new();
    for row in rows {
        requests.push(serde_json::from_str(&row?)?);
    }
    Ok(requests)
}

/// A replacement request made here, not yet accepted.
pub(crate) fn insert_pending_guarantee_request(
    tx: &Transaction<'_>,
    request: &GuaranteeRequest,
) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO guarantee_requests (id, device_id, created_at, data, sync_state) VALUES (?1, ?2, ?3, ?4, ?5)",
        rusqlite::params![
            request.id.to_string(),
            request.device_id.as_str(),
            to_millis(request.created_at),
            serde_json::to_string(request)?,
            ItemState::Pending,
        ],
    )?;
    Ok(())
}

/// Removes a replacement request.
pub(crate) fn delete_guarantee_request(tx: &Transaction<'_>, id: Uuid) -> StoreResult<()> {
    tx.execute(
        "DELETE FROM guarantee_requests WHERE id = ?1",
        [id.to_string()],
    )?;
    Ok(())
}

/// The server's record of a replacement request.
pub(crate) fn upsert_guarantee_request(
    tx: &Transaction<'_>,
    request: &GuaranteeRequest,
) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO guarantee_requests (id, device_id, created_at, data, sync_state) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET data = excluded.data, sync_state = excluded.sync_state",
        rusqlite::params![
            request.id.to_string(),
            request.device_id.as_str(),
            to_millis(request.created_at),
            serde_json::to_string(request)?,
            ItemState::Synced,
        ],
    )?;
    Ok(())
}

/// A support request kept until the server accepts it.
pub(crate) fn insert_pending_support_request(
    tx: &Transaction<'_>,
    local_id: Uuid,
    topic: &str,
    now: OffsetDateTime,
) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO support_requests (id, created_at, topic, sync_state) VALUES (?1, ?2, ?3, ?4)",
        rusqlite::params![
            local_id.to_string(),
            to_millis(now),
            topic,
            ItemState::Pending
        ],
    )?;
    Ok(())
}

/// The server's reference for a support request.
pub(crate) fn settle_support_request(
    tx: &Transaction<'_>,
    local_id: Uuid,
    reference: &str,
) -> StoreResult<()> {
    tx.execute(
        "UPDATE support_requests SET reference = ?1, sync_state = ?2 WHERE id = ?3",
        rusqlite::params![reference, ItemState::Synced, local_id.to_string()],
    )?;
    Ok(())
}

/// Removes a support request.
pub(crate) fn delete_support_request(tx: &Transaction<'_>, local_id: Uuid) -> StoreResult<()> {
    tx.execute(
        "DELETE FROM support_requests WHERE id = ?1",
        [local_id.to_string()],
    )?;
    Ok(())
}

/// Applies a profile patch to an account record.
pub(crate) fn apply_patch(account: &mut Account, patch: &UpdateAccountRequest) {
    if let Some(given) = &patch.given_name {
        account.given_name = given.trim().to_string();
    }
    if let Some(family) = &patch.family_name {
        account.family_name = family.trim().to_string();
    }
    if let Some(opt_in) = patch.marketing_opt_in {
        account.marketing_opt_in = opt_in;
    }
}

/// Replaces the cached account.
pub(crate) fn save_account(tx: &Transaction<'_>, account: &Account) -> StoreResult<()> {
    tx.execute(
        "DELETE FROM account WHERE id <> ?1",
        [account.id.to_string()],
    )?;
    tx.execute(
        "INSERT INTO account (id, data) VALUES (?1, ?2) ON CONFLICT (id) DO UPDATE SET data = excluded.data",
        rusqlite::params![account.id.to_string(), serde_json::to_string(account)?],
    )?;
    Ok(())
}

/// A claim of the server's (filed here or elsewhere, open or decided).
pub(crate) fn upsert_points_claim(tx: &Transaction<'_>, claim: &PointsClaim) -> StoreResult<()> {
    write_points_claim(tx, claim, ItemState::Synced)
}

/// A claim filed here, waiting for the server (`claim.id` is the local id).
pub(crate) fn insert_pending_points_claim(
    tx: &Transaction<'_>,
    claim: &PointsClaim,
) -> StoreResult<()> {
    write_points_claim(tx, claim, ItemState::Pending)
}

fn write_points_claim(
    tx: &Transaction<'_>,
    claim: &PointsClaim,
    state: ItemState,
) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO points_claims (id, created_at, data, sync_state) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET data = excluded.data, sync_state = excluded.sync_state",
        rusqlite::params![
            claim.id.to_string(),
            to_millis(claim.created_at),
            serde_json::to_string(claim)?,
            state,
        ],
    )?;
    Ok(())
}

/// Removes a claim.
pub(crate) fn delete_points_claim(tx: &Transaction<'_>, id: Uuid) -> StoreResult<()> {
    tx.execute("DELETE FROM points_claims WHERE id = ?1", [id.to_string()])?;
    Ok(())
}

/// Whether a claim of this receipt is on the phone already (open or credited): the server
/// would refuse a second one with `claim_exists` or `already_credited`.
pub(crate) fn claimed_receipt(
    tx: &Transaction<'_>,
    shop: &str,
    receipt_reference: &str,
) -> StoreResult<Option<PointsClaim>> {
    let mut statement = tx.prepare("SELECT data FROM points_claims")?;
    let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
    let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
    for row in rows {
        let claim: PointsClaim = serde_json::from_str(&row?)?;
        if same(&claim.shop, shop)
            && same(&claim.receipt_reference, receipt_reference)
            && claim.status != PointsClaimStatus::Rejected
        {
            return Ok(Some(claim));
        }
    }
    Ok(None)
}

/// The server's record of a notification, as the feed or a read's answer carries it.
pub(crate) fn upsert_notification(
    tx: &Transaction<'_>,
    notification: &Notification,
) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO notifications (id, created_at, data, unread) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET data = excluded.data, unread = excluded.unread",
        rusqlite::params![
            notification.id.to_string(),
            to_millis(notification.created_at),
            serde_json::to_string(notification)?,
            notification.read_at.is_none(),
        ],
    )?;
    Ok(())
}

/// Marks a notification read on the phone; false when it was read already (or unknown).
pub(crate) fn mark_notification_read(
    tx: &Transaction<'_>,
    id: Uuid,
    now: OffsetDateTime,
) -> StoreResult<bool> {
    let data: Option<String> = tx
        .query_row(
            "SELECT data FROM notifications WHERE id = ?1 AND unread = 1",
            [id.to_string()],
            |row| row.get(0),
        )
        .optional()?;
    let Some(data) = data else {
        return Ok(false);
    };
    let mut notification: Notification = serde_json::from_str(&data)?;
    notification.read_at = Some(now);
    upsert_notification(tx, &notification)?;
    Ok(true)
}

/// Puts a notification back to unread (a read the server refused for good).
pub(crate) fn mark_notification_unread(tx: &Transaction<'_>, id: Uuid) -> StoreResult<()> {
    let data: Option<String> = tx
        .query_row(
            "SELECT data FROM notifications WHERE id = ?1",
            [id.to_string()],
            |row| row.get(0),
        )
        .optional()?;
    if let Some(data) = data {
        let mut notification: Notification = serde_json::from_str(&data)?;
        notification.read_at = None;
        upsert_notification(tx, &notification)?;
    }
    Ok(())
}

/// A transfer as the server has it (either direction).
pub(crate) fn upsert_transfer(tx: &Transaction<'_>, transfer: &DeviceTransfer) -> StoreResult<()> {
    write_transfer(tx, transfer, ItemState::Synced)
}

/// A transfer changed on this phone (asked, or decided), waiting for the server.
pub(crate) fn write_pending_transfer(
    tx: &Transaction<'_>,
    transfer: &DeviceTransfer,
) -> StoreResult<()> {
    write_transfer(tx, transfer, ItemState::Pending)
}

fn write_transfer(
    tx: &Transaction<'_>,
    transfer: &DeviceTransfer,
    state: ItemState,
) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO device_transfers (id, device_id, created_at, data, sync_state) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET data = excluded.data, sync_state = excluded.sync_state",
        rusqlite::params![
            transfer.id.to_string(),
            transfer.device_id.as_str(),
            to_millis(transfer.created_at),
            serde_json::to_string(transfer)?,
            state,
        ],
    )?;
    Ok(())
}

/// One cached transfer and whether a change of it waits.
pub(crate) fn transfer(
    tx: &Transaction<'_>,
    id: Uuid,
) -> StoreResult<Option<(DeviceTransfer, ItemState)>> {
    let row = tx
        .query_row(
            "SELECT data, sync_state FROM device_transfers WHERE id = ?1",
            [id.to_string()],
            |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)),
        )
        .optional()?;
    row.map(|(data, state)| Ok((serde_json::from_str(&data)?, ItemState::parse(&state)?)))
        .transpose()
}

/// Whether this phone's customer already asked for `device_id` and waits for an answer.
pub(crate) fn asked_for(tx: &Transaction<'_>, device_id: &DeviceId) -> StoreResult<bool> {
    let mut statement =
        tx.prepare_cached("SELECT data FROM device_transfers WHERE device_id = ?1")?;
    let rows = statement.query_map([device_id.as_str()], |row| row.get::<_, String>(0))?;
    for row in rows {
        let transfer: DeviceTransfer = serde_json::from_str(&row?)?;
        if transfer.direction == TransferDirection::Outgoing && transfer.status.is_open() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Removes a transfer.
pub(crate) fn delete_transfer(tx: &Transaction<'_>, id: Uuid) -> StoreResult<()> {
    tx.execute(
        "DELETE FROM device_transfers WHERE id = ?1",
        [id.to_string()],
    )?;
    Ok(())
}
