//! Applying what the server says on its own: pages of the change feed (each page with its
//! cursor in one transaction), a feed restart, the catalogs. Answers to the customer's
//! changes are the actions' ([`crate::store::outbox`]).

use companion_domain::wire::{
    Account, Change, ChangeEntity, ChangeOp, ChangesPage, CollectionPoint, Device, DeviceTransfer,
    GuaranteeRequest, LoyaltyEntry, LoyaltyOutlook, Notification, PointsClaim, Redemption, Reward,
};
use rusqlite::Transaction;
use time::OffsetDateTime;

use super::outbox::row_is_pending;
use super::rows::{
    save_account, upsert_device, upsert_guarantee_request, upsert_notification,
    upsert_points_claim, upsert_redemption, upsert_transfer,
};
use super::{set_meta, to_millis, ItemState, LocalStore, StoreError, StoreResult, OUTLOOK_META};
use crate::actions::RowKey;

impl LocalStore {
    /// Applies a page of the change feed and stores its cursor, together.
    /// A row with a change of the customer's still waiting keeps the customer's version;
    /// the feed's is kept aside (the latest per row) for when the change settles.
    pub fn apply_changes(&self, page: &ChangesPage) -> StoreResult<()> {
        self.write(|tx| {
            for change in &page.changes {
                let row = RowKey::of(change.entity, &change.id);
                if row_is_pending(tx, row.as_str())? {
                    tx.execute(
                        "INSERT INTO deferred_changes (row_key, change) VALUES (?1, ?2)
                         ON CONFLICT (row_key) DO UPDATE SET change = excluded.change",
                        rusqlite::params![row.as_str(), serde_json::to_string(change)?],
                    )?;
                } else {
                    apply_change(tx, change)?;
                }
            }
            set_meta(tx, "cursor", &page.cursor)
        })
    }

    /// The server no longer knows our cursor (410): drop what came from the feed (pending
    /// local changes stay) and the cursor, so the next pull starts from the beginning.
    pub fn reset_sync(&self) -> StoreResult<()> {
        self.write(|tx| {
            for statement in [
                "DELETE FROM devices WHERE sync_state = ?1",
                "DELETE FROM redemptions WHERE sync_state = ?1",
                "DELETE FROM guarantee_requests WHERE sync_state = ?1",
                "DELETE FROM points_claims WHERE sync_state = ?1",
                "DELETE FROM device_transfers WHERE sync_state = ?1",
            ] {
                tx.execute(statement, [ItemState::Synced])?;
            }
            tx.execute("DELETE FROM loyalty_entries", [])?;
            tx.execute("DELETE FROM notifications", [])?;
            tx.execute("DELETE FROM sync_meta WHERE key = ?1", [OUTLOOK_META])?;
            tx.execute("DELETE FROM deferred_changes", [])?;
            tx.execute("DELETE FROM sync_meta WHERE key = 'cursor'", [])?;
            Ok(())
        })
    }

    /// Replaces the reward catalog and collection points.
    pub fn replace_catalogs(
        &self,
        rewards: &[Reward],
        points: &[CollectionPoint],
        now: OffsetDateTime,
    ) -> StoreResult<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM rewards", [])?;
            for reward in rewards {
                tx.execute(
                    "INSERT INTO rewards (id, category, cost_points, data) VALUES (?1, ?2, ?3, ?4)",
                    rusqlite::params![
                        reward.id,
                        reward.category.as_str(),
                        reward.cost_points,
                        serde_json::to_string(reward)?
                    ],
                )?;
            }
            tx.execute("DELETE FROM collection_points", [])?;
            for point in points {
                tx.execute(
                    "INSERT INTO collection_points (id, name, data) VALUES (?1, ?2, ?3)",
                    rusqlite::params![point.id, point.name, serde_json::to_string(point)?],
                )?;
            }
            set_meta(tx, "catalogs_fetched_at", &to_millis(now).to_string())
        })
    }

    /// Caches the account returned at log-in, so the home screen has a name at once.
    pub fn save_account(&self, account: &Account) -> StoreResult<()> {
        self.write(|tx| save_account(tx, account))
    }
}

/// Applies one change of the feed to the cache.
pub(crate) fn apply_change(tx: &Transaction<'_>, change: &Change) -> StoreResult<()> {
    let data = |change: &Change| {
        change.data.clone().ok_or_else(|| {
            StoreError::CorruptValue(format!("upsert of {} without data", change.id))
        })
    };
    match (change.entity, change.op) {
        (ChangeEntity::Account, ChangeOp::Upsert) => {
            let account: Account = serde_json::from_value(data(change)?)?;
            save_account(tx, &account)?;
        }
        (ChangeEntity::Account, ChangeOp::Delete) => {
            tx.execute("DELETE FROM account WHERE id = ?1", [&change.id])?;
        }
        (ChangeEntity::Device, ChangeOp::Upsert) => {
            let device: Device = serde_json::from_value(data(change)?)?;
            upsert_device(tx, &device)?;
        }
        (ChangeEntity::Device, ChangeOp::Delete) => {
            // A registration made here and not yet sent stays: it is a new claim.
            tx.execute(
                "DELETE FROM devices WHERE device_id = ?1 AND sync_state <> ?2",
                rusqlite::params![&change.id, ItemState::PendingRegister],
            )?;
        }
        (ChangeEntity::LoyaltyEntry, ChangeOp::Upsert) => {
            let entry: LoyaltyEntry = serde_json::from_value(data(change)?)?;
            tx.execute(
                "INSERT INTO loyalty_entries (id, created_at, data) VALUES (?1, ?2, ?3)
                 ON CONFLICT (id) DO UPDATE SET created_at = excluded.created_at, data = excluded.data",
                rusqlite::params![entry.id.to_string(), to_millis(entry.created_at), serde_json::to_string(&entry)?],
            )?;
        }
        (ChangeEntity::LoyaltyEntry, ChangeOp::Delete) => {
            tx.execute("DELETE FROM loyalty_entries WHERE id = ?1", [&change.id])?;
        }
        (ChangeEntity::Redemption, ChangeOp::Upsert) => {
            let redemption: Redemption = serde_json::from_value(data(change)?)?;
            upsert_redemption(tx, &redemption)?;
        }
        (ChangeEntity::Redemption, ChangeOp::Delete) => {
            tx.execute("DELETE FROM redemptions WHERE id = ?1", [&change.id])?;
        }
        (ChangeEntity::GuaranteeRequest, ChangeOp::Upsert) => {
            let request: GuaranteeRequest = serde_json::from_value(data(change)?)?;
            upsert_guarantee_request(tx, &request)?;
        }
        (ChangeEntity::GuaranteeRequest, ChangeOp::Delete) => {
            tx.execute("DELETE FROM guarantee_requests WHERE id = ?1", [&change.id])?;
        }
        (ChangeEntity::Notification, ChangeOp::Upsert) => {
            let notification: Notification = serde_json::from_value(data(change)?)?;
            upsert_notification(tx, &notification)?;
        }
        (ChangeEntity::Notification, ChangeOp::Delete) => {
            tx.execute("DELETE FROM notifications WHERE id = ?1", [&change.id])?;
        }
        // Pending points and the next posting and expiry: one record per account.
        (ChangeEntity::LoyaltyOutlook, ChangeOp::Upsert) => {
            let outlook: LoyaltyOutlook = serde_json::from_value(data(change)?)?;
            set_meta(tx, OUTLOOK_META, &serde_json::to_string(&outlook)?)?;
        }
        (ChangeEntity::LoyaltyOutlook, ChangeOp::Delete) => {
            tx.execute("DELETE FROM sync_meta WHERE key = ?1", [OUTLOOK_META])?;
        }
        (ChangeEntity::PointsClaim, ChangeOp::Upsert) => {
            let claim: PointsClaim = serde_json::from_value(data(change)?)?;
            upsert_points_claim(tx, &claim)?;
        }
        (ChangeEntity::PointsClaim, ChangeOp::Delete) => {
            tx.execute("DELETE FROM points_claims WHERE id = ?1", [&change.id])?;
        }
        (ChangeEntity::DeviceTransfer, ChangeOp::Upsert) => {
            let transfer: DeviceTransfer = serde_json::from_value(data(change)?)?;
            upsert_transfer(tx, &transfer)?;
        }
        (ChangeEntity::DeviceTransfer, ChangeOp::Delete) => {
            tx.execute("DELETE FROM device_transfers WHERE id = ?1", [&change.id])?;
        }
    }
    Ok(())
}
