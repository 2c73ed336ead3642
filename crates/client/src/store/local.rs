//! Changes the customer makes. Each is written in one transaction to the cache (marked
//! pending, so the screen shows it at once) and to the outbox with a fresh idempotency key,
//! so it survives a dead network and a killed app, and reaches the server exactly once.
//!
//! Obvious refusals are caught here from the cache (the same codes the server would use);
//! the server still decides.

use companion_domain::wire::{
    Account, CreateGuaranteeRequest, CreateSupportRequest, DeviceSource, GuaranteeRequest,
    GuaranteeRequestStatus, UpdateAccountRequest,
};
use companion_domain::{DeviceId, GuaranteeStatus};
use rusqlite::{OptionalExtension, Transaction};
use time::OffsetDateTime;
use uuid::Uuid;

use super::reads::{account, pending_points};
use super::{to_millis, LocalStore, StoreError, StoreResult};
use crate::errors::ErrorCode;
use crate::mutation::Mutation;

fn enqueue(tx: &Transaction<'_>, mutation: &Mutation, now: OffsetDateTime) -> StoreResult<Uuid> {
    let key = Uuid::new_v4();
    tx.execute(
        "INSERT INTO outbox (idem_key, kind, payload, created_at) VALUES (?1, ?2, ?3, ?4)",
        rusqlite::params![
            key.to_string(),
            mutation.kind(),
            serde_json::to_string(mutation)?,
            to_millis(now)
        ],
    )?;
    Ok(key)
}

fn refuse<T>(code: ErrorCode) -> StoreResult<T> {
    Err(StoreError::NotAllowed(code))
}

impl LocalStore {
    /// Registers a device. Already in the list: nothing to do (`Ok(None)`).
    pub fn register_device(
        &self,
        device_id: DeviceId,
        source: DeviceSource,
        now: OffsetDateTime,
    ) -> StoreResult<Option<Uuid>> {
        self.write(|tx| {
            let present: Option<String> = tx
                .query_row("SELECT sync_state FROM devices WHERE device_id = ?1", [device_id.as_str()], |row| row.get(0))
                .optional()?;
            if present.is_some() {
                return Ok(None);
            }
            tx.execute(
                "INSERT INTO devices (device_id, registered_at, data, sync_state) VALUES (?1, ?2, NULL, 'pending_register')",
                rusqlite::params![device_id.as_str(), to_millis(now)],
            )?;
            enqueue(tx, &Mutation::RegisterDevice { device_id, source }, now).map(Some)
        })
    }

    /// Releases a registered device.
    pub fn release_device(&self, device_id: DeviceId, now: OffsetDateTime) -> StoreResult<Uuid> {
        self.write(|tx| {
            let changed = tx.execute(
                "UPDATE devices SET sync_state = 'pending_release' WHERE device_id = ?1 AND sync_state = 'synced'",
                [device_id.as_str()],
            )?;
            if changed == 0 {
                return refuse(ErrorCode::DeviceNotFound);
            }
            enqueue(tx, &Mutation::ReleaseDevice { device_id }, now)
        })
    }

    /// Exchanges points for a reward; the points are held at once.
    pub fn redeem(&self, reward_id: &str, now: OffsetDateTime) -> StoreResult<Uuid> {
        self.write(|tx| {
            let cost: Option<i64> = tx
                .query_row("SELECT cost_points FROM rewards WHERE id = ?1", [reward_id], |row| row.get(0))
                .optional()?;
            let Some(cost) = cost else { return refuse(ErrorCode::UnknownReward) };
            let Some(account) = account(tx)? else { return refuse(ErrorCode::Unauthenticated) };
            if account.balance - pending_points(tx)? < cost {
                return refuse(ErrorCode::InsufficientPoints);
            }
            let local_id = Uuid::new_v4();
            tx.execute(
                "INSERT INTO redemptions (id, created_at, reward_id, points, data, sync_state) VALUES (?1, ?2, ?3, ?4, NULL, 'pending')",
                rusqlite::params![local_id.to_string(), to_millis(now), reward_id, cost],
            )?;
            enqueue(tx, &Mutation::Redeem { reward_id: reward_id.to_string(), local_id }, now)
        })
    }

    /// Asks for a replacement of a faulty device.
    pub fn request_replacement(
        &self,
        request: CreateGuaranteeRequest,
        now: OffsetDateTime,
    ) -> StoreResult<Uuid> {
        let device_id = DeviceId::parse(&request.device_id)
            .map_err(|_| StoreError::NotAllowed(ErrorCode::InvalidDeviceId))?;
        self.write(|tx| {
            let data: Option<Option<String>> = tx
                .query_row(
                    "SELECT data FROM devices WHERE device_id = ?1 AND sync_state = 'synced'",
                    [device_id.as_str()],
                    |row| row.get(0),
                )
                .optional()?;
            let Some(Some(data)) = data else { return refuse(ErrorCode::DeviceNotFound) };
            let device: companion_domain::wire::Device = serde_json::from_str(&data)?;
            if GuaranteeStatus::on(device.guarantee_until, now.date()) == GuaranteeStatus::Expired {
                return refuse(ErrorCode::GuaranteeExpired);
            }
            let mut open = tx.prepare("SELECT data FROM guarantee_requests WHERE device_id = ?1")?;
            for row in open.query_map([device_id.as_str()], |row| row.get::<_, String>(0))? {
                let existing: GuaranteeRequest = serde_json::from_str(&row?)?;
                if existing.status.is_open() {
                    return refuse(ErrorCode::RequestAlreadyOpen);
                }
            }
            let local_id = Uuid::new_v4();
            let provisional = GuaranteeRequest {
                id: local_id,
                device_id,
                fault_description: request.fault_description.trim().to_string(),
                delivery: request.delivery.clone(),
                status: GuaranteeRequestStatus::Submitted,
                created_at: now,
                updated_at: now,
        tracking_number: None,
        rejection_reason: None,
            };
            tx.execute(
                "INSERT INTO guarantee_requests (id, device_id, created_at, data, sync_state) VALUES (?1, ?2, ?3, ?4, 'pending')",
                rusqlite::params![local_id.to_string(), device_id.as_str(), to_millis(now), serde_json::to_string(&provisional)?],
            )?;
            enqueue(tx, &Mutation::RequestReplacement { local_id, request }, now)
        })
    }

    /// Changes names or marketing consent.
    pub fn update_profile(
        &self,
        patch: UpdateAccountRequest,
        now: OffsetDateTime,
    ) -> StoreResult<Uuid> {
        self.write(|tx| {
            let Some(mut current) = account(tx)? else {
                return refuse(ErrorCode::Unauthenticated);
            };
            let previous = UpdateAccountRequest {
                given_name: patch
                    .given_name
                    .as_ref()
                    .map(|_| current.given_name.clone()),
                family_name: patch
                    .family_name
                    .as_ref()
                    .map(|_| current.family_name.clone()),
                marketing_opt_in: patch.marketing_opt_in.map(|_| current.marketing_opt_in),
            };
            apply_patch(&mut current, &patch);
            save_account(tx, &current)?;
            enqueue(tx, &Mutation::UpdateProfile { patch, previous }, now)
        })
    }

    /// Sends a message to support (kept locally until accepted).
    pub fn send_support_request(
        &self,
        request: CreateSupportRequest,
        now: OffsetDateTime,
    ) -> StoreResult<Uuid> {
        self.write(|tx| {
            let local_id = Uuid::new_v4();
            tx.execute(
                "INSERT INTO support_requests (id, created_at, topic, sync_state) VALUES (?1, ?2, ?3, 'pending')",
                rusqlite::params![local_id.to_string(), to_millis(now), request.topic.as_str()],
            )?;
            enqueue(tx, &Mutation::SendSupportRequest { local_id, request }, now)
        })
    }
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
