//! Loyalty points, tiers and reward categories.
//!
//! Tiers follow lifetime points (everything ever earned), not the spendable balance, so
//! redeeming a reward never demotes a customer.

use serde::{Deserialize, Serialize};

/// Points granted the first time a device is ever registered (once per device, ever).
pub const REGISTRATION_BONUS_POINTS: i64 = 100;

/// Points per whole euro spent in a shop.
pub const POINTS_PER_EURO: i64 = 1;

/// Points earned for an in-store purchase of `amount_cents`; partial euros earn nothing.
pub fn points_for_purchase(amount_cents: i64) -> i64 {
    (amount_cents.max(0) / 100) * POINTS_PER_EURO
}

/// The customer's tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// Every member starts here.
    Silver,
    /// From 1,500 lifetime points.
    Gold,
    /// From 3,000 lifetime points.
    Platinum,
}

impl Tier {
    /// Lifetime points needed for this tier.
    pub const fn threshold(self) -> i64 {
        match self {
            Tier::Silver => 0,
            Tier::Gold => 1_500,
            Tier::Platinum => 3_000,
        }
    }

    /// The tier for a lifetime total.
    pub fn for_lifetime_points(lifetime: i64) -> Self {
        [Tier::Platinum, Tier::Gold, Tier::Silver]
            .into_iter()
            .find(|tier| lifetime >= tier.threshold())
            .unwrap_or(Tier::Silver)
    }

    /// The next tier up, if any.
    pub fn next(self) -> Option<Tier> {
        match self {
            Tier::Silver => Some(Tier::Gold),
            Tier::Gold => Some(Tier::Platinum),
            Tier::Platinum => None,
        }
    }

    /// The stable snake_case name used on the wire and in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Silver => "silver",
            Tier::Gold => "gold",
            Tier::Platinum => "platinum",
        }
    }
}

/// What a reward is, for grouping in the wallet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RewardCategory {
    /// Money off in shops.
    Discount,
    /// Fuel vouchers with partner stations.
    Fuel,
    /// Accessories and gadgets.
    Gadget,
}

impl RewardCategory {
    /// The stable snake_case name used on the wire and in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            RewardCategory::Discount => "discount",
            RewardCategory::Fuel => "fuel",
            RewardCategory::Gadget => "gadget",
        }
    }

    /// Parses the stored name.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "discount" => Some(RewardCategory::Discount),
            "fuel" => Some(RewardCategory::Fuel),
            "gadget" => Some(RewardCategory::Gadget),
            _ => None,
        }
    }
}

/// How far back a missing-points claim may reach: the till keeps receipts this long.
pub const CLAIM_WINDOW_DAYS: i64 = 90;

/// Days before points expire when the customer is warned: the app's wallet shows the
/// expiry as a warning and the server sends a `points_expiring` notification.
pub const EXPIRY_WARNING_DAYS: i64 = 30;

/// A claimed amount and a till's record are the same purchase if they differ by at most
/// this much (a customer types the total from memory or a crumpled receipt).
pub const CLAIM_AMOUNT_TOLERANCE_CENTS: i64 = 100;

/// The most points support may grant in one goodwill gesture.
pub const GOODWILL_MAX_POINTS: i64 = 500;

/// Why a purchase date cannot be claimed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ClaimDateError {
    /// After today.
    #[error("the purchase date is in the future")]
    InFuture,
    /// More than [`CLAIM_WINDOW_DAYS`] before today.
    #[error("the purchase was more than {CLAIM_WINDOW_DAYS} days ago")]
    TooLate,
}

/// Whether a purchase made on `purchased_on` may still be claimed `today`.
pub fn check_claim_date(purchased_on: time::Date, today: time::Date) -> Result<(), ClaimDateError> {
    if purchased_on > today {
        return Err(ClaimDateError::InFuture);
    }
    if (today - purchased_on).whole_days() > CLAIM_WINDOW_DAYS {
        return Err(ClaimDateError::TooLate);
    }
    Ok(())
}

/// The form of a shop code or receipt reference that matching compares: a till's record
/// and a customer's claim are the same receipt whatever the case and surrounding spaces.
pub fn receipt_key(text: &str) -> String {
    text.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_follow_lifetime_points_at_the_thresholds() {
        assert_eq!(Tier::for_lifetime_points(0), Tier::Silver);
        assert_eq!(Tier::for_lifetime_points(1_499), Tier::Silver);
        assert_eq!(Tier::for_lifetime_points(1_500), Tier::Gold);
        assert_eq!(Tier::for_lifetime_points(2_999), Tier::Gold);
        assert_eq!(Tier::for_lifetime_points(3_000), Tier::Platinum);
        assert_eq!(Tier::Gold.next(), Some(Tier::Platinum));
        assert_eq!(Tier::Platinum.next(), None);
    }

    #[test]
    fn purchases_earn_a_point_per_whole_euro() {
        assert_eq!(points_for_purchase(999), 9);
        assert_eq!(points_for_purchase(99), 0);
        assert_eq!(points_for_purchase(-500), 0);
    }

    #[test]
    fn claims_reach_back_ninety_days_and_never_into_the_future() {
        let today = time::macros::date!(2026 - 06 - 15);
        assert_eq!(check_claim_date(today, today), Ok(()));
        assert_eq!(
            check_claim_date(today - time::Duration::days(90), today),
            Ok(())
        );
        assert_eq!(
            check_claim_date(today - time::Duration::days(91), today),
            Err(ClaimDateError::TooLate)
        );
        assert_eq!(
            check_claim_date(today + time::Duration::days(1), today),
            Err(ClaimDateError::InFuture)
        );
    }

    #[test]
    fn receipts_match_whatever_the_case_and_surrounding_spaces() {
        assert_eq!(receipt_key("  Lx-0042a "), receipt_key("LX-0042A"));
        assert_ne!(receipt_key("LX-0042A"), receipt_key("LX-0042"));
    }

    #[test]
    fn category_names_round_trip() {
        for category in [
            RewardCategory::Discount,
            RewardCategory::Fuel,
            RewardCategory::Gadget,
        ] {
            assert_eq!(RewardCategory::from_name(category.as_str()), Some(category));
        }
        assert_eq!(RewardCategory::from_name("cash"), None);
    }
}
