//! The brand's side, `/v1/backoffice/…`: staff roles, finding a customer, the support
//! inbox, the guarantee workflow and the audit log.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::*;
use crate::loyalty::Tier;

#[cfg(feature = "openapi")]
use utoipa::{IntoParams, ToSchema};

/// What a staff account may do. A sales assistant works in a shop (assisted sign-up,
/// purchases); support answers customers; operations runs the guarantee workflow and the
/// catalogues; an admin manages staff and reads the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    /// Shop staff.
    Sales,
    /// Customer support agents.
    Support,
    /// The guarantee workflow and the catalogues.
    Operations,
    /// Staff accounts and the audit log (and everything support and operations do).
    Admin,
}

impl StaffRole {
    /// Every role.
    pub const ALL: [StaffRole; 4] = [
        StaffRole::Sales,
        StaffRole::Support,
        StaffRole::Operations,
        StaffRole::Admin,
    ];

    /// The name used on the command line and the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            StaffRole::Sales => "sales",
            StaffRole::Support => "support",
            StaffRole::Operations => "operations",
            StaffRole::Admin => "admin",
        }
    }

    /// Whether this role logs in with a second factor (TOTP): every role that sees
    /// customers' personal data. A sales assistant sees a member code and nothing more.
    pub fn needs_second_factor(self) -> bool {
        !matches!(self, StaffRole::Sales)
    }

    /// Parses [`StaffRole::as_str`].
    pub fn from_name(name: &str) -> Option<StaffRole> {
        StaffRole::ALL
            .into_iter()
            .find(|role| role.as_str() == name)
    }
}

/// `GET /v1/backoffice/accounts`: find a customer by one of these.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(IntoParams), into_params(parameter_in = Query))]
pub struct AccountQuery {
    /// A device ID in any format a customer reads out (dashes, spaces, lower case).
    pub device_id: Option<String>,
    /// The login email.
    pub email: Option<String>,
    /// The member code of the customer's QR.
    pub member_code: Option<String>,
}

/// A device as support sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CustomerDevice {
    /// The ID.
    pub device_id: String,
    /// The model.
    pub model: String,
    /// Last day a replacement can be asked for.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub guarantee_until: Option<Date>,
}

/// What support needs to see of a customer: never the password hash or tokens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CustomerRecord {
    /// Account id.
    pub id: Uuid,
    /// Login email.
    pub email: String,
    /// First name(s).
    pub given_name: String,
    /// Surname(s).
    pub family_name: String,
    /// Member code.
    pub member_code: String,
    /// Loyalty tier.
    pub tier: Tier,
    /// Registered devices.
    pub devices: Vec<CustomerDevice>,
    /// Replacement requests not yet closed, without their delivery address or phone
    /// (those are for the operations clerk shipping the request).
    pub open_requests: Vec<OpenRequestSummary>,
}

/// A customer's open replacement request as support sees it: what and where it stands,
/// never where it goes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct OpenRequestSummary {
    /// Request id.
    pub id: Uuid,
    /// The device.
    pub device_id: crate::DeviceId,
    /// Where it stands.
    pub status: GuaranteeRequestStatus,
    /// When it was made.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    /// `address` or `collection_point`.
    pub delivery_kind: String,
}

/// `GET /v1/backoffice/accounts`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CustomerLookup {
    /// The customer found, if any.
    pub customer: Option<CustomerRecord>,
}

/// Whether a support request waits for an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SupportStatus {
    /// Waiting for an agent.
    Open,
    /// Answered.
    Closed,
}

/// `GET /v1/backoffice/support-requests?status=…`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(IntoParams), into_params(parameter_in = Query))]
pub struct SupportInboxQuery {
    /// `open` (default) or `closed`.
    pub status: Option<SupportStatus>,
}

/// A request in the support inbox, with the account it matches when one does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SupportInboxItem {
    /// Request id.
    pub id: Uuid,
    /// Reference the customer was given.
    pub reference: String,
    /// Topic.
    pub topic: SupportTopic,
    /// The customer's message.
    pub message: String,
    /// Device ID given, if any.
    pub device_id: Option<String>,
    /// Where to answer (signed-out requests).
    pub contact_email: Option<String>,
    /// Open or closed.
    pub status: SupportStatus,
    /// The account the request comes from, or that its device ID or email finds.
    pub account_id: Option<Uuid>,
    /// When it arrived.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
}

/// `GET /v1/backoffice/support-requests`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SupportInbox {
    /// Oldest first: first come, first served.
    pub requests: Vec<SupportInboxItem>,
}

/// What an agent's reply does besides answering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReplyAction {
    /// Only the message.
    None,
    /// "I forgot my email": adds a masked hint of the account's address (`a***@mail.pt`).
    SignInHint,
    /// "I forgot my email": sends a password-reset code to the account's own address.
    PasswordReset,
}

/// `POST /v1/backoffice/support-requests/{id}/reply`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SupportReply {
    /// The agent's answer, emailed to the customer.
    pub message: String,
    /// What else to do; `none` by default.
    #[serde(default = "no_action")]
    pub action: ReplyAction,
}

fn no_action() -> ReplyAction {
    ReplyAction::None
}

/// `POST /v1/backoffice/guarantee-requests/{id}/status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct GuaranteeStatusChange {
    /// The next status.
    pub status: GuaranteeRequestStatus,
    /// The carrier's tracking number (required when shipped).
    #[serde(default)]
    pub tracking_number: Option<String>,
    /// Why (required when rejected; the customer sees it).
    #[serde(default)]
    pub reason: Option<String>,
}

/// One back-office action, as the audit log keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AuditEntry {
    /// Entry id.
    pub id: Uuid,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: OffsetDateTime,
    /// Who (a staff account id).
    pub actor_id: Uuid,
    /// In which role.
    pub actor_role: StaffRole,
    /// What, e.g. `customer_lookup`, `support_reply`, `guarantee_status`.
    pub action: String,
    /// On which account, if any.
    pub account_id: Option<Uuid>,
    /// On which request or record, if any.
    pub target_id: Option<String>,
    /// From which address.
    pub client: String,
    /// What was done: the filter and the rows returned for a read, before and after for
    /// a change, the text of a reply (with the customer's name and email replaced).
    pub detail: String,
}

/// `GET /v1/backoffice/audit`: a page of entries, newest first, optionally only those
/// about one customer, by one staff member, of one action or within a time range.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(IntoParams), into_params(parameter_in = Query))]
pub struct AuditQuery {
    /// Only entries about this customer account.
    pub account_id: Option<Uuid>,
    /// Only entries by this staff member.
    pub actor_id: Option<Uuid>,
    /// Only this action (e.g. `customer_lookup`).
    pub action: Option<String>,
    /// Only entries at or after this instant (RFC 3339).
    pub from: Option<String>,
    /// Only entries before this instant (RFC 3339).
    pub to: Option<String>,
    /// The `next_before` of the previous page.
    pub before: Option<String>,
    /// Entries per page: 1 to 500 (default 100).
    pub limit: Option<i64>,
}

/// `GET /v1/backoffice/audit`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AuditLog {
    /// Newest first.
    pub entries: Vec<AuditEntry>,
    /// Pass as `before` for the next (older) page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_before: Option<String>,
}

/// A staff account, for the admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct StaffMember {
    /// Account id.
    pub id: Uuid,
    /// Login email.
    pub email: String,
    /// Name.
    pub name: String,
    /// What they may do.
    pub role: StaffRole,
    /// A sales assistant's shop.
    pub shop: Option<String>,
    /// Disabled: cannot log in.
    pub disabled: bool,
    /// Has a confirmed second factor (always false for sales, who log in without one).
    pub mfa_enrolled: bool,
}

/// `GET /v1/backoffice/staff`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct StaffList {
    /// By email.
    pub staff: Vec<StaffMember>,
}

/// `POST /v1/backoffice/staff`: a new staff account; its owner sets the password from an
/// emailed invitation, so no admin ever knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NewStaffRequest {
    /// Login email.
    pub email: String,
    /// Name.
    pub name: String,
    /// What they may do.
    pub role: StaffRole,
    /// A sales assistant's shop (`main` if not given).
    #[serde(default)]
    pub shop: Option<String>,
    /// A fresh code from the admin's authenticator app (step-up).
    #[serde(default)]
    pub mfa_code: Option<String>,
}

/// The body of a dangerous back-office action that needs nothing but a fresh code from
/// the acting admin's authenticator app (disable, re-enable, reset a factor).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct StepUp {
    /// The 6 digits the authenticator app shows now.
    #[serde(default)]
    pub mfa_code: Option<String>,
}

/// `POST /v1/backoffice/staff/{id}/role`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct StaffRoleChange {
    /// The new role.
    pub role: StaffRole,
    /// A fresh code from the admin's authenticator app (step-up).
    #[serde(default)]
    pub mfa_code: Option<String>,
}

/// `DELETE /v1/backoffice/accounts/{id}`: erasing a customer at their request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ErasureRequest {
    /// Must be `ERASE`: the agent confirms they act on the customer's verified request.
    pub confirm: String,
    /// The support request or ticket this answers (kept in the audit log).
    pub reference: String,
    /// A fresh code from the agent's authenticator app (step-up).
    #[serde(default)]
    pub mfa_code: Option<String>,
}

/// A reward as operations keep it: the columns of the rewards CSV.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CatalogueReward {
    /// Lower-case letters, digits and dashes.
    pub id: String,
    /// discount, fuel or gadget.
    pub category: crate::loyalty::RewardCategory,
    /// Price in points (positive).
    pub cost_points: i64,
    /// Name in Portuguese.
    pub name_pt: String,
    /// Name in English.
    pub name_en: String,
    /// Description in Portuguese.
    pub description_pt: String,
    /// Description in English.
    pub description_en: String,
    /// Offered in the app.
    pub active: bool,
}

/// A collection point as operations keep it: the columns of the collection-points CSV.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CataloguePoint {
    /// Lower-case letters, digits and dashes.
    pub id: String,
    /// Name shown.
    pub name: String,
    /// Street and number.
    pub address: String,
    /// `NNNN-NNN`.
    pub postal_code: String,
    /// Town.
    pub city: String,
    /// Degrees north.
    pub latitude: f64,
    /// Degrees east.
    pub longitude: f64,
    /// As shown, e.g. `Seg–Sáb 10:00–20:00`.
    pub opening_hours: String,
    /// Offered in the app.
    pub active: bool,
}

/// `GET /v1/backoffice/rewards`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RewardCatalogue {
    /// Every reward, offered or not, by id.
    pub rewards: Vec<CatalogueReward>,
}

/// `GET /v1/backoffice/collection-points`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PointCatalogue {
    /// Every collection point, offered or not, by id.
    pub collection_points: Vec<CataloguePoint>,
}

/// `GET /v1/backoffice/guarantee-requests?status=…`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(IntoParams), into_params(parameter_in = Query))]
pub struct GuaranteeQueueQuery {
    /// Only requests with this status; every open one when absent.
    pub status: Option<GuaranteeRequestStatus>,
}
