//! The balance card: available points, tier, and the way to the next tier.

use companion_client::store::Wallet;
use dioxus::prelude::*;

use companion_domain::loyalty::EXPIRY_WARNING_DAYS;
use time::{Date, OffsetDateTime};

use crate::i18n::{format_date, t, tf, tier_name, use_lang, Key};

/// Whether points expiring `on` deserve the warning style `today`.
fn expires_soon(on: Date, today: Date) -> bool {
    (on - today).whole_days() <= EXPIRY_WARNING_DAYS
}

/// Points that can be spent now (pending redemptions already held back), the points still
/// pending and the next to expire (a warning within 30 days), the tier and the progress to
/// the next one.
#[component]
pub fn WalletSummary(wallet: Wallet) -> Element {
    let lang = use_lang();
    rsx! {
        div { class: "card wallet-summary",
            p { class: "label", {t(lang, Key::Balance)} }
            p { class: "balance",
                span { "data-testid": "wallet-balance", {wallet.available.to_string()} }
                " "
                {t(lang, Key::Points)}
            }
            if wallet.outlook.pending_points > 0 {
                p { class: "points-pending", "data-testid": "wallet-pending",
                    {match wallet.outlook.next_posting {
                        Some(next) => tf(lang, Key::WalletPending, &[("points", &wallet.outlook.pending_points.to_string()), ("date", &format_date(next.on))]),
                        None => format!("{} {}", wallet.outlook.pending_points, t(lang, Key::EntryPendingTag)),
                    }}
                }
            }
            if let Some(expiry) = wallet.outlook.next_expiry {
                p {
                    class: if expires_soon(expiry.on, OffsetDateTime::now_utc().date()) { "points-expiry soon" } else { "points-expiry" },
                    "data-testid": "wallet-next-expiry",
                    {tf(lang, Key::WalletNextExpiry, &[("points", &expiry.points.to_string()), ("date", &format_date(expiry.on))])}
                }
            }
            p { class: "tier", "data-testid": "tier", {tier_name(lang, wallet.tier)} }
            match wallet.next_tier {
                Some(next) => rsx! {
                    p { class: "tier-progress",
                        {tf(lang, Key::ToNextTier, &[("points", &next.points_needed.to_string()), ("tier", tier_name(lang, next.tier))])}
                    }
                    progress {
                        max: next.tier.threshold().to_string(),
                        value: wallet.lifetime_points.to_string(),
                        "aria-label": tier_name(lang, next.tier),
                    }
                },
                None => rsx! { p { class: "tier-progress", {t(lang, Key::TopTier)} } },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn an_expiry_within_thirty_days_is_a_warning() {
        let today = date!(2026 - 12 - 03);
        assert!(expires_soon(date!(2026 - 12 - 04), today));
        assert!(expires_soon(date!(2027 - 01 - 02), today));
        assert!(!expires_soon(date!(2027 - 01 - 03), today));
    }
}
