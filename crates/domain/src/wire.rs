//! The JSON shapes of the account API, shared by the server and the phone so that the two
//! cannot drift apart.
//!
//! Requests carry plain strings where the customer typed something (email, device ID, date
//! of birth): the server parses them into domain types itself so that it can answer with a
//! precise error code instead of a generic "bad JSON". Responses carry typed values.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::device_id::DeviceId;
use crate::guarantee::GuaranteeStatus;
use crate::loyalty::{RewardCategory, Tier};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// Every error answer: `{"error": {"code": "snake_case_code", "message": "..."}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ErrorBody {
    /// The error itself.
    pub error: ErrorDetail,
}

/// A machine-readable code and a human-readable message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ErrorDetail {
    /// Stable snake_case code the app maps to its own translated text.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "invalid_device_id"))]
    pub code: crate::ErrorCode,
    /// English explanation, for logs and developers.
    pub message: String,
}

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

/// `POST /v1/sessions`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LoginRequest {
    /// Login email.
    pub email: String,
    /// Password.
    pub password: String,
    /// The token this device was given at an earlier log-in to this account, if any: it
    /// lets the owner in while failed attempts from elsewhere have locked the account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_token: Option<String>,
}

/// A fresh access and refresh token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TokenPair {
    /// Bearer token for API calls; short-lived.
    pub access_token: String,
    /// Exchanges for a new pair once; reuse of a spent one ends the session.
    pub refresh_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
}

/// `POST /v1/sessions` answer: the tokens and who they belong to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SessionResponse {
    /// Bearer token for API calls; short-lived.
    pub access_token: String,
    /// Exchanges for a new pair once.
    pub refresh_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// The signed-in account.
    pub account: Account,
    /// Keep and send with the next log-in to this account (see `LoginRequest`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_token: Option<String>,
}

/// `POST /v1/sessions/refresh`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RefreshRequest {
    /// The current refresh token.
    pub refresh_token: String,
}

/// `POST /v1/password-resets`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PasswordResetRequest {
    /// Where to send the code, if an account has it.
    pub email: String,
}

/// `POST /v1/password-resets/confirm`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PasswordResetConfirm {
    /// The single-use code from the email.
    pub token: String,
    /// The new password.
    pub new_password: String,
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

/// How a device ID reached the app; kept for support and scan-quality statistics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeviceSource {
    /// Live camera scan.
    Scan,
    /// Typed by the customer.
    Manual,
    /// Decoded from a photo.
    Photo,
}

impl DeviceSource {
    /// The stable snake_case name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            DeviceSource::Scan => "scan",
            DeviceSource::Manual => "manual",
            DeviceSource::Photo => "photo",
        }
    }
}

/// `POST /v1/devices`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RegisterDeviceRequest {
    /// The device ID as scanned or typed (dashes, spaces and lower case are fine).
    pub device_id: String,
    /// How it was captured.
    pub source: DeviceSource,
}

/// A registered device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Device {
    /// The device ID (compact form).
    pub device_id: DeviceId,
    /// The model name, e.g. `ILUMA PRIME`.
    pub model: String,
    /// When this customer registered it.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub registered_at: OffsetDateTime,
    /// Last day a replacement can be requested.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub guarantee_until: Date,
    /// Whether the guarantee is still running.
    pub status: GuaranteeStatus,
}

/// `GET /v1/devices`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DeviceList {
    /// The caller's devices, most recently registered first.
    pub devices: Vec<Device>,
}

/// Why points moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LoyaltyEntryKind {
    /// First registration of a device.
    RegistrationBonus,
    /// A purchase in a shop.
    Purchase,
    /// Points exchanged for a reward.
    Redemption,
}

impl LoyaltyEntryKind {
    /// The stable snake_case name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            LoyaltyEntryKind::RegistrationBonus => "registration_bonus",
            LoyaltyEntryKind::Purchase => "purchase",
            LoyaltyEntryKind::Redemption => "redemption",
        }
    }

    /// Parses the stored name.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "registration_bonus" => Some(LoyaltyEntryKind::RegistrationBonus),
            "purchase" => Some(LoyaltyEntryKind::Purchase),
            "redemption" => Some(LoyaltyEntryKind::Redemption),
            _ => None,
        }
    }
}

/// One line of the points history. The ledger is append-only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LoyaltyEntry {
    /// Entry identifier.
    pub id: Uuid,
    /// Points added (positive) or spent (negative).
    pub points: i64,
    /// Why.
    pub kind: LoyaltyEntryKind,
    /// Short description (device ID, shop reference, reward name).
    pub description: String,
    /// Balance right after this entry.
    pub balance_after: i64,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
}

/// Progress towards the next tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NextTier {
    /// The next tier.
    pub tier: Tier,
    /// Lifetime points still needed.
    pub points_needed: i64,
}

/// `GET /v1/loyalty`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LoyaltySummary {
    /// Spendable points.
    pub balance: i64,
    /// Current tier.
    pub tier: Tier,
    /// Everything ever earned.
    pub lifetime_points: i64,
    /// The next tier, if any.
    pub next_tier: Option<NextTier>,
    /// History, newest first.
    pub entries: Vec<LoyaltyEntry>,
    /// Pass as `before` to get the next (older) page; absent on the last page.
    pub next_before: Option<String>,
}

/// A reward that points can be exchanged for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Reward {
    /// Reward identifier.
    pub id: String,
    /// Name shown in the catalog, in Portuguese (the launch language).
    pub name: String,
    /// One or two sentences about it, in Portuguese.
    pub description: String,
    /// Discount, fuel or gadget.
    pub category: RewardCategory,
    /// Price in points.
    pub cost_points: i64,
    /// Name and description in other languages, by BCP 47 tag (`en`). The whole catalog
    /// travels with every language, so switching language on the phone needs no network.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub translations: std::collections::BTreeMap<String, RewardText>,
}

impl Reward {
    /// The name and description in the language tagged `tag`, else in Portuguese.
    pub fn text(&self, tag: &str) -> (&str, &str) {
        match self.translations.get(tag) {
            Some(text) => (&text.name, &text.description),
            None => (&self.name, &self.description),
        }
    }
}

/// A reward's name and description in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RewardText {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
}

/// `GET /v1/rewards`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RewardList {
    /// Active rewards, cheapest first.
    pub rewards: Vec<Reward>,
}

/// `POST /v1/redemptions`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RedeemRequest {
    /// Which reward.
    pub reward_id: String,
}

/// A redeemed reward: the voucher the customer shows as a QR code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Redemption {
    /// Redemption identifier.
    pub id: Uuid,
    /// Which reward.
    pub reward_id: String,
    /// The reward's name at the time.
    pub reward_name: String,
    /// The voucher code (also encoded in the QR).
    pub voucher_code: String,
    /// Points spent.
    pub points: i64,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
}

/// A shop or partner where a replacement device can be collected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CollectionPoint {
    /// Identifier.
    pub id: String,
    /// Shop name.
    pub name: String,
    /// Street address, postal code and city.
    pub address: String,
    /// WGS84 latitude.
    pub latitude: f64,
    /// WGS84 longitude.
    pub longitude: f64,
    /// Opening hours as shown on the shop door.
    pub opening_hours: String,
}

/// `GET /v1/collection-points`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CollectionPointList {
    /// All collection points.
    pub collection_points: Vec<CollectionPoint>,
}

/// A postal address in Portugal for a delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PostalAddress {
    /// Who receives it.
    pub recipient: String,
    /// Street, number, floor.
    pub line1: String,
    /// More address detail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    /// `NNNN-NNN`.
    #[cfg_attr(feature = "openapi", schema(example = "1100-148"))]
    pub postal_code: String,
    /// City or town.
    pub city: String,
    /// A phone number for the courier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

impl PostalAddress {
    /// Portuguese postal codes are four digits, a dash, three digits.
    pub fn has_valid_postal_code(&self) -> bool {
        let code = self.postal_code.trim().as_bytes();
        code.len() == 8
            && code[4] == b'-'
            && code[..4].iter().chain(&code[5..]).all(u8::is_ascii_digit)
    }
}

/// Where the replacement goes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Delivery {
    /// Delivered by courier to this address.
    Address {
        /// The address.
        address: PostalAddress,
    },
    /// Collected by the customer at a collection point.
    CollectionPoint {
        /// Which collection point.
        collection_point_id: String,
    },
}

/// `POST /v1/guarantee-requests`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CreateGuaranteeRequest {
    /// The faulty device.
    pub device_id: String,
    /// What is wrong, in the customer's words.
    pub fault_description: String,
    /// Where the replacement goes.
    pub delivery: Delivery,
}

/// Where a replacement request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GuaranteeRequestStatus {
    /// Received, not yet reviewed.
    Submitted,
    /// Accepted; a replacement is being prepared.
    Approved,
    /// On its way to the address.
    Shipped,
    /// Waiting at the collection point.
    ReadyForCollection,
    /// The customer has the replacement.
    Completed,
    /// Refused (the message explains why).
    Rejected,
    /// Withdrawn: the device was released or the account removed.
    Cancelled,
}

impl GuaranteeRequestStatus {
    /// The stable snake_case name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            GuaranteeRequestStatus::Submitted => "submitted",
            GuaranteeRequestStatus::Approved => "approved",
            GuaranteeRequestStatus::Shipped => "shipped",
            GuaranteeRequestStatus::ReadyForCollection => "ready_for_collection",
            GuaranteeRequestStatus::Completed => "completed",
            GuaranteeRequestStatus::Rejected => "rejected",
            GuaranteeRequestStatus::Cancelled => "cancelled",
        }
    }

    /// Parses the stored name.
    pub fn from_name(name: &str) -> Option<Self> {
        [
            GuaranteeRequestStatus::Submitted,
            GuaranteeRequestStatus::Approved,
            GuaranteeRequestStatus::Shipped,
            GuaranteeRequestStatus::ReadyForCollection,
            GuaranteeRequestStatus::Completed,
            GuaranteeRequestStatus::Rejected,
            GuaranteeRequestStatus::Cancelled,
        ]
        .into_iter()
        .find(|s| s.as_str() == name)
    }

    /// Whether the request still blocks a new one for the same device.
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            GuaranteeRequestStatus::Completed
                | GuaranteeRequestStatus::Rejected
                | GuaranteeRequestStatus::Cancelled
        )
    }
}

/// A replacement request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct GuaranteeRequest {
    /// Request identifier.
    pub id: Uuid,
    /// The faulty device.
    pub device_id: DeviceId,
    /// What is wrong.
    pub fault_description: String,
    /// Where the replacement goes.
    pub delivery: Delivery,
    /// Where it stands.
    pub status: GuaranteeRequestStatus,
    /// When it was made.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    /// When the status last changed.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: OffsetDateTime,
}

/// `GET /v1/guarantee-requests`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct GuaranteeRequestList {
    /// The caller's requests, newest first.
    pub requests: Vec<GuaranteeRequest>,
}

/// Whether a change feed item creates/updates or removes an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChangeOp {
    /// The entity now looks like `data`.
    Upsert,
    /// The entity is gone.
    Delete,
}

/// Which kind of entity a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChangeEntity {
    /// `data` is an [`Account`].
    Account,
    /// `data` is a [`Device`].
    Device,
    /// `data` is a [`LoyaltyEntry`].
    LoyaltyEntry,
    /// `data` is a [`Redemption`].
    Redemption,
    /// `data` is a [`GuaranteeRequest`].
    GuaranteeRequest,
}

impl ChangeEntity {
    /// The stable snake_case name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeEntity::Account => "account",
            ChangeEntity::Device => "device",
            ChangeEntity::LoyaltyEntry => "loyalty_entry",
            ChangeEntity::Redemption => "redemption",
            ChangeEntity::GuaranteeRequest => "guarantee_request",
        }
    }

    /// Parses the stored name.
    pub fn from_name(name: &str) -> Option<Self> {
        [
            ChangeEntity::Account,
            ChangeEntity::Device,
            ChangeEntity::LoyaltyEntry,
            ChangeEntity::Redemption,
            ChangeEntity::GuaranteeRequest,
        ]
        .into_iter()
        .find(|e| e.as_str() == name)
    }
}

/// One item of the sync feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Change {
    /// Entity kind.
    pub entity: ChangeEntity,
    /// Entity identifier (a UUID, or the device ID for devices).
    pub id: String,
    /// Upsert or delete.
    pub op: ChangeOp,
    /// The entity's state after the change (absent for deletes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub data: Option<serde_json::Value>,
}

/// `GET /v1/changes` page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ChangesPage {
    /// Pass as `since` next time; store it with the applied page.
    pub cursor: String,
    /// Changes after `since`, oldest first.
    pub changes: Vec<Change>,
    /// More changes are waiting: ask again at once with the new cursor.
    pub has_more: bool,
}

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

/// `POST /v1/staff/accounts`: a sales assistant signs a customer up in the shop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct StaffSignUpRequest {
    /// The customer's email; an invitation to set a password is sent there.
    pub email: String,
    /// First name(s).
    pub given_name: String,
    /// Surname(s).
    pub family_name: String,
    /// `YYYY-MM-DD`, read from an identity document.
    pub birth_date: String,
    /// Country code.
    pub country: String,
    /// Must be true: the assistant saw an identity document proving the customer is 18+.
    pub age_verified_in_person: bool,
    /// The customer accepted the terms in the shop.
    pub accept_terms: bool,
    /// Marketing consent.
    #[serde(default)]
    pub marketing_opt_in: bool,
}

/// `POST /v1/staff/purchases`: points for an in-store purchase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct StaffPurchaseRequest {
    /// The member code read from the customer's QR.
    pub member_code: String,
    /// Amount paid, in euro cents.
    pub amount_cents: i64,
    /// The till receipt reference.
    pub receipt_reference: String,
}

/// Points were added for a purchase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct StaffPurchaseReceipt {
    /// Ledger entry identifier.
    pub entry_id: Uuid,
    /// Points awarded.
    pub points: i64,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delivery_is_tagged_by_kind() {
        let json = r#"{"kind":"collection_point","collection_point_id":"cp-lisboa-chiado"}"#;
        let delivery: Delivery = serde_json::from_str(json).expect("parse");
        assert_eq!(
            delivery,
            Delivery::CollectionPoint {
                collection_point_id: "cp-lisboa-chiado".into()
            }
        );
        assert_eq!(serde_json::to_string(&delivery).expect("serialize"), json);
    }

    #[test]
    fn rewards_read_in_the_customers_language_with_portuguese_as_the_fallback() {
        let json = r#"{"id":"fuel-10","name":"Vale de combustível 10 €","description":"Nos postos parceiros.",
            "category":"fuel","cost_points":450,
            "translations":{"en":{"name":"10 € fuel voucher","description":"At partner stations."}}}"#;
        let reward: Reward = serde_json::from_str(json).expect("parses");
        assert_eq!(
            reward.text("en"),
            ("10 € fuel voucher", "At partner stations.")
        );
        assert_eq!(reward.text("pt-PT").0, "Vale de combustível 10 €");
        assert_eq!(reward.text("fr").0, "Vale de combustível 10 €");
        // An older server without translations still parses, and sends none back.
        let plain: Reward = serde_json::from_str(
            r#"{"id":"x","name":"N","description":"D","category":"gadget","cost_points":1}"#,
        )
        .expect("parses");
        assert!(plain.translations.is_empty());
        assert!(!serde_json::to_string(&plain)
            .expect("json")
            .contains("translations"));
    }

    #[test]
    fn portuguese_postal_codes_are_checked() {
        let mut address = PostalAddress {
            recipient: "Ana".into(),
            line1: "Rua Augusta 1".into(),
            line2: None,
            postal_code: "1100-048".into(),
            city: "Lisboa".into(),
            phone: None,
        };
        assert!(address.has_valid_postal_code());
        for bad in ["1100048", "110-0048", "ABCD-EFG", "1100-04"] {
            address.postal_code = bad.into();
            assert!(!address.has_valid_postal_code(), "{bad}");
        }
    }

    #[test]
    fn status_and_entity_names_round_trip() {
        for status in [
            "submitted",
            "approved",
            "shipped",
            "ready_for_collection",
            "completed",
            "rejected",
            "cancelled",
        ] {
            let parsed = GuaranteeRequestStatus::from_name(status).expect("known");
            assert_eq!(parsed.as_str(), status);
        }
        assert!(GuaranteeRequestStatus::Shipped.is_open());
        assert!(!GuaranteeRequestStatus::Rejected.is_open());
        for entity in [
            "account",
            "device",
            "loyalty_entry",
            "redemption",
            "guarantee_request",
        ] {
            assert_eq!(
                ChangeEntity::from_name(entity).map(ChangeEntity::as_str),
                Some(entity)
            );
        }
    }
}
