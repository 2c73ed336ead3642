//! Changing the password: online only (the server checks the current one and ends the
//! other sessions); this phone stays signed in.

use dioxus::prelude::*;

use companion_client::ErrorCode;

use crate::components::{
    is_enter, use_action, use_field_refusal, ErrorMessage, SubmitButton, TextField,
};
use crate::i18n::{password_check_error_text, t, use_lang, Key};
use crate::services::use_services;

/// The field a refusal is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Current,
    New,
}

/// The field a refusal code is about: the current password was wrong, or the new one is
/// too weak; anything else is about the form.
fn field_of(code: &ErrorCode) -> Option<Field> {
    match code {
        ErrorCode::InvalidCredentials => Some(Field::Current),
        ErrorCode::WeakPassword => Some(Field::New),
        _ => None,
    }
}

/// The change-password card.
#[component]
pub fn ChangePassword() -> Element {
    let lang = use_lang();
    let services = use_services();
    let mut open = use_signal(|| false);
    let current = use_signal(String::new);
    let new = use_signal(String::new);
    let mut done = use_signal(|| false);
    let action = use_action();
    let refused = use_field_refusal::<Field>();
    let submit = use_callback(move |()| {
        let services = services.clone();
        refused.clear();
        action.run(
            async move {
                services
                    .api
                    .change_password(&current(), &new())
                    .await
                    .map_err(|problem| {
                        let text = password_check_error_text(lang, &problem);
                        refused.record(problem.code().and_then(field_of), &text);
                        text
                    })
            },
            move |()| {
                done.set(true);
                open.set(false);
            },
        );
    });
    rsx! {
        div { class: "card",
            h2 { {t(lang, Key::ChangePassword)} }
            if done() {
                p { class: "success", role: "status", "data-testid": "password-changed", {t(lang, Key::PasswordUpdated)} }
            }
            if open() {
                div { class: "form", onkeydown: move |event| if is_enter(&event) { submit(()) },
                    TextField { id: "password-current", label: t(lang, Key::CurrentPassword), value: current, kind: "password", autocomplete: "current-password", testid: "password-current", error: refused.at(Field::Current) }
                    TextField { id: "password-new", label: t(lang, Key::NewPassword), value: new, kind: "password", autocomplete: "new-password", testid: "password-new", help: Some(t(lang, Key::PasswordRules).to_string()), error: refused.at(Field::New) }
                    ErrorMessage { text: refused.summary(action) }
                    SubmitButton { action, label: t(lang, Key::ChangePassword), testid: "password-submit", onclick: move |()| submit(()) }
                    button { r#type: "button", class: "button secondary wide", onclick: move |_| open.set(false), {t(lang, Key::Cancel)} }
                }
            } else {
                button { r#type: "button", class: "button secondary wide", "data-testid": "password-open", onclick: move |_| { done.set(false); open.set(true) }, {t(lang, Key::ChangePassword)} }
            }
        }
    }
}
