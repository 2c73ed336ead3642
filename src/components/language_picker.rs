//! Switches the app's language.

use companion_client::actions::ChangeLanguage;
use dioxus::prelude::*;

use crate::i18n::{t, use_lang_signal, Key, Lang};
use crate::services::use_services;

/// Preference key under which the chosen language is kept on the phone.
pub const LANGUAGE_PREFERENCE: &str = "language";

/// One button per language (short label, with the language's own name as its accessible
/// name); the current one is marked `aria-pressed`. Buttons rather than a `<select>` so each
/// choice is one tap on a phone and easy to target in end-to-end tests (`lang-pt-PT`,
/// `lang-en`). The choice is remembered on the phone and, signed in, sent to the account
/// (its emails and notifications follow it).
#[component]
pub fn LanguagePicker() -> Element {
    let mut current = use_lang_signal();
    let services = use_services();
    let lang = current();
    rsx! {
        div { class: "language-picker", role: "group", "aria-label": t(lang, Key::LanguagePicker),
            for choice in Lang::ALL {
                button {
                    r#type: "button",
                    "data-testid": "lang-{choice.tag()}",
                    lang: choice.tag(),
                    // The visible code first, then the language's own name: speech users say
                    // what they see ("PT"), screen readers hear the full name.
                    "aria-label": "{choice.short_label()} – {choice.native_name()}",
                    "aria-pressed": if choice == lang { "true" } else { "false" },
                    onclick: {
                        let services = services.clone();
                        move |_| {
                            current.set(choice);
                            if let Err(error) = services.store.set_preference(LANGUAGE_PREFERENCE, choice.tag()) {
                                tracing::warn!(%error, "cannot remember the language");
                            }
                            // Signed in, the account's emails follow (queued like any change).
                            let change = ChangeLanguage { language: choice.account_code().to_string() };
                            if let Err(error) = services.store.queue(change, time::OffsetDateTime::now_utc()) {
                                tracing::warn!(%error, "cannot queue the language change");
                            }
                        }
                    },
                    {choice.short_label()}
                }
            }
        }
    }
}
