//! Log in, with the welcome words for a newcomer and the ways to sign up or reset.

use dioxus::prelude::*;

use crate::components::{is_enter, use_action, ErrorMessage, SubmitButton, TextField};
use companion_client::SessionFlowError;

use crate::i18n::{session_error_text, t, use_lang, Key};
use crate::route::Route;
use crate::services::{use_services, Services};
use crate::state::use_ui_state;

/// Signs in through the phone's session service (which starts a different customer from
/// an empty cache) and shows the signed-in screens.
pub async fn open_session(
    services: &Services,
    email: &str,
    password: &str,
) -> Result<(), SessionFlowError> {
    services.session.log_in(email, password).await?;
    Ok(())
}

/// `/login`.
#[component]
pub fn Login() -> Element {
    let lang = use_lang();
    let services = use_services();
    let state = use_ui_state();
    let email = use_signal(String::new);
    let password = use_signal(String::new);
    let action = use_action();
    // A message left by the previous screen (e.g. after removing the account), shown once.
    let farewell = use_hook(move || {
        let mut flash = state.flash;
        flash.take()
    });
    let navigator = navigator();
    let submit = use_callback(move |()| {
        let services = services.clone();
        action.run(
            async move {
                open_session(&services, &email(), &password())
                    .await
                    .map_err(|e| session_error_text(lang, &e))
            },
            move |()| {
                navigator.replace(Route::Home {});
            },
        );
    });
    rsx! {
        section { class: "screen", "data-testid": "login",
            if let Some(message) = farewell {
                p { class: "info", role: "status", "data-testid": "flash", {t(lang, message)} }
            }
            h1 { {t(lang, Key::WelcomeTitle)} }
            p { class: "lead", {t(lang, Key::WelcomeBody)} }
            div { class: "form", onkeydown: move |event| if is_enter(&event) { submit(()) },
                TextField { id: "login-email", label: t(lang, Key::Email), value: email, kind: "email", autocomplete: "username", testid: "login-email" }
                TextField { id: "login-password", label: t(lang, Key::Password), value: password, kind: "password", autocomplete: "current-password", testid: "login-password" }
                ErrorMessage { text: action.error() }
                SubmitButton { action, label: t(lang, Key::LogIn), testid: "login-submit", onclick: move |()| submit(()) }
            }
            p { class: "links",
                Link { to: Route::ForgotPassword {}, "data-testid": "forgot-password-link", {t(lang, Key::ForgotPassword)} }
            }
            p { class: "links",
                Link { to: Route::Support {}, "data-testid": "forgot-email-link", {t(lang, Key::ForgotEmailLink)} }
            }
            p { class: "links",
                Link { to: Route::Help {}, "data-testid": "help-link", {t(lang, Key::HelpLink)} }
            }
            p { class: "links",
                {t(lang, Key::NoAccountYet)}
                " "
                Link { to: Route::SignUp {}, "data-testid": "signup-link", {t(lang, Key::SignUp)} }
            }
        }
    }
}
