//! Asking for a replacement under the Voluntary Guarantee: the request shows as submitted
//! at once; the server's record (its id, later its status) replaces it when accepted.

use companion_domain::wire::{CreateGuaranteeRequest, GuaranteeRequest, GuaranteeRequestStatus};
use companion_domain::{DeviceId, GuaranteeStatus};
use reqwest::Method;
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{ApiRequest, OfflineAction, Staged};
use crate::api::paths;
use crate::errors::ErrorCode;
use crate::store::{rows, StoreError, StoreResult};

/// Ask for a replacement; `local_id` names the provisional request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestReplacement {
    /// The local placeholder's id.
    pub local_id: Uuid,
    /// The request.
    pub request: CreateGuaranteeRequest,
}

impl RequestReplacement {
    /// Ask for `request`.
    pub fn new(request: CreateGuaranteeRequest) -> RequestReplacement {
        RequestReplacement {
            local_id: Uuid::new_v4(),
            request,
        }
    }
}

impl OfflineAction for RequestReplacement {
    const KIND: &'static str = "request_replacement";
    type Answer = GuaranteeRequest;

    fn stage(&mut self, tx: &Transaction<'_>, now: OffsetDateTime) -> StoreResult<Staged> {
        let refuse = |code| Err(StoreError::NotAllowed(code));
        let Ok(device_id) = DeviceId::parse(&self.request.device_id) else {
            return refuse(ErrorCode::InvalidDeviceId);
        };
        let Some(device) = rows::synced_device(tx, &device_id)? else {
            return refuse(ErrorCode::DeviceNotFound);
        };
        if GuaranteeStatus::on(device.guarantee_until, now.date()) == GuaranteeStatus::Expired {
            return refuse(ErrorCode::GuaranteeExpired);
        }
        if rows::guarantee_requests_of(tx, &device_id)?
            .iter()
            .any(|existing| existing.status.is_open())
        {
            return refuse(ErrorCode::RequestAlreadyOpen);
        }
        let provisional = GuaranteeRequest {
            id: self.local_id,
            device_id,
            fault_description: self.request.fault_description.trim().to_string(),
            fault_code: self.request.fault_code.unwrap_or_default(),
            delivery: self.request.delivery.clone(),
            status: GuaranteeRequestStatus::Submitted,
            created_at: now,
            updated_at: now,
            tracking_number: None,
            rejection_reason: None,
        };
        rows::insert_pending_guarantee_request(tx, &provisional)?;
        Ok(Staged::Queue)
    }

    fn request(&self) -> ApiRequest {
        ApiRequest::json(
            Method::POST,
            paths::GUARANTEE_REQUESTS.to_string(),
            &self.request,
        )
    }

    fn accept(&self, tx: &Transaction<'_>, request: GuaranteeRequest) -> StoreResult<()> {
        rows::delete_guarantee_request(tx, self.local_id)?;
        rows::upsert_guarantee_request(tx, &request)
    }

    fn undo(&self, tx: &Transaction<'_>) -> StoreResult<Option<String>> {
        rows::delete_guarantee_request(tx, self.local_id)?;
        Ok(Some(self.request.device_id.clone()))
    }
}
