//! The mail outbox as operations see it (`GET /v1/backoffice/mail`).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use super::Language;

#[cfg(feature = "openapi")]
use utoipa::{IntoParams, ToSchema};

/// Where a message is in its delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MailStatus {
    /// Waiting for its next attempt.
    Pending,
    /// Claimed by a worker now (or by one that died: its lease runs out).
    Sending,
    /// Accepted by the SMTP server (or written to the development folder).
    Sent,
    /// Given up: a permanent refusal, or retries for about a day.
    Failed,
}

impl MailStatus {
    /// Every status.
    pub const ALL: [MailStatus; 4] = [
        MailStatus::Pending,
        MailStatus::Sending,
        MailStatus::Sent,
        MailStatus::Failed,
    ];

    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            MailStatus::Pending => "pending",
            MailStatus::Sending => "sending",
            MailStatus::Sent => "sent",
            MailStatus::Failed => "failed",
        }
    }

    /// Parses a stored name.
    pub fn from_name(name: &str) -> Option<MailStatus> {
        MailStatus::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// `GET /v1/backoffice/mail?status=…`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(IntoParams), into_params(parameter_in = Query))]
pub struct MailQueueQuery {
    /// Only messages with this status; those not yet sent (pending, sending, failed)
    /// when absent.
    pub status: Option<MailStatus>,
}

/// One message of the outbox, without its contents (a code or a reply's text stays in
/// the database).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MailMessage {
    /// The outbox row's id (also in the Message-ID header).
    pub id: Uuid,
    /// The recipient, masked (`j***@example.pt`).
    pub recipient: String,
    /// The recipient's account, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<Uuid>,
    /// Which template (`password_reset`, `support_reply`, …).
    pub template: String,
    /// The language it is written in.
    pub language: Language,
    /// Where it is.
    pub status: MailStatus,
    /// Delivery attempts so far.
    pub attempts: i64,
    /// When the next attempt is due (pending) or was last due.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub next_attempt_at: OffsetDateTime,
    /// What the last failed attempt said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    /// When it was queued.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    /// When the SMTP server accepted it.
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub sent_at: Option<OffsetDateTime>,
}

/// `GET /v1/backoffice/mail`: oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MailQueue {
    /// The messages.
    pub messages: Vec<MailMessage>,
    /// How many messages have each status now (all of them, not only those listed).
    pub counts: MailCounts,
}

/// How many outbox rows have each status: what `/healthz` and the back office show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MailCounts {
    /// Waiting.
    pub pending: i64,
    /// Being sent.
    pub sending: i64,
    /// Delivered.
    pub sent: i64,
    /// Given up.
    pub failed: i64,
}
