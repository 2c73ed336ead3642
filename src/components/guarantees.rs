//! The legal guarantee and the Voluntary Guarantee side by side on a device's page, so a
//! customer knows what each gives and which one a request in the app uses.

use companion_domain::guarantee::{GUARANTEE_YEARS, LEGAL_GUARANTEE_YEARS};
use dioxus::prelude::*;

use crate::i18n::{t, tf, use_lang, Key};

/// The two guarantees, explained.
#[component]
pub fn Guarantees() -> Element {
    let lang = use_lang();
    let legal = tf(
        lang,
        Key::LegalGuaranteeText,
        &[("years", &LEGAL_GUARANTEE_YEARS.to_string())],
    );
    let ours = tf(
        lang,
        Key::VoluntaryGuaranteeText,
        &[("years", &GUARANTEE_YEARS.to_string())],
    );
    rsx! {
        section { class: "card guarantees", "data-testid": "guarantees", "aria-labelledby": "guarantees-title",
            h2 { id: "guarantees-title", {t(lang, Key::GuaranteesH)} }
            div { class: "guarantee-pair",
                div { class: "guarantee-kind", "data-testid": "guarantee-legal",
                    h3 { {t(lang, Key::LegalGuaranteeH)} }
                    p { {legal} }
                }
                div { class: "guarantee-kind ours", "data-testid": "guarantee-voluntary",
                    h3 { {t(lang, Key::VoluntaryGuaranteeH)} }
                    p { {ours} }
                }
            }
            p { class: "hint", {t(lang, Key::GuaranteesNote)} }
        }
    }
}
