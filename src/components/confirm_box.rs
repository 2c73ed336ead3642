//! "Are you sure?": the question, the action in its own words, and a way back. Used before
//! anything that cannot be taken back from the phone alone (removing a device, spending
//! points, logging out with unsent changes).

use dioxus::prelude::*;

use crate::i18n::{t, use_lang, Key};

/// An inline confirmation, announced to screen readers as an alert dialog.
#[component]
pub fn ConfirmBox(
    /// The dialog's accessible name (what is being confirmed).
    label: String,
    /// The question.
    message: String,
    /// The confirming button's text.
    confirm_label: String,
    /// The confirming button's test hook.
    testid: String,
    /// Whether the action destroys something (red) rather than spends (accent).
    #[props(default)]
    danger: bool,
    /// Confirmed.
    on_confirm: EventHandler<()>,
    /// Cancelled.
    on_cancel: EventHandler<()>,
) -> Element {
    let lang = use_lang();
    rsx! {
        div { class: "confirm", role: "alertdialog", "aria-label": "{label}",
            p { {message} }
            button {
                r#type: "button",
                class: if danger { "button danger" } else { "button primary" },
                "data-testid": "{testid}",
                onclick: move |_| on_confirm(()),
                {confirm_label}
            }
            button { r#type: "button", class: "button secondary", onclick: move |_| on_cancel(()), {t(lang, Key::Cancel)} }
        }
    }
}
