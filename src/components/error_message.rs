//! The one way screens show a problem: a live region screen readers announce.

use dioxus::prelude::*;

/// Shows `text` as an alert, or nothing.
#[component]
pub fn ErrorMessage(text: Option<String>) -> Element {
    match text {
        Some(text) => rsx! {
            p { class: "error", role: "alert", "data-testid": "error-message", {text} }
        },
        None => rsx! {},
    }
}
