//! Registering a device (camera scan, typing, a photo): in the list at once, marked
//! pending; the server's record (model, guarantee) replaces it when accepted.

use companion_domain::wire::{ChangeEntity, Device, DeviceSource, RegisterDeviceRequest};
use companion_domain::DeviceId;
use reqwest::Method;
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{ApiRequest, OfflineAction, RowKey, Staged};
use crate::api::paths;
use crate::store::{rows, ItemState, StoreResult};

/// Register `device_id`, captured by `source`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegisterDevice {
    /// The device.
    pub device_id: DeviceId,
    /// How the ID was captured.
    pub source: DeviceSource,
}

impl OfflineAction for RegisterDevice {
    const KIND: &'static str = "register_device";
    type Answer = Device;

    fn stage(&mut self, tx: &Transaction<'_>, now: OffsetDateTime) -> StoreResult<Staged> {
        if rows::device_state(tx, &self.device_id)?.is_some() {
            return Ok(Staged::NothingToDo);
        }
        rows::insert_pending_device(tx, &self.device_id, now)?;
        Ok(Staged::Queue)
    }

    fn request(&self) -> ApiRequest {
        let body = RegisterDeviceRequest {
            device_id: self.device_id.as_str().to_string(),
            source: self.source,
        };
        ApiRequest::json(Method::POST, paths::DEVICES.to_string(), &body)
    }

    fn accept(&self, tx: &Transaction<'_>, device: Device) -> StoreResult<()> {
        rows::upsert_device(tx, &device)
    }

    fn undo(&self, tx: &Transaction<'_>) -> StoreResult<Option<String>> {
        rows::delete_device_in_state(tx, &self.device_id, ItemState::PendingRegister)?;
        Ok(Some(self.device_id.as_str().to_string()))
    }

    fn rows(&self) -> Vec<RowKey> {
        vec![RowKey::of(ChangeEntity::Device, self.device_id.as_str())]
    }
}
