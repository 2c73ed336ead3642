//! Missing-points claims: a customer whose purchase earned nothing names the receipt; a
//! matching till record credits it at once, otherwise support decides.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::wire::LoyaltyEntry;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// `POST /v1/points-claims`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NewPointsClaim {
    /// The shop code printed on the receipt.
    pub shop: String,
    /// The receipt reference as printed.
    pub receipt_reference: String,
    /// `YYYY-MM-DD`, at most 90 days ago.
    pub purchased_on: String,
    /// What was paid, in euro cents.
    pub amount_cents: i64,
}

/// Where a claim stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PointsClaimStatus {
    /// Waiting: no matching till record yet, and support has not decided.
    Open,
    /// Points were credited (`points`).
    Credited,
    /// Support refused it (`reason`).
    Rejected,
}

impl PointsClaimStatus {
    /// The stable snake_case name used in storage and queries.
    pub fn as_str(self) -> &'static str {
        match self {
            PointsClaimStatus::Open => "open",
            PointsClaimStatus::Credited => "credited",
            PointsClaimStatus::Rejected => "rejected",
        }
    }

    /// Parses the stored name.
    pub fn from_name(name: &str) -> Option<Self> {
        [
            PointsClaimStatus::Open,
            PointsClaimStatus::Credited,
            PointsClaimStatus::Rejected,
        ]
        .into_iter()
        .find(|status| status.as_str() == name)
    }
}

/// A missing-points claim as the customer (and the feed, entity `points_claim`) sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PointsClaim {
    /// Claim identifier.
    pub id: Uuid,
    /// Short reference to quote to support.
    pub reference: String,
    /// The shop code, as typed.
    pub shop: String,
    /// The receipt reference, as typed.
    pub receipt_reference: String,
    /// The day of the purchase.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub purchased_on: Date,
    /// What was paid, in euro cents.
    pub amount_cents: i64,
    /// Open, credited or rejected.
    pub status: PointsClaimStatus,
    /// Credited: the points added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<i64>,
    /// Rejected: why, in words for the customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// When it was filed.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    /// When it was credited or rejected.
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub decided_at: Option<OffsetDateTime>,
}

/// `GET /v1/points-claims`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PointsClaimList {
    /// Newest first.
    pub claims: Vec<PointsClaim>,
}

/// `GET /v1/backoffice/points-claims`: support's queue, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PointsClaimQueue {
    /// The claims, each with its customer and their latest purchases.
    pub claims: Vec<QueuedPointsClaim>,
}

/// A claim as support decides it: the claim, whose it is, and what the customer's recent
/// purchases were (a claim for a receipt already in that list is likely a duplicate).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct QueuedPointsClaim {
    /// The claim, as the customer sees it.
    #[serde(flatten)]
    pub claim: PointsClaim,
    /// What the normal earn rule gives for the claimed amount: the credit's default.
    pub suggested_points: i64,
    /// Who filed it; null once their account was erased.
    pub customer: Option<ClaimCustomer>,
    /// The customer's latest history entries of kind `purchase` (at the till or credited
    /// from a claim), newest first, at most five.
    pub recent_purchases: Vec<LoyaltyEntry>,
}

/// The customer behind a claim, as support needs to name them (the full record is the
/// customer look-up, by `member_code`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ClaimCustomer {
    /// Account id.
    pub id: Uuid,
    /// Member code.
    pub member_code: String,
    /// First name(s).
    pub given_name: String,
    /// Surname(s).
    pub family_name: String,
}

/// What support decides about a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClaimDecision {
    /// Credit the points (posted at once).
    Credit,
    /// Refuse, with a reason the customer reads.
    Reject,
}

/// `POST /v1/backoffice/points-claims/{id}/decision`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ClaimDecisionRequest {
    /// Credit or reject.
    pub decision: ClaimDecision,
    /// Credit: the points (default: the normal earn rule on the claimed amount).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<i64>,
    /// Why: required to reject (the customer reads it); kept in the ledger when crediting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `GET /v1/backoffice/points-claims`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(ToSchema, utoipa::IntoParams),
    into_params(parameter_in = Query)
)]
pub struct PointsClaimQuery {
    /// Only claims in this status (default `open`).
    #[serde(default)]
    pub status: Option<PointsClaimStatus>,
}

/// `POST /v1/backoffice/accounts/{id}/points`: goodwill from support.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct GoodwillRequest {
    /// 1 to 500.
    pub points: i64,
    /// Why; the customer sees it in their history.
    pub reason: String,
}
