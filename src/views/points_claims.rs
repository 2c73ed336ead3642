//! "Missing points?": the customer names a receipt that earned nothing (queued offline
//! like every change) and follows each claim to its decision.

use companion_client::actions::FilePointsClaim;
use companion_client::store::ClaimView;
use companion_domain::wire::{NewPointsClaim, PointsClaimStatus};
use dioxus::prelude::*;
use time::OffsetDateTime;

use super::staff::parse_euros;
use crate::components::{ErrorMessage, TextField};
use crate::i18n::{format_date, store_error_text, t, tf, use_lang, Key, Lang};
use crate::services::use_services;
use crate::state::{use_data, use_refresh_on_open};

/// `/wallet/claims`.
#[component]
pub fn PointsClaims() -> Element {
    let lang = use_lang();
    use_refresh_on_open();
    let services = use_services();
    let claims = use_data(|store| store.points_claims());
    let shop = use_signal(String::new);
    let receipt = use_signal(String::new);
    let day = use_signal(String::new);
    let amount = use_signal(String::new);
    let mut error = use_signal(|| None::<String>);
    let mut sent = use_signal(|| false);
    let cents = parse_euros(&amount.read());
    let typed_amount = !amount.read().trim().is_empty();

    let submit = move |_| {
        sent.set(false);
        let problem = if shop().trim().is_empty() || receipt().trim().is_empty() {
            Some(Key::ClaimFieldsRequired)
        } else if day().trim().is_empty() {
            Some(Key::ClaimDateRequired)
        } else if parse_euros(&amount()).is_none() {
            Some(Key::AmountInvalid)
        } else {
            None
        };
        if let Some(problem) = problem {
            error.set(Some(t(lang, problem).to_string()));
            return;
        }
        let claim = NewPointsClaim {
            shop: shop().trim().to_string(),
            receipt_reference: receipt().trim().to_string(),
            purchased_on: day().trim().to_string(),
            amount_cents: parse_euros(&amount()).unwrap_or_default(),
        };
        match services
            .store
            .queue(FilePointsClaim::new(claim), OffsetDateTime::now_utc())
        {
            Ok(_) => {
                error.set(None);
                sent.set(true);
                for mut field in [shop, receipt, day, amount] {
                    field.set(String::new());
                }
            }
            Err(problem) => error.set(Some(store_error_text(lang, &problem))),
        }
    };

    rsx! {
        section { class: "screen", "data-testid": "points-claims",
            h1 { {t(lang, Key::ClaimsTitle)} }
            p { class: "lead", {t(lang, Key::ClaimsIntro)} }
            div { class: "card form",
                TextField { id: "claim-shop", label: t(lang, Key::ClaimShop), value: shop, autocomplete: "off", testid: "claim-shop" }
                TextField { id: "claim-receipt", label: t(lang, Key::ClaimReceipt), value: receipt, autocomplete: "off", testid: "claim-receipt" }
                TextField { id: "claim-date", label: t(lang, Key::ClaimDate), value: day, kind: "date", testid: "claim-date" }
                TextField {
                    id: "claim-amount",
                    label: t(lang, Key::ClaimAmount),
                    value: amount,
                    autocomplete: "off",
                    testid: "claim-amount",
                    help: if typed_amount && cents.is_none() { Some(t(lang, Key::AmountInvalid).to_string()) } else { None },
                    invalid: typed_amount && cents.is_none(),
                }
                ErrorMessage { text: error() }
                if sent() {
                    p { class: "success", role: "status", "data-testid": "claim-sent", {t(lang, Key::ClaimSent)} }
                }
                button { r#type: "button", class: "button primary wide", "data-testid": "claim-submit", onclick: submit, {t(lang, Key::ClaimSubmit)} }
            }
            h2 { {t(lang, Key::YourClaims)} }
            match claims() {
                Err(problem) => rsx! { ErrorMessage { text: Some(problem) } },
                Ok(list) if list.is_empty() => rsx! { p { class: "empty", {t(lang, Key::NoClaims)} } },
                Ok(list) => rsx! {
                    ul { class: "device-list", "data-testid": "claims",
                        for view in list {
                            ClaimCard { key: "{view.claim.id}", view }
                        }
                    }
                },
            }
        }
    }
}

/// Where a claim stands, in words.
fn claim_status_text(lang: Lang, view: &ClaimView) -> String {
    if view.pending {
        return t(lang, Key::PendingTag).to_string();
    }
    match view.claim.status {
        PointsClaimStatus::Open => t(lang, Key::ClaimOpen).to_string(),
        PointsClaimStatus::Credited => tf(
            lang,
            Key::ClaimCredited,
            &[("points", &view.claim.points.unwrap_or_default().to_string())],
        ),
        PointsClaimStatus::Rejected => tf(
            lang,
            Key::ClaimRejected,
            &[("reason", view.claim.reason.as_deref().unwrap_or_default())],
        ),
    }
}

/// One claim: the receipt, its reference once filed, and where it stands.
#[component]
fn ClaimCard(view: ClaimView) -> Element {
    let lang = use_lang();
    let claim = &view.claim;
    let status_class = match (view.pending, claim.status) {
        (true, _) | (false, PointsClaimStatus::Open) => "request-status open",
        (false, PointsClaimStatus::Credited) => "request-status done",
        (false, PointsClaimStatus::Rejected) => "request-status closed",
    };
    rsx! {
        li { class: "card", "data-testid": "points-claim-{claim.receipt_reference}",
            strong { {tf(lang, Key::ClaimLine, &[("receipt", &claim.receipt_reference), ("shop", &claim.shop), ("date", &format_date(claim.purchased_on))])} }
            if !claim.reference.is_empty() {
                p { class: "detail", {claim.reference.clone()} }
            }
            p { class: "{status_class}", role: "status", "data-testid": "claim-status", {claim_status_text(lang, &view)} }
        }
    }
}
