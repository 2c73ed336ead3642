//! Releasing a device (sold or given away): marked pending at once; gone from the list
//! when the server accepts; back as it was if the server refuses.

use companion_domain::wire::ChangeEntity;
use companion_domain::DeviceId;
use reqwest::Method;
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{ApiRequest, OfflineAction, RowKey, Staged};
use crate::api::paths;
use crate::errors::ErrorCode;
use crate::store::{rows, ItemState, StoreError, StoreResult};

/// Release `device_id`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReleaseDevice {
    /// The device.
    pub device_id: DeviceId,
}

impl OfflineAction for ReleaseDevice {
    const KIND: &'static str = "release_device";
    type Answer = ();

    fn stage(&mut self, tx: &Transaction<'_>, _now: OffsetDateTime) -> StoreResult<Staged> {
        if !rows::move_device_state(
            tx,
            &self.device_id,
            ItemState::Synced,
            ItemState::PendingRelease,
        )? {
            return Err(StoreError::NotAllowed(ErrorCode::DeviceNotFound));
        }
        Ok(Staged::Queue)
    }

    fn request(&self) -> ApiRequest {
        ApiRequest::empty(Method::DELETE, paths::device(self.device_id.as_str()))
    }

    fn accept(&self, tx: &Transaction<'_>, (): ()) -> StoreResult<()> {
        rows::delete_device(tx, &self.device_id)
    }

    fn undo(&self, tx: &Transaction<'_>) -> StoreResult<Option<String>> {
        // The server says it is not ours (any more): the deferred feed rows settle it.
        rows::move_device_state(
            tx,
            &self.device_id,
            ItemState::PendingRelease,
            ItemState::Synced,
        )?;
        Ok(Some(self.device_id.as_str().to_string()))
    }

    fn rows(&self) -> Vec<RowKey> {
        vec![RowKey::of(ChangeEntity::Device, self.device_id.as_str())]
    }
}
