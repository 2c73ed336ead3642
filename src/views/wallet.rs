//! The loyalty wallet: balance and tier, vouchers with their QR codes, and the history.

use companion_domain::wire::{EntryStatus, LoyaltyEntryKind};
use dioxus::prelude::*;

use crate::components::{ErrorMessage, Icon, IconName, QrCode, WalletSummary};
use crate::i18n::{format_date, t, use_lang, Key};
use crate::route::Route;
use crate::state::{use_data, use_refresh_on_open};

/// History lines shown (the newest).
const HISTORY_LINES: usize = 50;

/// `/wallet`.
#[component]
pub fn Wallet() -> Element {
    let lang = use_lang();
    use_refresh_on_open();
    let wallet = use_data(|store| store.wallet(HISTORY_LINES));
    let vouchers = use_data(|store| store.vouchers());
    let catalog = use_data(|store| store.rewards());
    // A voucher is named from the cached catalog, in the customer's language; the name
    // the server kept at redemption (Portuguese) when the reward has left the catalog.
    let name_of = move |reward_id: &str, kept: Option<&str>| -> String {
        let catalog = catalog().unwrap_or_default();
        match catalog.iter().find(|reward| reward.id == reward_id) {
            Some(reward) => reward.text(lang.tag()).0.to_string(),
            None => kept.unwrap_or(reward_id).to_string(),
        }
    };
    let wallet = match wallet() {
        Err(error) => return rsx! { ErrorMessage { text: Some(error) } },
        Ok(None) => return rsx! { p { class: "loading", {t(lang, Key::Loading)} } },
        Ok(Some(wallet)) => wallet,
    };
    rsx! {
        section { class: "screen", "data-testid": "wallet",
            h1 { {t(lang, Key::WalletTitle)} }
            WalletSummary { wallet: wallet.clone() }
            Link { class: "button primary", to: Route::Rewards {}, "data-testid": "see-rewards",
                Icon { name: IconName::Gift }
                {t(lang, Key::SeeRewards)}
            }
            Link { class: "button secondary", to: Route::PointsClaims {}, "data-testid": "points-claim-open",
                Icon { name: IconName::Receipt }
                {t(lang, Key::MissingPoints)}
            }
            h2 { {t(lang, Key::Vouchers)} }
            match vouchers() {
                Err(error) => rsx! { ErrorMessage { text: Some(error) } },
                Ok(list) if list.is_empty() => rsx! { p { class: "empty", {t(lang, Key::NoVouchers)} } },
                Ok(list) => rsx! {
                    ul { class: "device-list", "data-testid": "vouchers",
                        for voucher in list {
                            li { key: "{voucher.id}", class: "card voucher",
                                match voucher.redemption {
                                    Some(redemption) => rsx! {
                                        strong { {name_of(&voucher.reward_id, Some(&redemption.reward_name))} }
                                        QrCode { data: redemption.voucher_code.clone(), label: t(lang, Key::VoucherQrLabel), testid: "voucher-qr" }
                                    },
                                    None => rsx! {
                                        strong { {name_of(&voucher.reward_id, None)} }
                                        span { class: "pending-tag", "data-testid": "pending", {t(lang, Key::VoucherPending)} }
                                    },
                                }
                            }
                        }
                    }
                },
            }
            h2 { {t(lang, Key::History)} }
            if wallet.entries.is_empty() {
                p { class: "empty", {t(lang, Key::NoHistory)} }
            } else {
                ul { class: "history", "data-testid": "history",
                    for entry in wallet.entries {
                        li { key: "{entry.id}", class: if entry.kind == LoyaltyEntryKind::Expiry { "expired" } else { "" },
                            span { class: "what",
                                strong { {t(lang, match entry.kind {
                                    LoyaltyEntryKind::RegistrationBonus => Key::EntryRegistrationBonus,
                                    LoyaltyEntryKind::Purchase => Key::EntryPurchase,
                                    LoyaltyEntryKind::Redemption => Key::EntryRedemption,
                                    LoyaltyEntryKind::Expiry => Key::EntryExpiry,
                                    LoyaltyEntryKind::Goodwill => Key::EntryGoodwill,
                                })} }
                                if entry.status == EntryStatus::Pending {
                                    span { class: "pending-tag", "data-testid": "entry-pending", {t(lang, Key::EntryPendingTag)} }
                                }
                                span { class: "detail", {format!("{} · {}", entry.description, format_date(entry.created_at.date()))} }
                            }
                            span { class: if entry.points < 0 { "points spent" } else { "points earned" },
                                {format!("{:+}", entry.points)}
                            }
                        }
                    }
                }
            }
        }
    }
}
