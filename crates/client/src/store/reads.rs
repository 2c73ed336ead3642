//! What each screen shows, read from the cache alone: no network, a few milliseconds.

use companion_domain::wire::{
    Account, CollectionPoint, Device, DeviceTransfer, GuaranteeRequest, LoyaltyEntry,
    LoyaltyOutlook, NextTier, PointsClaim, Redemption, Reward,
};
use companion_domain::{DeviceId, Tier};
use rusqlite::{Connection, OptionalExtension};
use time::OffsetDateTime;

use super::rows::held_points;
use super::{from_millis, meta, ItemState, LocalStore, StoreError, StoreResult, OUTLOOK_META};
use crate::errors::ErrorCode;

/// A device in the list: the server's record once known, and whether a change waits.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceView {
    /// The device ID.
    pub device_id: DeviceId,
    /// When the customer registered it (locally, while pending).
    pub registered_at: OffsetDateTime,
    /// The server's record; `None` while the registration waits (model unknown).
    pub device: Option<Device>,
    /// Pending or synced.
    pub state: ItemState,
}

/// A device transfer, asked of the customer or by them.
#[derive(Debug, Clone, PartialEq)]
pub struct TransferView {
    /// As the server has it, or as changed here while waiting.
    pub transfer: DeviceTransfer,
    /// A change of it (asked, or decided) waits for the server.
    pub pending: bool,
}

/// The wallet screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Wallet {
    /// The server's balance as last synced.
    pub balance: i64,
    /// Points held by redemptions not yet accepted.
    pub held_points: i64,
    /// What can be spent now: `balance - held_points`.
    pub available: i64,
    /// Points earned but not posted yet (never spendable), and the next posting and expiry.
    pub outlook: LoyaltyOutlook,
    /// Tier.
    pub tier: Tier,
    /// Lifetime points.
    pub lifetime_points: i64,
    /// Progress to the next tier.
    pub next_tier: Option<NextTier>,
    /// The newest entries, newest first.
    pub entries: Vec<LoyaltyEntry>,
}

/// A voucher, or a redemption waiting to be accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct VoucherView {
    /// Local or server id.
    pub id: String,
    /// The reward.
    pub reward_id: String,
    /// Points it costs.
    pub points: i64,
    /// The server's record with the voucher code; `None` while pending.
    pub redemption: Option<Redemption>,
    /// Waiting for the server.
    pub pending: bool,
}

/// A missing-points claim and whether it waits to be sent.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimView {
    /// The claim (provisional while pending: open, no reference yet).
    pub claim: PointsClaim,
    /// Waiting for the server.
    pub pending: bool,
}

/// A replacement request and whether it waits to be sent.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestView {
    /// The request (provisional while pending).
    pub request: GuaranteeRequest,
    /// Waiting for the server.
    pub pending: bool,
}

/// A message for the customer, e.g. a refused change.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// Identifier (to mark it seen).
    pub id: i64,
    /// When.
    pub created_at: OffsetDateTime,
    /// The reason, for the UI to explain in the customer's language.
    pub code: ErrorCode,
    /// The server's English message.
    pub message: String,
    /// What it is about (a device ID, a reward), if any.
    pub subject: Option<String>,
}

/// The home screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Home {
    /// The account, once synced.
    pub account: Option<Account>,
    /// Wallet summary with the newest entries.
    pub wallet: Option<Wallet>,
    /// Devices.
    pub devices: Vec<DeviceView>,
    /// Changes waiting to be sent.
    pub pending_changes: i64,
    /// Unseen notices.
    pub notices: Vec<Notice>,
}

fn json<T: serde::de::DeserializeOwned>(text: &str) -> StoreResult<T> {
    Ok(serde_json::from_str(text)?)
}

pub(crate) fn account(connection: &Connection) -> StoreResult<Option<Account>> {
    let data: Option<String> = connection
        .query_row("SELECT data FROM account LIMIT 1", [], |row| row.get(0))
        .optional()?;
    data.as_deref().map(json).transpose()
}

fn device_views(connection: &Connection, only: Option<&DeviceId>) -> StoreResult<Vec<DeviceView>> {
    let mut statement = connection.prepare_cached(
        "SELECT device_id, registered_at, data, sync_state FROM devices
         WHERE ?1 IS NULL OR device_id = ?1 ORDER BY registered_at DESC, device_id",
    )?;
    let rows = statement.query_map([only.map(DeviceId::as_str)], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, i64>(1)?,
            row.get::<_, Option<String>>(2)?,
            row.get::<_, String>(3)?,
        ))
    })?;
    let mut views = Vec::new();
    for row in rows {
        let (id, registered_at, data, state) = row?;
        let device_id = DeviceId::parse(&id)
            .map_err(|e| StoreError::CorruptValue(format!("device id {id:?}: {e}")))?;
        views.push(DeviceView {
            device_id,
            registered_at: from_millis(registered_at),
            device: data.as_deref().map(json).transpose()?,
            state: ItemState::parse(&state)?,
        });
    }
    Ok(views)
}

fn wallet(connection: &Connection, entries: usize) -> StoreResult<Option<Wallet>> {
    let Some(account) = account(connection)? else {
        return Ok(None);
    };
    let held_points = held_points(connection)?;
    let outlook = match meta(connection, OUTLOOK_META)? {
        Some(text) => json(&text)?,
        None => LoyaltyOutlook::default(),
    };
    let mut statement = connection.prepare_cached(
        "SELECT data FROM loyalty_entries ORDER BY created_at DESC, rowid DESC LIMIT ?1",
    )?;
    let rows = statement.query_map([entries as i64], |row| row.get::<_, String>(0))?;
    let entries = rows
        .map(|row| json(&row?))
        .collect::<StoreResult<Vec<LoyaltyEntry>>>()?;
    let next_tier = account.tier.next().map(|tier| NextTier {
        tier,
        points_needed: (tier.threshold() - account.lifetime_points).max(0),
    });
    Ok(Some(Wallet {
        balance: account.balance,
        held_points,
        available: (account.balance - held_points).max(0),
        outlook,
        tier: account.tier,
        lifetime_points: account.lifetime_points,
        next_tier,
        entries,
    }))
}

impl LocalStore {
    /// The signed-in customer's account as last synced.
    pub fn account(&self) -> StoreResult<Option<Account>> {
        account(&self.reader())
    }

    /// The home screen: wallet summary with `entries` newest entries, devices, pending
    /// count and unseen notices, all read in one snapshot.
    pub fn home(&self, entries: usize) -> StoreResult<Home> {
        let mut connection = self.reader();
        let tx = connection.transaction()?;
        let home = Home {
            account: account(&tx)?,
            wallet: wallet(&tx, entries)?,
            devices: device_views(&tx, None)?,
            pending_changes: tx.query_row("SELECT COUNT(*) FROM outbox", [], |row| row.get(0))?,
            notices: notices(&tx)?,
        };
        tx.commit()?;
        Ok(home)
    }

    /// My Devices.
    pub fn devices(&self) -> StoreResult<Vec<DeviceView>> {
        device_views(&self.reader(), None)
    }

    /// One device, if registered here (or pending).
    pub fn device(&self, id: &DeviceId) -> StoreResult<Option<DeviceView>> {
        Ok(self
            .devices()?
            .into_iter()
            .find(|view| view.device_id == *id))
    }

    /// The wallet with the `entries` newest history lines.
    pub fn wallet(&self, entries: usize) -> StoreResult<Option<Wallet>> {
        wallet(&self.reader(), entries)
    }

    /// History lines older than the entry with id `after` (for scrolling), newest first.
    pub fn history_page(&self, before_ms: i64, limit: usize) -> StoreResult<Vec<LoyaltyEntry>> {
        let connection = self.reader();
        let mut statement = connection.prepare_cached(
            "SELECT data FROM loyalty_entries WHERE created_at < ?1 ORDER BY created_at DESC, rowid DESC LIMIT ?2",
        )?;
        let rows = statement.query_map([before_ms, limit as i64], |row| row.get::<_, String>(0))?;
        rows.map(|row| json(&row?)).collect()
    }

    /// The reward catalog, cheapest first.
    pub fn rewards(&self) -> StoreResult<Vec<Reward>> {
        let connection = self.reader();
        let mut statement =
            connection.prepare_cached("SELECT data FROM rewards ORDER BY cost_points, id")?;
        let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
        rows.map(|row| json(&row?)).collect()
    }

    /// Vouchers, newest first, pending ones included.
    pub fn vouchers(&self) -> StoreResult<Vec<VoucherView>> {
        let connection = self.reader();
        let mut statement = connection.prepare_cached(
            "SELECT id, reward_id, points, data, sync_state FROM redemptions ORDER BY created_at DESC, id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, i64>(2)?,
                row.get::<_, Option<String>>(3)?,
                row.get::<_, String>(4)?,
            ))
        })?;
        let mut views = Vec::new();
        for row in rows {
            let (id, reward_id, points, data, state) = row?;
            views.push(VoucherView {
                id,
                reward_id,
                points,
                redemption: data.as_deref().map(json).transpose()?,
                pending: ItemState::parse(&state)?.is_pending(),
            });
        }
        Ok(views)
    }

    /// Replacement requests, newest first, pending ones included.
    pub fn guarantee_requests(&self) -> StoreResult<Vec<RequestView>> {
        records_with_state(
            &self.reader(),
            "SELECT data, sync_state FROM guarantee_requests ORDER BY created_at DESC, id",
        )?
        .into_iter()
        .map(|(request, pending)| Ok(RequestView { request, pending }))
        .collect()
    }

    /// Missing-points claims, newest first, pending ones included.
    pub fn points_claims(&self) -> StoreResult<Vec<ClaimView>> {
        records_with_state(
            &self.reader(),
            "SELECT data, sync_state FROM points_claims ORDER BY created_at DESC, id",
        )?
        .into_iter()
        .map(|(claim, pending)| Ok(ClaimView { claim, pending }))
        .collect()
    }

    /// Device transfers, newest first (both directions), changes waiting included.
    pub fn transfers(&self) -> StoreResult<Vec<TransferView>> {
        records_with_state(
            &self.reader(),
            "SELECT data, sync_state FROM device_transfers ORDER BY created_at DESC, id",
        )?
        .into_iter()
        .map(|(transfer, pending)| Ok(TransferView { transfer, pending }))
        .collect()
    }

    /// Collection points by name.
    pub fn collection_points(&self) -> StoreResult<Vec<CollectionPoint>> {
        let connection = self.reader();
        let mut statement =
            connection.prepare_cached("SELECT data FROM collection_points ORDER BY name, id")?;
        let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
        rows.map(|row| json(&row?)).collect()
    }

    /// Number of changes waiting to be sent.
    pub fn pending_count(&self) -> StoreResult<i64> {
        Ok(self
            .reader()
            .query_row("SELECT COUNT(*) FROM outbox", [], |row| row.get(0))?)
    }

    /// Notices not yet seen, newest first.
    pub fn notices(&self) -> StoreResult<Vec<Notice>> {
        notices(&self.reader())
    }

    /// Marks notices as seen.
    pub fn mark_notices_seen(&self, ids: &[i64]) -> StoreResult<()> {
        self.write(|tx| {
            for id in ids {
                tx.execute("UPDATE notices SET seen = 1 WHERE id = ?1", [id])?;
            }
            Ok(())
        })
    }
}

/// Rows of `(data, sync_state)` from `sql`: each record, and whether a change waits.
fn records_with_state<T: serde::de::DeserializeOwned>(
    connection: &Connection,
    sql: &str,
) -> StoreResult<Vec<(T, bool)>> {
    let mut statement = connection.prepare_cached(sql)?;
    let rows = statement.query_map([], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })?;
    let mut records = Vec::new();
    for row in rows {
        let (data, state) = row?;
        records.push((json(&data)?, ItemState::parse(&state)?.is_pending()));
    }
    Ok(records)
}

fn notices(connection: &Connection) -> StoreResult<Vec<Notice>> {
    let mut statement = connection
        .prepare_cached("SELECT id, created_at, code, message, subject FROM notices WHERE seen = 0 ORDER BY id DESC")?;
    let rows = statement.query_map([], |row| {
        Ok(Notice {
            id: row.get(0)?,
            created_at: from_millis(row.get(1)?),
            code: ErrorCode::from_code(&row.get::<_, String>(2)?),
            message: row.get(3)?,
            subject: row.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}
