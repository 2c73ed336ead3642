//! Support requests.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// What a support request is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SupportTopic {
    /// "I forgot my email": identified by a registered device ID.
    ForgotEmail,
    /// A device question.
    Device,
    /// Points and rewards.
    Loyalty,
    /// Voluntary Guarantee.
    Guarantee,
    /// Account matters.
    Account,
    /// Anything else.
    Other,
}

impl SupportTopic {
    /// The stable snake_case name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            SupportTopic::ForgotEmail => "forgot_email",
            SupportTopic::Device => "device",
            SupportTopic::Loyalty => "loyalty",
            SupportTopic::Guarantee => "guarantee",
            SupportTopic::Account => "account",
            SupportTopic::Other => "other",
        }
    }
}

/// `POST /v1/support-requests` (works signed out).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CreateSupportRequest {
    /// What it is about.
    pub topic: SupportTopic,
    /// The customer's message.
    pub message: String,
    /// A device ID that identifies the customer (required for `forgot_email`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
    /// Where support can answer (required when signed out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_email: Option<String>,
}

/// A support request was received.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SupportRequestReceipt {
    /// Request identifier.
    pub id: Uuid,
    /// Short reference to quote on the phone, e.g. `SR-7K3M2Q`.
    pub reference: String,
    /// When it was received.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
}
