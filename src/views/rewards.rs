//! Rewards by category (discounts, fuel, gadgets); redeeming asks for confirmation, holds
//! the points at once and sends the exchange when online.

use companion_client::actions::Redeem;
use companion_domain::wire::Reward;
use companion_domain::RewardCategory;
use dioxus::prelude::*;
use time::OffsetDateTime;

use crate::components::{ConfirmBox, ErrorMessage};
use crate::i18n::{store_error_text, t, tf, use_lang, Key};
use crate::route::Route;
use crate::services::use_services;
use crate::state::use_data;

const CATEGORIES: [(RewardCategory, Key); 3] = [
    (RewardCategory::Discount, Key::CategoryDiscount),
    (RewardCategory::Fuel, Key::CategoryFuel),
    (RewardCategory::Gadget, Key::CategoryGadget),
];

/// `/wallet/rewards`.
#[component]
pub fn Rewards() -> Element {
    let lang = use_lang();
    let services = use_services();
    let rewards = use_data(|store| store.rewards());
    let wallet = use_data(|store| store.wallet(0));
    let mut asking = use_signal(|| None::<Reward>);
    let mut error = use_signal(|| None::<String>);
    let mut done = use_signal(|| false);
    let available = wallet().ok().flatten().map(|w| w.available).unwrap_or(0);
    let rewards = match rewards() {
        Ok(rewards) => rewards,
        Err(problem) => return rsx! { ErrorMessage { text: Some(problem) } },
    };
    let confirm = move |()| {
        let Some(reward) = asking() else { return };
        match services
            .store
            .queue(Redeem::new(&reward.id), OffsetDateTime::now_utc())
        {
            Ok(_) => {
                asking.set(None);
                done.set(true);
            }
            Err(problem) => error.set(Some(store_error_text(lang, &problem))),
        }
    };
    rsx! {
        section { class: "screen", "data-testid": "rewards",
            h1 { {t(lang, Key::RewardsTitle)} }
            p { class: "lead", {format!("{} {}", available, t(lang, Key::Points))} }
            if done() {
                p { class: "success", role: "status", "data-testid": "redeem-done", {t(lang, Key::RedeemQueued)} }
                Link { class: "button primary", to: Route::Wallet {}, {t(lang, Key::Vouchers)} }
            }
            ErrorMessage { text: error() }
            if let Some(reward) = asking() {
                ConfirmBox {
                    label: t(lang, Key::Redeem),
                    message: tf(lang, Key::RedeemConfirm, &[("points", &reward.cost_points.to_string()), ("reward", reward.text(lang.tag()).0)]),
                    confirm_label: t(lang, Key::Confirm),
                    testid: "redeem-confirm",
                    on_confirm: confirm,
                    on_cancel: move |()| asking.set(None),
                }
            }
            if rewards.is_empty() {
                p { class: "empty", {t(lang, Key::NoRewards)} }
            }
            for (category, heading) in CATEGORIES {
                if rewards.iter().any(|r| r.category == category) {
                    h2 { {t(lang, heading)} }
                    ul { class: "device-list",
                        for reward in rewards.iter().filter(|r| r.category == category).cloned() {
                            li { key: "{reward.id}", class: "card reward",
                                strong { {reward.text(lang.tag()).0.to_string()} }
                                p { class: "device-meta", {reward.text(lang.tag()).1.to_string()} }
                                p { class: "cost", {format!("{} {}", reward.cost_points, t(lang, Key::Points))} }
                                if reward.cost_points <= available {
                                    button {
                                        r#type: "button",
                                        class: "button secondary",
                                        "data-testid": "reward-{reward.id}",
                                        onclick: {
                                            let reward = reward.clone();
                                            move |_| {
                                                error.set(None);
                                                done.set(false);
                                                asking.set(Some(reward.clone()));
                                            }
                                        },
                                        {t(lang, Key::Redeem)}
                                    }
                                } else {
                                    p { class: "hint", {t(lang, Key::NotEnoughPoints)} }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use companion_domain::wire::Reward;
    use companion_domain::RewardCategory;

    use crate::app::App;
    use crate::i18n::{t, Key, Lang};
    use crate::testing::{signed_in_phone, Screen};

    fn reward(id: &str, category: RewardCategory, cost: i64) -> Reward {
        Reward {
            id: id.into(),
            name: format!("Recompensa {id}"),
            description: "Boa.".into(),
            category,
            cost_points: cost,
            translations: [(
                "en".to_string(),
                companion_domain::wire::RewardText {
                    name: format!("Reward {id}"),
                    description: "Nice.".into(),
                },
            )]
            .into(),
        }
    }

    #[tokio::test]
    async fn redeeming_asks_first_holds_the_points_and_shows_a_pending_voucher() {
        let phone = signed_in_phone(); // 640 points
        let catalog = [
            reward("discount-5", RewardCategory::Discount, 250),
            reward("fuel-25", RewardCategory::Fuel, 1000),
        ];
        phone
            .services
            .store
            .replace_catalogs(&catalog, &[], time::OffsetDateTime::now_utc())
            .expect("catalog");
        let mut screen = Screen::mount(App, &phone, Lang::En);
        screen.settle().await;
        screen.click("nav-wallet");
        screen.settle().await;
        assert!(
            screen.html().contains(t(Lang::En, Key::NoVouchers)),
            "{}",
            screen.html()
        );
        screen.click("see-rewards");
        screen.settle().await;
        let html = screen.html();
        assert!(
            html.contains(t(Lang::En, Key::CategoryDiscount))
                && html.contains(t(Lang::En, Key::CategoryFuel)),
            "{html}"
        );
        assert!(html.contains("data-testid=\"reward-discount-5\""), "{html}");
        assert!(
            !html.contains("data-testid=\"reward-fuel-25\"")
                && html.contains(t(Lang::En, Key::NotEnoughPoints)),
            "{html}"
        );

        screen.click("reward-discount-5");
        assert!(
            screen.html().contains("Exchange 250 points"),
            "asks first: {}",
            screen.html()
        );
        assert_eq!(
            phone.services.store.pending_count().expect("count"),
            0,
            "nothing before confirming"
        );
        screen.click("redeem-confirm");
        screen.settle().await;
        assert!(
            screen.html().contains("data-testid=\"redeem-done\""),
            "{}",
            screen.html()
        );
        assert!(
            screen.html().contains("390 points"),
            "points held at once: {}",
            screen.html()
        );
        assert_eq!(phone.services.store.pending_count().expect("count"), 1);

        screen.click("nav-wallet");
        screen.settle().await;
        let html = screen.html();
        assert!(html.contains(t(Lang::En, Key::VoucherPending)), "{html}");
        assert!(
            html.contains("Reward discount-5") && !html.contains("Recompensa"),
            "the voucher is named in English: {html}"
        );
        assert!(
            html.contains("data-testid=\"wallet-balance\">390<"),
            "{html}"
        );
    }
}
