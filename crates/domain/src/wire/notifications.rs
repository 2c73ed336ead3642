//! The in-app inbox: what happened to the customer's things, written by the server in the
//! same transaction as the event and sent through the change feed.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// What a notification reports; the app renders the text from the kind and the params in
/// the language it shows, so switching language re-renders old notifications offline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// A replacement request moved (`subject_id`: the request; params `status`,
    /// `device_id`, and `tracking_number` once shipped).
    ReplacementStatus,
    /// Support answered (`subject_id`: the support request; params `reference`).
    SupportReply,
    /// A missing-points claim was credited or rejected (`subject_id`: the claim; params
    /// `reference`, `receipt_reference`, `status`, and `points` or `reason`).
    ClaimDecided,
    /// Pending points became spendable (`subject_id`: the ledger entry; params `points`).
    PointsPosted,
    /// What is left of an earning expires within the warning window (`subject_id`: the
    /// ledger entry; params `points`, `on` as `YYYY-MM-DD`).
    PointsExpiring,
    /// Someone asks for one of the customer's devices (`subject_id`: the transfer; params
    /// `device_id`, `model`).
    TransferRequested,
    /// The customer's transfer request was decided (`subject_id`: the transfer; params
    /// `device_id`, `model`, `status`: accepted or declined).
    TransferDecided,
    /// A kind this build does not know yet (a newer server): shown generically.
    #[serde(other)]
    Other,
}

impl NotificationKind {
    /// Every kind the server writes today.
    pub const ALL: [NotificationKind; 7] = [
        NotificationKind::ReplacementStatus,
        NotificationKind::SupportReply,
        NotificationKind::ClaimDecided,
        NotificationKind::PointsPosted,
        NotificationKind::PointsExpiring,
        NotificationKind::TransferRequested,
        NotificationKind::TransferDecided,
    ];

    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::ReplacementStatus => "replacement_status",
            NotificationKind::SupportReply => "support_reply",
            NotificationKind::ClaimDecided => "claim_decided",
            NotificationKind::PointsPosted => "points_posted",
            NotificationKind::PointsExpiring => "points_expiring",
            NotificationKind::TransferRequested => "transfer_requested",
            NotificationKind::TransferDecided => "transfer_decided",
            NotificationKind::Other => "other",
        }
    }

    /// Parses a stored name.
    pub fn from_name(name: &str) -> NotificationKind {
        NotificationKind::ALL
            .into_iter()
            .find(|k| k.as_str() == name)
            .unwrap_or(NotificationKind::Other)
    }
}

/// One notification, as the feed's `notification` entity carries it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Notification {
    /// Stable identifier.
    pub id: Uuid,
    /// What it reports.
    pub kind: NotificationKind,
    /// When it happened.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    /// When the customer read it (absent while unread).
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub read_at: Option<OffsetDateTime>,
    /// What it is about (a replacement request, a support request), for the app to open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_id: Option<String>,
    /// The values the text is rendered from (strings only).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub params: serde_json::Map<String, serde_json::Value>,
}

/// `POST /v1/notifications/read-all`: how many were marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NotificationsRead {
    /// Notifications that were unread and are now read.
    pub marked: u64,
}
