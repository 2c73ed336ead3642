//! The owner's answer to a transfer of their device: shown at once (accepted or declined,
//! waiting), sent when the phone is back. An accepted device leaves the owner's list when
//! the server confirms; a refused answer (decided elsewhere meanwhile) puts the transfer
//! back as it was, and the feed brings the truth.

use companion_domain::wire::{
    ChangeEntity, DeviceTransfer, TransferDecision, TransferDecisionRequest, TransferDirection,
    TransferStatus,
};
use reqwest::Method;
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{ApiRequest, OfflineAction, RowKey, Staged};
use crate::api::paths;
use crate::errors::ErrorCode;
use crate::store::{rows, ItemState, StoreError, StoreResult};

/// Answer the transfer `id`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecideTransfer {
    /// The transfer.
    pub id: Uuid,
    /// Accept or decline.
    pub decision: TransferDecision,
    /// The transfer as it was before (set when staged), to put back on a refusal.
    #[serde(default)]
    pub before: Option<DeviceTransfer>,
}

impl DecideTransfer {
    /// Answer the transfer `id`.
    pub fn new(id: Uuid, decision: TransferDecision) -> DecideTransfer {
        DecideTransfer {
            id,
            decision,
            before: None,
        }
    }
}

impl OfflineAction for DecideTransfer {
    const KIND: &'static str = "decide_transfer";
    type Answer = DeviceTransfer;

    fn stage(&mut self, tx: &Transaction<'_>, now: OffsetDateTime) -> StoreResult<Staged> {
        let Some((transfer, state)) = rows::transfer(tx, self.id)? else {
            return Err(StoreError::NotAllowed(ErrorCode::TransferNotFound));
        };
        if transfer.direction != TransferDirection::Incoming {
            return Err(StoreError::NotAllowed(ErrorCode::TransferNotFound));
        }
        if !transfer.status.is_open() || state != ItemState::Synced {
            return Err(StoreError::NotAllowed(ErrorCode::TransferClosed));
        }
        let mut decided = transfer.clone();
        decided.status = match self.decision {
            TransferDecision::Accept => TransferStatus::Accepted,
            TransferDecision::Decline => TransferStatus::Declined,
        };
        decided.updated_at = now;
        rows::write_pending_transfer(tx, &decided)?;
        self.before = Some(transfer);
        Ok(Staged::Queue)
    }

    fn request(&self) -> ApiRequest {
        ApiRequest::json(
            Method::POST,
            paths::device_transfer_decision(&self.id.to_string()),
            &TransferDecisionRequest {
                decision: self.decision,
            },
        )
    }

    fn accept(&self, tx: &Transaction<'_>, transfer: DeviceTransfer) -> StoreResult<()> {
        if transfer.status == TransferStatus::Accepted {
            rows::delete_device(tx, &transfer.device_id)?;
        }
        rows::upsert_transfer(tx, &transfer)
    }

    fn undo(&self, tx: &Transaction<'_>) -> StoreResult<Option<String>> {
        match &self.before {
            Some(before) => {
                rows::upsert_transfer(tx, before)?;
                Ok(Some(before.device_id.as_str().to_string()))
            }
            None => Ok(None),
        }
    }

    fn rows(&self) -> Vec<RowKey> {
        vec![RowKey::of(
            ChangeEntity::DeviceTransfer,
            &self.id.to_string(),
        )]
    }
}
