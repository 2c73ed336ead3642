//! The first-launch age gate: nothing of the app is shown before it is answered. "Yes" is
//! remembered on the phone; "no" closes the door kindly (and is not remembered, so a
//! mistaken tap is not final).

use dioxus::prelude::*;

use crate::i18n::{t, use_lang, Key};
use crate::services::use_services;
use crate::state::{use_ui_state, ADULT_PREFERENCE};

/// Shown instead of any screen until the customer confirms they are 18 or over.
#[component]
pub fn AgeGate() -> Element {
    let lang = use_lang();
    let services = use_services();
    let mut adult = use_ui_state().adult;
    let mut refused = use_signal(|| false);
    if refused() {
        return rsx! {
            section { class: "screen gate", "data-testid": "age-refused",
                h1 { {t(lang, Key::AgeRefusedTitle)} }
                p { {t(lang, Key::AgeRefusedBody)} }
            }
        };
    }
    rsx! {
        section { class: "screen gate", "data-testid": "age-gate",
            h1 { {t(lang, Key::AgeTitle)} }
            p { class: "lead", {t(lang, Key::AgeBody)} }
            div { class: "actions",
                button {
                    r#type: "button",
                    class: "button primary",
                    "data-testid": "age-yes",
                    onclick: move |_| {
                        if let Err(error) = services.store.set_preference(ADULT_PREFERENCE, "yes") {
                            tracing::warn!(%error, "cannot remember the age answer");
                        }
                        adult.set(true);
                    },
                    {t(lang, Key::AgeYes)}
                }
                button {
                    r#type: "button",
                    class: "button secondary",
                    "data-testid": "age-no",
                    onclick: move |_| refused.set(true),
                    {t(lang, Key::AgeNo)}
                }
            }
        }
    }
}
