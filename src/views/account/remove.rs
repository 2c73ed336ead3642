//! Removing the account: explained first, confirmed with the password, then the phone
//! forgets the customer (session and cache) and says goodbye on the log-in screen.

use companion_client::SessionFlowError;
use dioxus::prelude::*;

use crate::components::{use_action, ErrorMessage, TextField};
use crate::i18n::{password_check_error_text, t, use_lang, Key};
use crate::route::Route;
use crate::services::use_services;
use crate::state::{use_data, use_ui_state};

use super::signed_out;

/// The remove-account card.
#[component]
pub fn RemoveAccount() -> Element {
    let lang = use_lang();
    let services = use_services();
    let state = use_ui_state();
    let pending = use_data(|store| store.pending_count());
    let mut open = use_signal(|| false);
    let password = use_signal(String::new);
    let action = use_action();
    let navigator = navigator();
    let remove = move |_| {
        let services = services.clone();
        action.run(
            async move {
                match services.session.remove_account(&password()).await {
                    Err(SessionFlowError::Api(problem)) => {
                        Err(password_check_error_text(lang, &problem))
                    }
                    // Removed on the server: the phone signs out whatever the cache says.
                    outcome => Ok(outcome),
                }
            },
            move |outcome| {
                signed_out(state, outcome, Some(Key::AccountRemoved));
                navigator.replace(Route::Login {});
            },
        );
    };
    rsx! {
        div { class: "card danger-zone",
            h2 { {t(lang, Key::RemoveTitle)} }
            if open() {
                div { class: "form", role: "group", "aria-label": t(lang, Key::RemoveTitle),
                    p { {t(lang, Key::RemoveBody)} }
                    if pending().unwrap_or(0) > 0 {
                        p { class: "error", {t(lang, Key::RemoveUnsent)} }
                    }
                    TextField { id: "remove-password", label: t(lang, Key::RemovePasswordLabel), value: password, kind: "password", autocomplete: "current-password", testid: "remove-password" }
                    ErrorMessage { text: action.error() }
                    button { r#type: "button", class: "button danger wide", "data-testid": "remove-confirm", disabled: action.busy(), onclick: remove,
                        if action.busy() { {t(lang, Key::Working)} } else { {t(lang, Key::RemoveConfirm)} }
                    }
                    button { r#type: "button", class: "button secondary wide", onclick: move |_| open.set(false), {t(lang, Key::Cancel)} }
                }
            } else {
                button { r#type: "button", class: "button secondary wide", "data-testid": "remove-open", onclick: move |_| open.set(true), {t(lang, Key::RemoveTitle)} }
            }
        }
    }
}
