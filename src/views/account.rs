//! The account: profile, language, log out (warning when changes have not been sent).

use dioxus::prelude::*;

use crate::components::{ErrorMessage, LanguagePicker};
use crate::i18n::{api_error_text, t, use_lang, Key};
use crate::route::Route;
use crate::services::use_services;
use crate::state::{use_app_state, use_data, SessionState};

/// `/account`.
#[component]
pub fn Account() -> Element {
    let lang = use_lang();
    let services = use_services();
    let mut state = use_app_state();
    let account = use_data(|store| store.account());
    let pending = use_data(|store| store.pending_count());
    let mut confirming = use_signal(|| false);
    let mut error = use_signal(|| None::<String>);
    let navigator = navigator();
    let log_out = move || {
        let services = services.clone();
        spawn(async move {
            match services.api.log_out().await {
                Ok(()) => {
                    if let Err(problem) = services.store.clear_all() {
                        tracing::error!(%problem, "cannot clear the cache at log-out");
                    }
                    state.session.set(SessionState::SignedOut);
                    state.refresh();
                    navigator.replace(Route::Login {});
                }
                Err(problem) => error.set(Some(api_error_text(lang, &problem))),
            }
        });
    };
    let unsent = pending().unwrap_or(0);
    rsx! {
        section { class: "screen", "data-testid": "account",
            h1 { {t(lang, Key::AccountTitle)} }
            if let Ok(Some(account)) = account() {
                div { class: "card",
                    h2 { {t(lang, Key::Profile)} }
                    p { "data-testid": "account-name", {format!("{} {}", account.given_name, account.family_name)} }
                    p { "data-testid": "account-email", {account.email.clone()} }
                }
            }
            div { class: "card",
                h2 { {t(lang, Key::Language)} }
                LanguagePicker {}
            }
            p { class: "links",
                Link { to: Route::Help {}, "data-testid": "help-link", {t(lang, Key::HelpLink)} }
                " · "
                Link { to: Route::Privacy {}, "data-testid": "privacy-link", {t(lang, Key::PrivacyLink)} }
            }
            ErrorMessage { text: error() }
            if confirming() && unsent > 0 {
                div { class: "confirm", role: "alertdialog", "aria-label": t(lang, Key::LogOut),
                    p { {t(lang, Key::LogOutPendingWarning)} }
                    button {
                        r#type: "button",
                        class: "button danger",
                        "data-testid": "logout-confirm",
                        onclick: { let log_out = log_out.clone(); move |_| log_out() },
                        {t(lang, Key::LogOutAnyway)}
                    }
                    button { r#type: "button", class: "button secondary", onclick: move |_| confirming.set(false), {t(lang, Key::Cancel)} }
                }
            } else {
                button {
                    r#type: "button",
                    class: "button secondary wide",
                    "data-testid": "logout",
                    onclick: move |_| if unsent > 0 { confirming.set(true) } else { log_out() },
                    {t(lang, Key::LogOut)}
                }
            }
        }
    }
}
