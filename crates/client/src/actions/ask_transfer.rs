//! "This device is mine now": asking its owner to pass on a device registered to someone
//! else. It shows as waiting at once; the server's record (never naming the owner)
//! replaces it, and the owner's answer arrives through the feed.

use companion_domain::wire::{
    DeviceTransfer, NewDeviceTransfer, TransferDirection, TransferStatus,
};
use companion_domain::DeviceId;
use reqwest::Method;
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{ApiRequest, OfflineAction, Staged};
use crate::api::paths;
use crate::errors::ErrorCode;
use crate::store::{rows, StoreError, StoreResult};

/// Ask for `device_id`; `local_id` names the provisional transfer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AskTransfer {
    /// The local placeholder's id.
    pub local_id: Uuid,
    /// The device.
    pub device_id: DeviceId,
}

impl AskTransfer {
    /// Ask for `device_id`.
    pub fn new(device_id: DeviceId) -> AskTransfer {
        AskTransfer {
            local_id: Uuid::new_v4(),
            device_id,
        }
    }
}

impl OfflineAction for AskTransfer {
    const KIND: &'static str = "ask_transfer";
    type Answer = DeviceTransfer;

    fn stage(&mut self, tx: &Transaction<'_>, now: OffsetDateTime) -> StoreResult<Staged> {
        if rows::synced_device(tx, &self.device_id)?.is_some() {
            return Err(StoreError::NotAllowed(ErrorCode::DeviceAlreadyYours));
        }
        if rows::asked_for(tx, &self.device_id)? {
            return Ok(Staged::NothingToDo);
        }
        let provisional = DeviceTransfer {
            id: self.local_id,
            device_id: self.device_id,
            model: String::new(),
            direction: TransferDirection::Outgoing,
            status: TransferStatus::Pending,
            created_at: now,
            updated_at: now,
        };
        rows::write_pending_transfer(tx, &provisional)?;
        Ok(Staged::Queue)
    }

    fn request(&self) -> ApiRequest {
        let body = NewDeviceTransfer {
            device_id: self.device_id.as_str().to_string(),
        };
        ApiRequest::json(Method::POST, paths::DEVICE_TRANSFERS.to_string(), &body)
    }

    fn accept(&self, tx: &Transaction<'_>, transfer: DeviceTransfer) -> StoreResult<()> {
        rows::delete_transfer(tx, self.local_id)?;
        rows::upsert_transfer(tx, &transfer)
    }

    fn undo(&self, tx: &Transaction<'_>) -> StoreResult<Option<String>> {
        rows::delete_transfer(tx, self.local_id)?;
        Ok(Some(self.device_id.as_str().to_string()))
    }
}
