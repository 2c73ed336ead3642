//! The wallet: ledger, tiers, rewards and redemptions.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::loyalty::{RewardCategory, Tier};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// Why points moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LoyaltyEntryKind {
    /// First registration of a device.
    RegistrationBonus,
    /// A purchase in a shop (recorded at the till, or credited from a missing-points claim).
    Purchase,
    /// Points exchanged for a reward.
    Redemption,
    /// What was left of an earning when its validity ended (negative).
    Expiry,
    /// Points granted by support as a gesture of goodwill.
    Goodwill,
}

impl LoyaltyEntryKind {
    const ALL: [LoyaltyEntryKind; 5] = [
        LoyaltyEntryKind::RegistrationBonus,
        LoyaltyEntryKind::Purchase,
        LoyaltyEntryKind::Redemption,
        LoyaltyEntryKind::Expiry,
        LoyaltyEntryKind::Goodwill,
    ];

    /// The stable snake_case name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            LoyaltyEntryKind::RegistrationBonus => "registration_bonus",
            LoyaltyEntryKind::Purchase => "purchase",
            LoyaltyEntryKind::Redemption => "redemption",
            LoyaltyEntryKind::Expiry => "expiry",
            LoyaltyEntryKind::Goodwill => "goodwill",
        }
    }

    /// Parses the stored name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == name)
    }
}

/// Whether an entry's points count yet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EntryStatus {
    /// Shown but not spendable: an in-store purchase within its return window.
    Pending,
    /// In the balance (answers from before pending points existed are all posted).
    #[default]
    Posted,
}

impl EntryStatus {
    /// The stable snake_case name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryStatus::Pending => "pending",
            EntryStatus::Posted => "posted",
        }
    }

    /// Parses the stored name.
    pub fn from_name(name: &str) -> Option<Self> {
        [EntryStatus::Pending, EntryStatus::Posted]
            .into_iter()
            .find(|status| status.as_str() == name)
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
    /// Balance right after this entry (for a pending entry, the balance without it; set
    /// again when it posts).
    pub balance_after: i64,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    /// Pending (shown, not spendable) or posted (in the balance).
    #[serde(default)]
    pub status: EntryStatus,
    /// When the points became or become spendable (absent in answers from before pending
    /// points existed).
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub available_on: Option<OffsetDateTime>,
    /// Earnings only: when what is left of them expires (absent for points earned before
    /// points expired).
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub expires_on: Option<OffsetDateTime>,
}

/// Some points and the day something happens to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PointsOn {
    /// How many points.
    pub points: i64,
    /// The day (UTC).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub on: time::Date,
}

/// What will happen to the customer's points: pending points and when the next of them
/// post, and the next points to expire. The wallet shows it offline: it travels in the
/// feed as the entity `loyalty_outlook` (id: the account id) and in `GET /v1/loyalty`.
/// Every field defaults, so answers from before it existed still parse.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LoyaltyOutlook {
    /// Points shown but not spendable yet.
    #[serde(default)]
    pub pending_points: i64,
    /// The pending points that post first, on the first day any post; null when none.
    #[serde(default)]
    pub next_posting: Option<PointsOn>,
    /// The posted points that expire first, on the first day any expire; null when none.
    #[serde(default)]
    pub next_expiry: Option<PointsOn>,
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
    /// Pending points, the next posting and the next expiry.
    #[serde(flatten, default)]
    pub outlook: LoyaltyOutlook,
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
