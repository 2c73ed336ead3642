//! Forgot password: ask for an emailed code, then enter it with a new password.

use dioxus::prelude::*;

use crate::components::{use_action, ErrorMessage, SubmitButton, TextField};
use crate::i18n::{api_error_text, t, use_lang, Key};
use crate::route::Route;
use crate::services::use_services;

/// `/forgot-password`.
#[component]
pub fn ForgotPassword() -> Element {
    let lang = use_lang();
    let services = use_services();
    let email = use_signal(String::new);
    let code = use_signal(String::new);
    let new_password = use_signal(String::new);
    let mut has_code = use_signal(|| false);
    let mut done = use_signal(|| false);
    let mut info = use_signal(|| None::<&'static str>);
    let action = use_action();
    if done() {
        return rsx! {
            section { class: "screen", "data-testid": "password-changed",
                h1 { {t(lang, Key::ForgotTitle)} }
                p { role: "status", {t(lang, Key::PasswordChanged)} }
                Link { class: "button primary", to: Route::Login {}, "data-testid": "password-changed-login", {t(lang, Key::LogIn)} }
            }
        };
    }
    let api = services.api.clone();
    let ask = {
        let api = api.clone();
        move |()| {
            let api = api.clone();
            action.run(
                async move {
                    api.request_password_reset(&email())
                        .await
                        .map_err(|e| api_error_text(lang, &e))
                },
                move |()| {
                    info.set(Some(t(lang, Key::CodeSent)));
                    has_code.set(true);
                },
            );
        }
    };
    let confirm = move |()| {
        let api = api.clone();
        action.run(
            async move {
                api.confirm_password_reset(&code(), &new_password())
                    .await
                    .map_err(|e| api_error_text(lang, &e))
            },
            move |()| done.set(true),
        );
    };
    rsx! {
        section { class: "screen", "data-testid": "forgot-password",
            h1 { {t(lang, Key::ForgotTitle)} }
            p { class: "lead", {t(lang, Key::ForgotBody)} }
            if let Some(info) = info() { p { class: "info", role: "status", {info} } }
            if !has_code() {
                div { class: "form",
                    TextField { id: "reset-email", label: t(lang, Key::Email), value: email, kind: "email", autocomplete: "email", testid: "reset-email" }
                    ErrorMessage { text: action.error() }
                    SubmitButton { action, label: t(lang, Key::SendCode), testid: "reset-send", onclick: ask }
                    button { r#type: "button", class: "link-button", "data-testid": "have-code", onclick: move |_| has_code.set(true), {t(lang, Key::HaveCode)} }
                }
            } else {
                div { class: "form",
                    TextField { id: "reset-code", label: t(lang, Key::Code), value: code, autocomplete: "one-time-code", testid: "reset-code" }
                    TextField { id: "reset-password", label: t(lang, Key::NewPassword), value: new_password, kind: "password", autocomplete: "new-password", testid: "reset-new-password", help: Some(t(lang, Key::PasswordRules).to_string()) }
                    ErrorMessage { text: action.error() }
                    SubmitButton { action, label: t(lang, Key::SetPassword), testid: "reset-confirm", onclick: confirm }
                }
            }
        }
    }
}
