//! The changes a customer can make, as they wait in the outbox, and what the server
//! answers when it accepts them.

use companion_domain::wire::{
    Account, CreateGuaranteeRequest, CreateSupportRequest, Device, DeviceSource, GuaranteeRequest,
    Redemption, SupportRequestReceipt, UpdateAccountRequest,
};
use companion_domain::DeviceId;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A change made on the phone, to be sent to the account API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Mutation {
    /// Register a device to the customer.
    RegisterDevice {
        /// The device.
        device_id: DeviceId,
        /// How the ID was captured.
        source: DeviceSource,
    },
    /// Release a device (sold or given away).
    ReleaseDevice {
        /// The device.
        device_id: DeviceId,
    },
    /// Exchange points for a reward.
    Redeem {
        /// The reward.
        reward_id: String,
        /// The local placeholder's id.
        local_id: Uuid,
    },
    /// Ask for a replacement under the Voluntary Guarantee.
    RequestReplacement {
        /// The local placeholder's id.
        local_id: Uuid,
        /// The request.
        request: CreateGuaranteeRequest,
    },
    /// Change names or consent; `previous` restores the cache if the server refuses.
    UpdateProfile {
        /// The change.
        patch: UpdateAccountRequest,
        /// The values before the change.
        previous: UpdateAccountRequest,
    },
    /// A message to customer support.
    SendSupportRequest {
        /// The local record's id.
        local_id: Uuid,
        /// The request.
        request: CreateSupportRequest,
    },
}

impl Mutation {
    /// A short name for logs and the outbox's `kind` column.
    pub fn kind(&self) -> &'static str {
        match self {
            Mutation::RegisterDevice { .. } => "register_device",
            Mutation::ReleaseDevice { .. } => "release_device",
            Mutation::Redeem { .. } => "redeem",
            Mutation::RequestReplacement { .. } => "request_replacement",
            Mutation::UpdateProfile { .. } => "update_profile",
            Mutation::SendSupportRequest { .. } => "send_support_request",
        }
    }
}

/// An outbox entry: a mutation with its fixed idempotency key.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEntry {
    /// Position in the outbox (send order).
    pub seq: i64,
    /// Sent as `Idempotency-Key`, the same on every retry.
    pub key: Uuid,
    /// What to do.
    pub mutation: Mutation,
    /// Failed attempts so far.
    pub attempts: i64,
}

/// What the server answered when it accepted a mutation.
#[derive(Debug, Clone, PartialEq)]
pub enum Accepted {
    /// The registered device.
    Device(Device),
    /// The device was released.
    Released,
    /// The voucher.
    Redemption(Redemption),
    /// The submitted request.
    GuaranteeRequest(GuaranteeRequest),
    /// The updated account.
    Account(Account),
    /// The support request's reference.
    SupportReceipt(SupportRequestReceipt),
}
