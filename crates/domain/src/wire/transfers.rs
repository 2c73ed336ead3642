//! Device transfers: a second owner asks for a registered device, its owner (or, after
//! 14 days unanswered, support) decides. Neither side ever sees who the other is.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::device_id::DeviceId;

#[cfg(feature = "openapi")]
use utoipa::{IntoParams, ToSchema};

/// How long an owner has to answer before support decides.
pub const TRANSFER_ESCALATION_DAYS: i64 = 14;

/// `POST /v1/device-transfers`: the would-be owner names the device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NewDeviceTransfer {
    /// The device ID, as typed or scanned.
    pub device_id: String,
}

/// Where a transfer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TransferStatus {
    /// Waiting for the owner.
    Pending,
    /// Unanswered for 14 days: support decides.
    Escalated,
    /// The device moved to the requester.
    Accepted,
    /// Refused; the requester learns nothing more.
    Declined,
    /// Withdrawn: the device left the owner another way, or an account was removed.
    Cancelled,
}

impl TransferStatus {
    /// Every status.
    pub const ALL: [TransferStatus; 5] = [
        TransferStatus::Pending,
        TransferStatus::Escalated,
        TransferStatus::Accepted,
        TransferStatus::Declined,
        TransferStatus::Cancelled,
    ];

    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            TransferStatus::Pending => "pending",
            TransferStatus::Escalated => "escalated",
            TransferStatus::Accepted => "accepted",
            TransferStatus::Declined => "declined",
            TransferStatus::Cancelled => "cancelled",
        }
    }

    /// Parses the stored name.
    pub fn from_name(name: &str) -> Option<Self> {
        TransferStatus::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// Whether someone still has to decide.
    pub fn is_open(self) -> bool {
        matches!(self, TransferStatus::Pending | TransferStatus::Escalated)
    }
}

/// Which side of a transfer the reader is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TransferDirection {
    /// Someone asks for the reader's device: the reader decides.
    Incoming,
    /// The reader asked for someone's device.
    Outgoing,
}

/// A transfer as one of its sides sees it, and as the feed's `device_transfer` entity
/// carries it. Nothing in it names the other side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DeviceTransfer {
    /// Transfer identifier.
    pub id: Uuid,
    /// The device.
    pub device_id: DeviceId,
    /// The device's model, from the catalogue.
    pub model: String,
    /// The reader's side.
    pub direction: TransferDirection,
    /// Where it stands.
    pub status: TransferStatus,
    /// When it was asked for.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    /// When its status last changed.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: OffsetDateTime,
}

/// `GET /v1/device-transfers`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DeviceTransferList {
    /// Asked of the caller (the caller owns the device), newest first.
    pub incoming: Vec<DeviceTransfer>,
    /// Asked by the caller, newest first.
    pub outgoing: Vec<DeviceTransfer>,
}

/// An answer to a transfer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TransferDecision {
    /// Give the device to the requester.
    Accept,
    /// Keep it.
    Decline,
}

/// `POST /v1/device-transfers/{id}/decision` (the owner).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TransferDecisionRequest {
    /// Accept or decline.
    pub decision: TransferDecision,
}

/// `POST /v1/backoffice/device-transfers/{id}/decision` (support): the reason is kept in
/// the audit log and on the transfer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SupportTransferDecision {
    /// Accept or decline.
    pub decision: TransferDecision,
    /// Why (required).
    pub reason: String,
}

/// `GET /v1/backoffice/device-transfers?status=…`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(IntoParams), into_params(parameter_in = Query))]
pub struct TransferQueueQuery {
    /// Only transfers with this status; the escalated ones when absent.
    pub status: Option<TransferStatus>,
}

/// A transfer in the back office: both sides by account id (support looks them up).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct QueuedTransfer {
    /// Transfer identifier.
    pub id: Uuid,
    /// The device.
    pub device_id: DeviceId,
    /// Its model.
    pub model: String,
    /// Where it stands.
    pub status: TransferStatus,
    /// Who asked (absent once erased).
    pub requester_id: Option<Uuid>,
    /// Who owned the device when asked (absent once erased).
    pub owner_id: Option<Uuid>,
    /// Whether the owner still owns the device.
    pub owner_still_owns: bool,
    /// When it was asked for.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    /// When its status last changed.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: OffsetDateTime,
    /// Support's reason, once decided by support.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `GET /v1/backoffice/device-transfers`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TransferQueue {
    /// Oldest first.
    pub transfers: Vec<QueuedTransfer>,
}
