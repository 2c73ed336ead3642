//! Create an account. The server enforces the age rule and the password policy; this
//! screen guides (length hint as you type) and keeps everything typed when a request fails.

use companion_client::{ErrorCode, SessionFlowError};
use companion_domain::wire::{Language, SignUpRequest};
use dioxus::prelude::*;
use uuid::Uuid;

use crate::components::{
    is_enter, use_action, use_field_refusal, CheckboxField, ErrorMessage, SubmitButton, TextField,
};
use crate::i18n::{session_error_text, t, use_lang, Key};
use crate::route::Route;
use crate::services::use_services;
use crate::views::login::open_session;

/// Minimum password length, as the server's policy.
const MIN_PASSWORD_CHARS: usize = 12;

/// A sign-up field the server's refusal is about, so the explanation sits at the field
/// (tied to it for screen readers) as well as above the button.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    GivenName,
    Email,
    Password,
    BirthDate,
}

/// The field a refusal code is about; `None` for the form as a whole (the terms, the
/// network, too many attempts).
fn field_of(code: &ErrorCode) -> Option<Field> {
    match code {
        ErrorCode::EmailTaken | ErrorCode::InvalidEmail => Some(Field::Email),
        ErrorCode::WeakPassword => Some(Field::Password),
        ErrorCode::Underage | ErrorCode::InvalidBirthDate => Some(Field::BirthDate),
        ErrorCode::InvalidName => Some(Field::GivenName),
        _ => None,
    }
}

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
    let refused = use_field_refusal::<Field>();
    let error_at = move |field: Field| refused.at(field);
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
        refused.clear();
        action.run(
            async move {
                let language = Language::from_name(lang.account_code());
                let created = services.api.sign_up(&request, language, key()).await;
                match created {
                    Ok(_) => open_session(&services, &request.email, &request.password).await,
                    Err(e) => Err(SessionFlowError::Api(e)),
                }
                .map_err(|e| {
                    let text = session_error_text(lang, &e);
                    let field = match &e {
                        SessionFlowError::Api(call) => call.code().and_then(field_of),
                        SessionFlowError::Cache(_) => None,
                    };
                    refused.record(field, &text);
                    text
                })
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
                TextField { id: "signup-given", label: t(lang, Key::GivenName), value: given, autocomplete: "given-name", testid: "signup-given-name", error: error_at(Field::GivenName) }
                TextField { id: "signup-family", label: t(lang, Key::FamilyName), value: family, autocomplete: "family-name", testid: "signup-family-name" }
                TextField { id: "signup-email", label: t(lang, Key::Email), value: email, kind: "email", autocomplete: "email", testid: "signup-email", error: error_at(Field::Email) }
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
                    error: error_at(Field::Password),
                }
                TextField { id: "signup-birth", label: t(lang, Key::BirthDate), value: birth_date, kind: "date", autocomplete: "bday", testid: "signup-birth-date", error: error_at(Field::BirthDate) }
                div { class: "field",
                    label { r#for: "signup-country", {t(lang, Key::Country)} }
                    select { id: "signup-country", "data-testid": "signup-country",
                        option { value: "PT", selected: true, {t(lang, Key::CountryPortugal)} }
                    }
                }
                CheckboxField { id: "signup-terms", label: t(lang, Key::AcceptTerms), checked: terms, testid: "signup-terms" }
                CheckboxField { id: "signup-marketing", label: t(lang, Key::MarketingOptIn), checked: marketing, testid: "signup-marketing" }
                // A refusal about one field is said there, once (not twice to a screen reader).
                ErrorMessage { text: refused.summary(action) }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_is_said_at_the_field_it_is_about() {
        assert_eq!(field_of(&ErrorCode::EmailTaken), Some(Field::Email));
        assert_eq!(field_of(&ErrorCode::WeakPassword), Some(Field::Password));
        assert_eq!(field_of(&ErrorCode::Underage), Some(Field::BirthDate));
        assert_eq!(field_of(&ErrorCode::InvalidName), Some(Field::GivenName));
        assert_eq!(
            field_of(&ErrorCode::TooManyAttempts),
            None,
            "about the form, not a field"
        );
        assert_eq!(field_of(&ErrorCode::Other("new_code".into())), None);
    }
}
