//! A message to customer support, signed in or not. Signed out, "I forgot my email" finds
//! the account by a registered device ID and answers at an email given here. Signed in,
//! the message is queued like every change (it survives a dead network); signed out it is
//! sent at once, with one idempotency key per form so a retry never sends it twice.

use companion_client::actions::SendSupportRequest;
use companion_client::ErrorCode;
use companion_domain::wire::{CreateSupportRequest, SupportTopic};
use companion_domain::{DeviceId, Email};
use dioxus::prelude::*;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::components::{use_action, ErrorMessage, SubmitButton, TextField};
use crate::i18n::{
    api_error_text, device_id_error_text, error_code_text, store_error_text, t, tf, use_lang, Key,
    Lang,
};
use crate::services::use_services;
use crate::state::{use_ui_state, SessionState};

/// Topics offered, with their labels; "I forgot my email" only makes sense signed out.
fn topics(signed_in: bool) -> Vec<(SupportTopic, Key)> {
    let mut topics = vec![
        (SupportTopic::ForgotEmail, Key::TopicForgotEmail),
        (SupportTopic::Device, Key::TopicDevice),
        (SupportTopic::Loyalty, Key::TopicLoyalty),
        (SupportTopic::Guarantee, Key::TopicGuarantee),
        (SupportTopic::Account, Key::TopicAccount),
        (SupportTopic::Other, Key::TopicOther),
    ];
    if signed_in {
        topics.remove(0);
    }
    topics
}

/// What the customer typed.
#[derive(Clone, Debug, Default)]
struct Draft {
    topic: Option<SupportTopic>,
    message: String,
    device_id: String,
    contact_email: String,
}

/// Checks the form the way the API will and says what to fix, in the customer's language.
fn build_request(
    lang: Lang,
    draft: &Draft,
    signed_in: bool,
) -> Result<CreateSupportRequest, String> {
    let topic = draft.topic.unwrap_or(if signed_in {
        SupportTopic::Other
    } else {
        SupportTopic::ForgotEmail
    });
    let device_id = match draft.device_id.trim() {
        "" if topic == SupportTopic::ForgotEmail => {
            return Err(error_code_text(lang, &ErrorCode::DeviceIdRequired).to_string())
        }
        "" => None,
        typed => Some(
            DeviceId::parse(typed)
                .map_err(|problem| device_id_error_text(lang, &problem))?
                .as_str()
                .to_string(),
        ),
    };
    let contact_email = match draft.contact_email.trim() {
        "" if !signed_in => {
            return Err(error_code_text(lang, &ErrorCode::ContactEmailRequired).to_string())
        }
        "" => None,
        typed => Some(
            Email::parse(typed)
                .map_err(|_| error_code_text(lang, &ErrorCode::InvalidEmail).to_string())?
                .as_str()
                .to_string(),
        ),
    };
    let message = draft.message.trim();
    if message.is_empty() {
        return Err(t(lang, Key::MessageRequired).to_string());
    }
    Ok(CreateSupportRequest {
        topic,
        message: message.to_string(),
        device_id,
        contact_email,
    })
}

/// `/support`.
#[component]
pub fn Support() -> Element {
    let lang = use_lang();
    let services = use_services();
    let state = use_ui_state();
    let signed_in = matches!((state.session)(), SessionState::SignedIn { .. });
    let mut topic = use_signal(|| None::<SupportTopic>);
    let mut message = use_signal(String::new);
    let device_id = use_signal(String::new);
    let contact_email = use_signal(String::new);
    let mut done = use_signal(|| None::<String>);
    let action = use_action();
    let key = use_signal(Uuid::new_v4);
    let chosen = topic().unwrap_or(if signed_in {
        SupportTopic::Device
    } else {
        SupportTopic::ForgotEmail
    });
    let submit = move |()| {
        let draft = Draft {
            topic: Some(chosen),
            message: message(),
            device_id: device_id(),
            contact_email: contact_email(),
        };
        let request = match build_request(lang, &draft, signed_in) {
            Ok(request) => request,
            Err(problem) => return action.fail(problem),
        };
        if signed_in {
            match services
                .store
                .queue(SendSupportRequest::new(request), OffsetDateTime::now_utc())
            {
                Ok(_) => {
                    done.set(Some(t(lang, Key::SupportQueued).to_string()));
                }
                Err(problem) => action.fail(store_error_text(lang, &problem)),
            }
            return;
        }
        let services = services.clone();
        action.run(
            async move {
                services
                    .api
                    .support_request(&request, key())
                    .await
                    .map_err(|problem| api_error_text(lang, &problem))
            },
            move |receipt| {
                done.set(Some(tf(
                    lang,
                    Key::SupportSent,
                    &[("reference", &receipt.reference)],
                )))
            },
        );
    };
    if let Some(text) = done() {
        return rsx! {
            section { class: "screen", "data-testid": "support",
                h1 { {t(lang, Key::SupportTitle)} }
                p { class: "success", role: "status", "data-testid": "support-done", {text} }
            }
        };
    }
    rsx! {
        section { class: "screen", "data-testid": "support",
            h1 { {t(lang, Key::SupportTitle)} }
            p { class: "lead", {t(lang, Key::SupportIntro)} }
            div { class: "form",
                div { class: "field",
                    label { r#for: "support-topic", {t(lang, Key::Topic)} }
                    select {
                        id: "support-topic",
                        "data-testid": "support-topic",
                        onchange: move |event| {
                            let picked = topics(signed_in)
                                .into_iter()
                                .map(|(topic, _)| topic)
                                .find(|topic| topic.as_str() == event.value());
                            topic.set(picked);
                        },
                        for (value, label) in topics(signed_in) {
                            option { value: value.as_str(), selected: value == chosen, {t(lang, label)} }
                        }
                    }
                }
                if chosen == SupportTopic::ForgotEmail {
                    p { class: "info", {t(lang, Key::ForgotEmailHelp)} }
                }
                TextField {
                    id: "support-device-id",
                    label: t(lang, if chosen == SupportTopic::ForgotEmail { Key::DeviceIdLabel } else { Key::DeviceIdOptional }),
                    value: device_id,
                    autocomplete: "off",
                    testid: "support-device-id",
                }
                if !signed_in {
                    TextField { id: "support-email", label: t(lang, Key::ContactEmail), value: contact_email, kind: "email", autocomplete: "email", testid: "support-email" }
                }
                div { class: "field",
                    label { r#for: "support-message", {t(lang, Key::Message)} }
                    textarea {
                        id: "support-message",
                        "data-testid": "support-message",
                        rows: "5",
                        maxlength: "4000",
                        initial_value: "{message}",
                        oninput: move |event| message.set(event.value()),
                    }
                }
                ErrorMessage { text: action.error() }
                SubmitButton { action, label: t(lang, Key::Send), testid: "support-submit", onclick: submit }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forgot_email_needs_a_valid_device_id_and_an_email_to_answer() {
        let mut draft = Draft {
            topic: Some(SupportTopic::ForgotEmail),
            message: "I changed phones and forgot my email.".into(),
            ..Draft::default()
        };
        let refused = |draft: &Draft| build_request(Lang::En, draft, false).err();
        assert_eq!(
            refused(&draft).as_deref(),
            Some(error_code_text(Lang::En, &ErrorCode::DeviceIdRequired))
        );
        draft.device_id = "7K3M-2Q9W-4X1".into();
        assert!(
            refused(&draft).is_some_and(|text| text.contains("12")),
            "length explained"
        );
        draft.device_id = companion_domain::DeviceId::with_check_character("7K3M2Q9W4X1")
            .expect("valid")
            .display_grouped();
        assert_eq!(
            refused(&draft).as_deref(),
            Some(error_code_text(Lang::En, &ErrorCode::ContactEmailRequired))
        );
        draft.contact_email = "not an email".into();
        assert_eq!(
            refused(&draft).as_deref(),
            Some(error_code_text(Lang::En, &ErrorCode::InvalidEmail))
        );
        draft.contact_email = " ana@example.pt ".into();
        let request = build_request(Lang::En, &draft, false).expect("valid");
        assert_eq!(request.contact_email.as_deref(), Some("ana@example.pt"));
        assert_eq!(request.device_id.as_deref().map(str::len), Some(12));
    }

    #[test]
    fn signed_in_messages_need_only_the_message() {
        let draft = Draft {
            topic: Some(SupportTopic::Loyalty),
            message: "  ".into(),
            ..Draft::default()
        };
        assert_eq!(
            build_request(Lang::PtPt, &draft, true).err().as_deref(),
            Some(t(Lang::PtPt, Key::MessageRequired))
        );
        let draft = Draft {
            message: "Where are my points?".into(),
            ..draft
        };
        let request = build_request(Lang::PtPt, &draft, true).expect("valid");
        assert_eq!(
            (request.topic, request.device_id, request.contact_email),
            (SupportTopic::Loyalty, None, None)
        );
        assert!(!topics(true)
            .iter()
            .any(|(topic, _)| *topic == SupportTopic::ForgotEmail));
    }
}
