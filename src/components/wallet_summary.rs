//! The balance card: available points, tier, and the way to the next tier.

use companion_client::store::Wallet;
use dioxus::prelude::*;

use crate::i18n::{t, tf, tier_name, use_lang, Key};

/// Points that can be spent now (pending redemptions already held back), the tier and
/// the progress to the next one.
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
