//! Applying what the server says: the answer to a pushed change (accepted or refused) and
//! pages of the change feed. Each is one transaction together with the outbox or cursor
//! update it implies, so a crash at any point leaves either the before or the after.

use companion_domain::wire::{
    Account, Change, ChangeEntity, ChangeOp, ChangesPage, CollectionPoint, Device,
    GuaranteeRequest, LoyaltyEntry, LoyaltyOutlook, PointsClaim, Redemption, Reward,
};
use rusqlite::{OptionalExtension, Transaction};
use time::OffsetDateTime;
use uuid::Uuid;

use super::local::{apply_patch, save_account};
use super::reads::account;
use super::{set_meta, to_millis, LocalStore, StoreError, StoreResult};
use crate::errors::CallError;
use crate::mutation::{Accepted, Mutation, OutboxEntry};

impl LocalStore {
    /// The oldest change not yet accepted.
    pub fn outbox_head(&self) -> StoreResult<Option<OutboxEntry>> {
        let connection = self.reader();
        let row = connection
            .query_row(
                "SELECT seq, idem_key, payload, attempts FROM outbox ORDER BY seq LIMIT 1",
                [],
                |row| {
                    Ok((
                        row.get::<_, i64>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, String>(2)?,
                        row.get::<_, i64>(3)?,
                    ))
                },
            )
            .optional()?;
        row.map(|(seq, key, payload, attempts)| {
            Ok(OutboxEntry {
                seq,
                key: Uuid::parse_str(&key)
                    .map_err(|e| StoreError::CorruptValue(format!("outbox key: {e}")))?,
                mutation: serde_json::from_str(&payload)?,
                attempts,
            })
        })
        .transpose()
    }

    /// The server accepted `entry`: cache its answer and drop it from the outbox.
    pub fn complete(&self, entry: &OutboxEntry, accepted: &Accepted) -> StoreResult<()> {
        self.write(|tx| {
            if !remove_from_outbox(tx, entry)? {
                return Ok(()); // Already applied (a duplicate answer): nothing more to do.
            }
            match (&entry.mutation, accepted) {
                (_, Accepted::Device(device)) => upsert_device(tx, device)?,
                (Mutation::ReleaseDevice { device_id }, Accepted::Released) => {
                    tx.execute("DELETE FROM devices WHERE device_id = ?1", [device_id.as_str()])?;
                }
                (Mutation::Redeem { local_id, .. }, Accepted::Redemption(redemption)) => {
                    tx.execute("DELETE FROM redemptions WHERE id = ?1", [local_id.to_string()])?;
                    upsert_redemption(tx, redemption)?;
                }
                (Mutation::RequestReplacement { local_id, .. }, Accepted::GuaranteeRequest(request)) => {
                    tx.execute("DELETE FROM guarantee_requests WHERE id = ?1", [local_id.to_string()])?;
                    upsert_guarantee_request(tx, request)?;
                }
                (_, Accepted::Account(account)) => save_account(tx, account)?,
                (Mutation::SendSupportRequest { local_id, .. }, Accepted::SupportReceipt(receipt)) => {
                    tx.execute(
                        "UPDATE support_requests SET reference = ?1, sync_state = 'synced' WHERE id = ?2",
                        [receipt.reference.as_str(), &local_id.to_string()],
                    )?;
                }
                (mutation, answer) => {
                    return Err(StoreError::CorruptValue(format!("answer {answer:?} does not fit {}", mutation.kind())))
                }
            }
            Ok(())
        })
    }

    /// The server refused `entry` for good: undo the optimistic change, drop the entry and
    /// leave a notice explaining why.
    pub fn refuse(
        &self,
        entry: &OutboxEntry,
        error: &CallError,
        now: OffsetDateTime,
    ) -> StoreResult<()> {
        self.write(|tx| {
            if !remove_from_outbox(tx, entry)? {
                return Ok(());
            }
            let subject = match &entry.mutation {
                Mutation::RegisterDevice { device_id, .. } => {
                    tx.execute(
                        "DELETE FROM devices WHERE device_id = ?1 AND sync_state = 'pending_register'",
                        [device_id.as_str()],
                    )?;
                    Some(device_id.as_str().to_string())
                }
                Mutation::ReleaseDevice { device_id } => {
                    // The server says it is not ours (any more): the next pull settles it.
                    tx.execute(
                        "UPDATE devices SET sync_state = 'synced' WHERE device_id = ?1 AND sync_state = 'pending_release'",
                        [device_id.as_str()],
                    )?;
                    Some(device_id.as_str().to_string())
                }
                Mutation::Redeem { local_id, reward_id } => {
                    tx.execute("DELETE FROM redemptions WHERE id = ?1", [local_id.to_string()])?;
                    Some(reward_id.clone())
                }
                Mutation::RequestReplacement { local_id, request } => {
                    tx.execute("DELETE FROM guarantee_requests WHERE id = ?1", [local_id.to_string()])?;
                    Some(request.device_id.clone())
                }
                Mutation::UpdateProfile { previous, .. } => {
                    if let Some(mut current) = account(tx)? {
                        apply_patch(&mut current, previous);
                        save_account(tx, &current)?;
                    }
                    None
                }
                Mutation::SendSupportRequest { local_id, .. } => {
                    tx.execute("DELETE FROM support_requests WHERE id = ?1", [local_id.to_string()])?;
                    None
                }
            };
            let code = error.code().map(|c| c.as_str().to_string()).unwrap_or_else(|| "refused".into());
            tx.execute(
                "INSERT INTO notices (created_at, code, message, subject) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![to_millis(now), code, error.to_string(), subject],
            )?;
            Ok(())
        })
    }

    /// A retryable failure: count it (the entry stays first in line).
    pub fn record_failure(&self, entry: &OutboxEntry, error: &CallError) -> StoreResult<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?1 WHERE seq = ?2",
                rusqlite::params![error.to_string(), entry.seq],
            )?;
            Ok(())
        })
    }

    /// Applies a page of the change feed and stores its cursor, together.
    pub fn apply_changes(&self, page: &ChangesPage) -> StoreResult<()> {
        self.write(|tx| {
            for change in &page.changes {
                apply_change(tx, change)?;
            }
            set_meta(tx, "cursor", &page.cursor)
        })
    }

    /// The server no longer knows our cursor (410): drop what came from the feed (pending
    /// local changes stay) and the cursor, so the next pull starts from the beginning.
    pub fn reset_sync(&self) -> StoreResult<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM devices WHERE sync_state = 'synced'", [])?;
            tx.execute("DELETE FROM loyalty_entries", [])?;
            tx.execute("DELETE FROM redemptions WHERE sync_state = 'synced'", [])?;
            tx.execute(
                "DELETE FROM guarantee_requests WHERE sync_state = 'synced'",
                [],
            )?;
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

fn remove_from_outbox(tx: &Transaction<'_>, entry: &OutboxEntry) -> StoreResult<bool> {
    Ok(tx.execute("DELETE FROM outbox WHERE seq = ?1", [entry.seq])? == 1)
}

fn apply_change(tx: &Transaction<'_>, change: &Change) -> StoreResult<()> {
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
                "DELETE FROM devices WHERE device_id = ?1 AND sync_state <> 'pending_register'",
                [&change.id],
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
        // Pending points, the next posting and expiry, and missing-points claims: kept as
        // the server sent them (checked to parse) until the wallet's screens give them
        // tables of their own, so nothing synced meanwhile is lost.
        (ChangeEntity::LoyaltyOutlook, ChangeOp::Upsert) => {
            let outlook: LoyaltyOutlook = serde_json::from_value(data(change)?)?;
            set_meta(tx, "loyalty_outlook", &serde_json::to_string(&outlook)?)?;
        }
        (ChangeEntity::PointsClaim, ChangeOp::Upsert) => {
            let claim: PointsClaim = serde_json::from_value(data(change)?)?;
            set_meta(
                tx,
                &format!("points_claim:{}", claim.id),
                &serde_json::to_string(&claim)?,
            )?;
        }
        (ChangeEntity::LoyaltyOutlook | ChangeEntity::PointsClaim, ChangeOp::Delete) => {}
    }
    Ok(())
}

fn upsert_device(tx: &Transaction<'_>, device: &Device) -> StoreResult<()> {
    // A release waiting to be sent keeps its pending state; the data is refreshed.
    tx.execute(
        "INSERT INTO devices (device_id, registered_at, data, sync_state) VALUES (?1, ?2, ?3, 'synced')
         ON CONFLICT (device_id) DO UPDATE SET registered_at = excluded.registered_at, data = excluded.data,
             sync_state = CASE WHEN devices.sync_state = 'pending_release' THEN 'pending_release' ELSE 'synced' END",
        rusqlite::params![device.device_id.as_str(), to_millis(device.registered_at), serde_json::to_string(device)?],
    )?;
    Ok(())
}

fn upsert_redemption(tx: &Transaction<'_>, redemption: &Redemption) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO redemptions (id, created_at, reward_id, points, data, sync_state) VALUES (?1, ?2, ?3, ?4, ?5, 'synced')
         ON CONFLICT (id) DO UPDATE SET data = excluded.data, sync_state = 'synced'",
        rusqlite::params![
            redemption.id.to_string(),
            to_millis(redemption.created_at),
            redemption.reward_id,
            redemption.points,
            serde_json::to_string(redemption)?
        ],
    )?;
    Ok(())
}

fn upsert_guarantee_request(tx: &Transaction<'_>, request: &GuaranteeRequest) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO guarantee_requests (id, device_id, created_at, data, sync_state) VALUES (?1, ?2, ?3, ?4, 'synced')
         ON CONFLICT (id) DO UPDATE SET data = excluded.data, sync_state = 'synced'",
        rusqlite::params![
            request.id.to_string(),
            request.device_id.as_str(),
            to_millis(request.created_at),
            serde_json::to_string(request)?
        ],
    )?;
    Ok(())
}
