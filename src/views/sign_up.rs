//! Create an account. The server enforces the age rule and the password policy; this
//! screen guides (length hint as you type) and keeps everything typed when a request fails.

use companion_client::SessionFlowError;
use companion_domain::wire::{Language, SignUpRequest};
use dioxus::prelude::*;
use uuid::Uuid;

use crate::components::{
    is_enter, use_action, CheckboxField, ErrorMessage, SubmitButton, TextField,
};
use crate::i18n::{session_error_text, t, use_lang, Key};
use crate::route::Route;
use crate::services::use_services;
use crate::views::login::open_session;

/// Minimum password length, as the server's policy.
const MIN_PASSWORD_CHARS: usize = 12;

/// `/signup`.
#[component]
pub fn SignUp() -> Element {
    let lang = use_lang();
    let services = use_services();
    let given = use_signal(String::new);
    let family = use_signal(String::new);
    let email = use_signal(String::new);
    let password = use_signal(String::new);
    let birth_date = use_signal(String::new);
    let terms = use_signal(|| false);
    let marketing = use_signal(|| false);
    let action = use_action();
    // One key for this form: a retry after a lost answer cannot create a second account.
    let key = use_signal(Uuid::new_v4);
    let navigator = navigator();
    let length = password.read().chars().count();
    let strength = (length > 0).then(|| {
        if length < MIN_PASSWORD_CHARS {
            t(lang, Key::StrengthTooShort)
        } else {
            t(lang, Key::StrengthOk)
        }
    });
    let submit = use_callback(move |()| {
        let services = services.clone();
        let request = SignUpRequest {
            email: email(),
            password: password(),
            given_name: given(),
            family_name: family(),
            birth_date: birth_date(),
            country: "PT".into(),
            accept_terms: terms(),
            marketing_opt_in: marketing(),
        };
        action.run(
            async move {
                let language = Language::from_name(lang.account_code());
                let created = services.api.sign_up(&request, language, key()).await;
                match created {
                    Ok(_) => open_session(&services, &request.email, &request.password).await,
                    Err(e) => Err(SessionFlowError::Api(e)),
                }
                .map_err(|e| session_error_text(lang, &e))
            },
            move |()| {
                navigator.replace(Route::Home {});
            },
        );
    });
    rsx! {
        section { class: "screen", "data-testid": "signup",
            h1 { {t(lang, Key::SignUp)} }
            div { class: "form", onkeydown: move |event| if is_enter(&event) { submit(()) },
                TextField { id: "signup-given", label: t(lang, Key::GivenName), value: given, autocomplete: "given-name", testid: "signup-given-name" }
                TextField { id: "signup-family", label: t(lang, Key::FamilyName), value: family, autocomplete: "family-name", testid: "signup-family-name" }
                TextField { id: "signup-email", label: t(lang, Key::Email), value: email, kind: "email", autocomplete: "email", testid: "signup-email" }
                TextField {
                    id: "signup-password",
                    label: t(lang, Key::Password),
                    value: password,
                    kind: "password",
                    autocomplete: "new-password",
                    testid: "signup-password",
                    help: Some(match strength {
                        Some(strength) => format!("{strength}. {}", t(lang, Key::PasswordRules)),
                        None => t(lang, Key::PasswordRules).to_string(),
                    }),
                    invalid: length > 0 && length < MIN_PASSWORD_CHARS,
                }
                TextField { id: "signup-birth", label: t(lang, Key::BirthDate), value: birth_date, kind: "date", autocomplete: "bday", testid: "signup-birth-date" }
                div { class: "field",
                    label { r#for: "signup-country", {t(lang, Key::Country)} }
                    select { id: "signup-country", "data-testid": "signup-country",
                        option { value: "PT", selected: true, {t(lang, Key::CountryPortugal)} }
                    }
                }
                CheckboxField { id: "signup-terms", label: t(lang, Key::AcceptTerms), checked: terms, testid: "signup-terms" }
                CheckboxField { id: "signup-marketing", label: t(lang, Key::MarketingOptIn), checked: marketing, testid: "signup-marketing" }
                ErrorMessage { text: action.error() }
                SubmitButton { action, label: t(lang, Key::SignUp), testid: "signup-submit", onclick: move |()| submit(()) }
            }
            p { class: "links",
                {t(lang, Key::HaveAccount)}
                " "
                Link { to: Route::Login {}, {t(lang, Key::LogIn)} }
            }
        }
    }
}
