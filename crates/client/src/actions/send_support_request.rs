//! A message to customer support: kept on the phone until the server accepts it, then
//! shown with its reference.

use companion_domain::wire::{CreateSupportRequest, SupportRequestReceipt};
use reqwest::Method;
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{ApiRequest, Caller, OfflineAction, Staged};
use crate::api::paths;
use crate::store::{rows, StoreResult};

/// Send `request`; `local_id` names it until the server's reference arrives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SendSupportRequest {
    /// The local record's id.
    pub local_id: Uuid,
    /// The request.
    pub request: CreateSupportRequest,
}

impl SendSupportRequest {
    /// Send `request`.
    pub fn new(request: CreateSupportRequest) -> SendSupportRequest {
        SendSupportRequest {
            local_id: Uuid::new_v4(),
            request,
        }
    }
}

impl OfflineAction for SendSupportRequest {
    const KIND: &'static str = "send_support_request";
    type Answer = SupportRequestReceipt;

    fn stage(&mut self, tx: &Transaction<'_>, now: OffsetDateTime) -> StoreResult<Staged> {
        rows::insert_pending_support_request(tx, self.local_id, self.request.topic.as_str(), now)?;
        Ok(Staged::Queue)
    }

    fn request(&self) -> ApiRequest {
        let mut request = ApiRequest::json(
            Method::POST,
            paths::SUPPORT_REQUESTS.to_string(),
            &self.request,
        );
        request.caller = Caller::IfSignedIn;
        request
    }

    fn accept(&self, tx: &Transaction<'_>, receipt: SupportRequestReceipt) -> StoreResult<()> {
        rows::settle_support_request(tx, self.local_id, &receipt.reference)
    }

    fn undo(&self, tx: &Transaction<'_>) -> StoreResult<Option<String>> {
        rows::delete_support_request(tx, self.local_id)?;
        Ok(None)
    }
}
