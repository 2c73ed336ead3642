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
