//! Switches the app's language.

use dioxus::prelude::*;

use crate::i18n::{t, use_lang_signal, Key, Lang};

/// One button per language (short label, with the language's own name as its accessible
/// name); the current one is marked `aria-pressed`. Buttons rather than a `<select>` so each
/// choice is one tap on a phone and easy to target in end-to-end tests (`lang-pt-PT`,
/// `lang-en`).
#[component]
pub fn LanguagePicker() -> Element {
    let mut current = use_lang_signal();
    let lang = current();
    rsx! {
        div { class: "language-picker", role: "group", "aria-label": t(lang, Key::LanguagePicker),
            for choice in Lang::ALL {
                button {
                    r#type: "button",
                    "data-testid": "lang-{choice.tag()}",
                    lang: choice.tag(),
                    "aria-label": choice.native_name(),
                    "aria-pressed": if choice == lang { "true" } else { "false" },
                    onclick: move |_| current.set(choice),
                    {choice.short_label()}
                }
            }
        }
    }
}
