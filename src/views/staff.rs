//! Staff mode, for a sales assistant's login: sign a customer up in the shop after checking
//! their age on an identity document, and add points for a purchase by member code. Both
//! need the network (the shop has it); a failure keeps what was typed, and one
//! idempotency key per filled form means a retry after a lost answer never counts twice.

use companion_domain::loyalty::points_for_purchase;
use companion_domain::wire::{StaffPurchaseRequest, StaffSignUpRequest};
use dioxus::prelude::*;
use uuid::Uuid;

use crate::components::{use_action, CheckboxField, ErrorMessage, SubmitButton, TextField};
use crate::i18n::{api_error_text, t, tf, use_lang, Key};
use crate::services::use_services;

/// Reads an amount in euros as typed at a till ("12,50", "12.5", "€ 7", "1 234,00") into
/// cents; `None` for anything else, including more than two decimals.
pub fn parse_euros(text: &str) -> Option<i64> {
    let cleaned: String = text
        .trim()
        .trim_start_matches('€')
        .trim_end_matches('€')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let (whole, fraction) = match cleaned.rsplit_once([',', '.']) {
        Some((whole, fraction)) => (whole, fraction),
        None => (cleaned.as_str(), ""),
    };
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || fraction.len() > 2
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let euros: i64 = whole.parse().ok()?;
    let cents: i64 = format!("{fraction:0<2}").parse().ok()?;
    euros.checked_mul(100)?.checked_add(cents)
}

/// `/staff`.
#[component]
pub fn Staff() -> Element {
    let lang = use_lang();
    let mut signup_round = use_signal(|| 0u32);
    let mut purchase_round = use_signal(|| 0u32);
    rsx! {
        section { class: "screen", "data-testid": "staff",
            h1 { {t(lang, Key::StaffTitle)} }
            p { class: "lead", {t(lang, Key::StaffIntro)} }
            // A new round remounts the form: empty fields and a fresh idempotency key.
            AssistedSignUp { key: "signup-{signup_round}", on_next: move |()| signup_round += 1 }
            RecordPurchase { key: "purchase-{purchase_round}", on_next: move |()| purchase_round += 1 }
        }
    }
}

/// Assisted sign-up: the customer gets an email to choose a password.
#[component]
fn AssistedSignUp(on_next: EventHandler<()>) -> Element {
    let lang = use_lang();
    let services = use_services();
    let email = use_signal(String::new);
    let given = use_signal(String::new);
    let family = use_signal(String::new);
    let birth_date = use_signal(String::new);
    let age_checked = use_signal(|| false);
    let terms = use_signal(|| false);
    let marketing = use_signal(|| false);
    let mut done = use_signal(|| None::<String>);
    let action = use_action();
    let key = use_signal(Uuid::new_v4);
    let submit = move |()| {
        let services = services.clone();
        let request = StaffSignUpRequest {
            email: email().trim().to_string(),
            given_name: given(),
            family_name: family(),
            birth_date: birth_date(),
            country: "PT".into(),
            age_verified_in_person: age_checked(),
            accept_terms: terms(),
            marketing_opt_in: marketing(),
        };
        action.run(
            async move {
                services
                    .api
                    .staff_sign_up(&request, key())
                    .await
                    .map_err(|problem| api_error_text(lang, &problem))
            },
            move |account| {
                done.set(Some(tf(
                    lang,
                    Key::CustomerInvited,
                    &[("email", &account.email)],
                )))
            },
        );
    };
    rsx! {
        div { class: "card",
            h2 { {t(lang, Key::AssistedSignUp)} }
            if let Some(message) = done() {
                p { class: "success", role: "status", "data-testid": "staff-signup-done", {message} }
                button { r#type: "button", class: "button secondary wide", "data-testid": "staff-signup-next", onclick: move |_| on_next(()), {t(lang, Key::NextCustomer)} }
            } else {
                div { class: "form",
                    p { class: "hint", {t(lang, Key::AssistedSignUpHelp)} }
                    TextField { id: "staff-email", label: t(lang, Key::CustomerEmail), value: email, kind: "email", autocomplete: "off", testid: "staff-email" }
                    TextField { id: "staff-given", label: t(lang, Key::GivenName), value: given, autocomplete: "off", testid: "staff-given-name" }
                    TextField { id: "staff-family", label: t(lang, Key::FamilyName), value: family, autocomplete: "off", testid: "staff-family-name" }
                    TextField { id: "staff-birth", label: t(lang, Key::BirthDate), value: birth_date, kind: "date", autocomplete: "off", testid: "staff-birth-date" }
                    CheckboxField { id: "staff-age", label: t(lang, Key::AgeCheckedInPerson), checked: age_checked, testid: "staff-age-checked" }
                    CheckboxField { id: "staff-terms", label: t(lang, Key::CustomerAcceptsTerms), checked: terms, testid: "staff-terms" }
                    CheckboxField { id: "staff-marketing", label: t(lang, Key::CustomerMarketing), checked: marketing, testid: "staff-marketing" }
                    ErrorMessage { text: action.error() }
                    SubmitButton { action, label: t(lang, Key::CreateAccount), testid: "staff-signup-submit", onclick: submit }
                }
            }
        }
    }
}

/// Points for a purchase, by the member code under the customer's QR.
#[component]
fn RecordPurchase(on_next: EventHandler<()>) -> Element {
    let lang = use_lang();
    let services = use_services();
    let member_code = use_signal(String::new);
    let amount = use_signal(String::new);
    let receipt = use_signal(String::new);
    let mut done = use_signal(|| None::<String>);
    let action = use_action();
    let key = use_signal(Uuid::new_v4);
    let cents = parse_euros(&amount.read());
    let preview = cents.map(|cents| {
        tf(
            lang,
            Key::PointsPreview,
            &[("points", &points_for_purchase(cents).to_string())],
        )
    });
    let typed_amount = !amount.read().trim().is_empty();
    let submit = move |()| {
        let code = member_code().trim().to_ascii_uppercase();
        let reference = receipt().trim().to_string();
        let problem = if code.is_empty() {
            Some(Key::MemberCodeRequired)
        } else if cents.is_none() {
            Some(Key::AmountInvalid)
        } else if reference.is_empty() {
            Some(Key::ReceiptRequired)
        } else {
            None
        };
        if let Some(problem) = problem {
            return action.fail(t(lang, problem).to_string());
        }
        let request = StaffPurchaseRequest {
            member_code: code,
            amount_cents: cents.unwrap_or_default(),
            receipt_reference: reference,
        };
        let services = services.clone();
        action.run(
            async move {
                services
                    .api
                    .staff_purchase(&request, key())
                    .await
                    .map_err(|problem| api_error_text(lang, &problem))
            },
            move |receipt| {
                done.set(Some(tf(
                    lang,
                    Key::PointsAdded,
                    &[("points", &receipt.points.to_string())],
                )))
            },
        );
    };
    rsx! {
        div { class: "card",
            h2 { {t(lang, Key::RecordPurchase)} }
            if let Some(message) = done() {
                p { class: "success", role: "status", "data-testid": "staff-purchase-done", {message} }
                button { r#type: "button", class: "button secondary wide", "data-testid": "staff-purchase-next", onclick: move |_| on_next(()), {t(lang, Key::NextCustomer)} }
            } else {
                div { class: "form",
                    TextField { id: "staff-member-code", label: t(lang, Key::MemberCodeInput), value: member_code, autocomplete: "off", testid: "staff-member-code" }
                    TextField {
                        id: "staff-amount",
                        label: t(lang, Key::AmountLabel),
                        value: amount,
                        autocomplete: "off",
                        testid: "staff-amount",
                        help: if typed_amount { Some(preview.clone().unwrap_or_else(|| t(lang, Key::AmountInvalid).to_string())) } else { None },
                        invalid: typed_amount && preview.is_none(),
                    }
                    TextField { id: "staff-receipt", label: t(lang, Key::ReceiptReference), value: receipt, autocomplete: "off", testid: "staff-receipt" }
                    ErrorMessage { text: action.error() }
                    SubmitButton { action, label: t(lang, Key::AddPoints), testid: "staff-purchase-submit", onclick: submit }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euros_are_read_as_typed_at_a_till() {
        for (typed, cents) in [
            ("12,50", Some(1250)),
            ("12.5", Some(1250)),
            ("€ 7", Some(700)),
            ("7 €", Some(700)),
            ("1 234,05", Some(123_405)),
            ("0,99", Some(99)),
            ("", None),
            ("12,505", None),
            ("-3", None),
            ("abc", None),
            (",50", None),
            ("99999999999999999999", None),
        ] {
            assert_eq!(parse_euros(typed), cents, "{typed:?}");
        }
    }
}

#[cfg(test)]
mod screen_tests {
    use companion_domain::wire::Role;

    use crate::app::App;
    use crate::i18n::{t, Key, Lang};
    use crate::testing::{signed_in_phone, test_account, Screen};

    #[tokio::test]
    async fn a_sales_assistant_lands_in_the_shop_and_never_sees_a_wallet() {
        let phone = signed_in_phone();
        let staff = companion_domain::wire::Account {
            role: Role::Staff,
            ..test_account()
        };
        phone.services.store.save_account(&staff).expect("cached");
        let mut screen = Screen::mount_at(App, &phone, Lang::En, "/wallet");
        screen.settle().await;
        let html = screen.html();
        assert!(
            html.contains("data-testid=\"staff\"") && !html.contains("data-testid=\"wallet\""),
            "{html}"
        );
        assert!(
            html.contains("data-testid=\"nav-shop\"")
                && !html.contains("data-testid=\"nav-wallet\""),
            "{html}"
        );

        screen.type_text("staff-amount", "12,5");
        assert!(
            screen.html().contains("Earns 12 points"),
            "{}",
            screen.html()
        );
        screen.type_text("staff-amount", "12,505");
        assert!(
            screen.html().contains(t(Lang::En, Key::AmountInvalid)),
            "{}",
            screen.html()
        );
        screen.type_text("staff-member-code", "WXX7N73QV2");
        screen.type_text("staff-amount", "12,50");
        screen.click("staff-purchase-submit");
        assert!(
            screen.html().contains(t(Lang::En, Key::ReceiptRequired)),
            "{}",
            screen.html()
        );
        screen.type_text("staff-receipt", "T-1001");
        screen.click("staff-purchase-submit");
        screen.settle().await;
        let html = screen.html();
        assert!(html.contains(t(Lang::En, Key::ErrorOffline)), "{html}");
        assert!(html.contains("value=\"T-1001\""), "kept: {html}");
    }

    #[tokio::test]
    async fn a_customer_cannot_open_the_shop_screen() {
        let phone = signed_in_phone();
        let mut screen = Screen::mount_at(App, &phone, Lang::En, "/staff");
        screen.settle().await;
        let html = screen.html();
        assert!(
            html.contains("data-testid=\"home\"") && !html.contains("data-testid=\"staff\""),
            "{html}"
        );
    }
}
