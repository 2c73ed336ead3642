//! The sales assistant's endpoints.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

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
    /// The member code read from the customer's QR. Absent (or empty) when the customer
    /// showed none: the receipt is recorded unclaimed for the assistant's shop, and a
    /// missing-points claim that matches it is credited.
    #[serde(default, skip_serializing_if = "String::is_empty")]
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

/// A purchase recorded without a member code: its points wait for a matching claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct UnclaimedReceipt {
    /// The assistant's shop.
    pub shop: String,
    /// The receipt reference as printed.
    pub receipt_reference: String,
    /// What was paid, in euro cents.
    pub amount_cents: i64,
    /// The reference of the open claim it credited at once, if one was waiting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credited_claim: Option<String>,
}
