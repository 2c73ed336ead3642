//! The tab bar of a phone app.

use dioxus::prelude::*;

use companion_domain::wire::Role;

use crate::components::{Icon, IconName};
use crate::i18n::{t, use_lang, Key};
use crate::route::Route;

/// Home, devices, wallet, account (a sales assistant: shop, account), each an icon above
/// its label; the current tab is marked for screen readers.
#[component]
pub fn BottomNav(role: Role) -> Element {
    let lang = use_lang();
    let current = use_route::<Route>();
    let tabs = match role {
        Role::Customer => vec![
            (Route::Home {}, Key::NavHome, "nav-home", IconName::Home),
            (
                Route::Devices {},
                Key::NavDevices,
                "nav-devices",
                IconName::Device,
            ),
            (
                Route::Wallet {},
                Key::NavWallet,
                "nav-wallet",
                IconName::Wallet,
            ),
            (
                Route::Account {},
                Key::NavAccount,
                "nav-account",
                IconName::Account,
            ),
        ],
        Role::Staff => vec![
            (Route::Staff {}, Key::NavShop, "nav-shop", IconName::Shop),
            (
                Route::Account {},
                Key::NavAccount,
                "nav-account",
                IconName::Account,
            ),
        ],
    };
    rsx! {
        nav { class: "bottom-nav", "aria-label": t(lang, Key::MainNavigation),
            for (route, key, testid, icon) in tabs {
                Link {
                    to: route.clone(),
                    class: if current.tab() == route.tab() { "tab current" } else { "tab" },
                    "aria-current": if current.tab() == route.tab() { "page" } else { "false" },
                    "data-testid": testid,
                    Icon { name: icon }
                    span { class: "tab-label", {t(lang, key)} }
                }
            }
        }
    }
}
