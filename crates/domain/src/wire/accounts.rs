//! Sign-up, the account, its password and removal, its sessions and the data export.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::*;
use crate::loyalty::Tier;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// `POST /v1/accounts`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SignUpRequest {
    /// The customer's email; becomes the login.
    pub email: String,
    /// At least 12 characters, not easily guessed.
    pub password: String,
    /// First name(s).
    pub given_name: String,
    /// Surname(s).
    pub family_name: String,
    /// `YYYY-MM-DD`; the customer must be 18 or older.
    #[cfg_attr(feature = "openapi", schema(example = "1990-04-25"))]
    pub birth_date: String,
    /// ISO 3166-1 alpha-2; only `PT` for now.
    #[cfg_attr(feature = "openapi", schema(example = "PT"))]
    pub country: String,
    /// Must be true: the terms of use were accepted.
    pub accept_terms: bool,
    /// Whether the customer agreed to marketing messages.
    #[serde(default)]
    pub marketing_opt_in: bool,
}

/// Who an account belongs to: a customer or a sales assistant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A customer of the brand.
    Customer,
    /// A sales assistant in a shop: may do assisted sign-ups and record purchases.
    Staff,
}

/// The customer's account as the app shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Account {
    /// Stable account identifier.
    pub id: Uuid,
    /// Login email.
    pub email: String,
    /// First name(s).
    pub given_name: String,
    /// Surname(s).
    pub family_name: String,
    /// Date of birth.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub birth_date: Date,
    /// Country code.
    pub country: String,
    /// The member code shown as a QR code at the till.
    pub member_code: String,
    /// Current tier.
    pub tier: Tier,
    /// Spendable points.
    pub balance: i64,
    /// Everything ever earned; decides the tier.
    pub lifetime_points: i64,
    /// Marketing consent.
    pub marketing_opt_in: bool,
    /// Customer or staff.
    pub role: Role,
    /// When the account was created.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
}

/// The language of an account's emails and notifications: European Portuguese unless
/// the customer chose English. The app shows its screens in the language it is set to;
/// the server needs its own copy because email is written while the phone is away.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Language {
    /// pt-PT: the default, the customers are in Portugal.
    #[default]
    Pt,
    /// English.
    En,
}

impl Language {
    /// Every language, in the order the templates are checked.
    pub const ALL: [Language; 2] = [Language::Pt, Language::En];

    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Pt => "pt",
            Language::En => "en",
        }
    }

    /// Parses a stored name; anything unknown reads as the default, Portuguese.
    pub fn from_name(name: &str) -> Language {
        Language::ALL
            .into_iter()
            .find(|l| l.as_str() == name)
            .unwrap_or_default()
    }
}

/// `GET /v1/account` and the feed's `account` entity: the [`Account`] and its language.
/// A separate type (with `Account`'s fields flattened into the same JSON object) so that
/// code building `Account` values keeps compiling and a client that reads only `Account`
/// ignores the extra field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AccountView {
    /// Everything but the language.
    #[serde(flatten)]
    pub account: Account,
    /// The language of the account's emails (`pt` when an older server sent none).
    #[serde(default)]
    pub language: Language,
}

/// `POST /v1/accounts`: the [`SignUpRequest`] and, optionally, the language the customer
/// chose in the app (Portuguese when absent, so older apps still sign up).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SignUpBody {
    /// The customer's details.
    #[serde(flatten)]
    pub details: SignUpRequest,
    /// The language of the account's emails.
    #[serde(default)]
    pub language: Language,
}

/// `PATCH /v1/account`: the [`UpdateAccountRequest`] fields and the language; only the
/// fields present change.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AccountPatch {
    /// Names and marketing consent.
    #[serde(flatten)]
    pub fields: UpdateAccountRequest,
    /// New language of the account's emails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
}

/// `PATCH /v1/account`: only the fields present change.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct UpdateAccountRequest {
    /// New first name(s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// New surname(s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// New marketing consent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marketing_opt_in: Option<bool>,
}

/// `POST /v1/account/password`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ChangePasswordRequest {
    /// The password in use now.
    pub current_password: String,
    /// The new password.
    pub new_password: String,
}

/// `DELETE /v1/account`: confirmed with the password.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DeleteAccountRequest {
    /// The password in use now.
    pub password: String,
}

/// A session (signed-in phone) as listed in the data export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SessionInfo {
    /// Session identifier.
    pub id: Uuid,
    /// When the customer signed in.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
}

/// A signed-in phone or browser, as listed for the customer to review and end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ActiveSession {
    /// Session identifier (to end it).
    pub id: Uuid,
    /// When it signed in.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    /// When it last signed in or renewed its tokens (within about 15 minutes of use).
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub last_used_at: OffsetDateTime,
    /// When it ends however much it is used (staff: 12 hours after signing in).
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: OffsetDateTime,
    /// Whether this is the session asking.
    pub current: bool,
    /// A coarse description of the client, e.g. "Companion app · Android".
    pub client: String,
}

/// `GET /v1/account/sessions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SessionList {
    /// Live sessions, most recently used first.
    pub sessions: Vec<ActiveSession>,
}

/// `GET /v1/account/export`: everything held about the customer (GDPR art. 15 and 20).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AccountExport {
    /// The account.
    pub account: Account,
    /// Registered devices.
    pub devices: Vec<Device>,
    /// The whole points history.
    pub loyalty_entries: Vec<LoyaltyEntry>,
    /// Redeemed rewards.
    pub redemptions: Vec<Redemption>,
    /// Replacement requests, with their addresses.
    pub guarantee_requests: Vec<GuaranteeRequest>,
    /// Support requests with their messages.
    pub support_requests: Vec<ExportedSupportRequest>,
    /// Active sessions.
    pub sessions: Vec<SessionInfo>,
}

/// A support request as held, for the export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ExportedSupportRequest {
    /// Reference.
    pub reference: String,
    /// Topic.
    pub topic: SupportTopic,
    /// Message.
    pub message: String,
    /// Device ID given.
    pub device_id: Option<String>,
    /// Contact email given.
    pub contact_email: Option<String>,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
}
