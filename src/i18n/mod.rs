//! The app's words, in European Portuguese (the default) and English.
//!
//! Every string a customer can read goes through [`t`], so that no screen hard-codes a
//! language and a translator only ever edits `pt_pt.rs` or `en.rs`. Each table is an
//! exhaustive `match` on [`Key`] with no wildcard arm: adding a key without translating it
//! into every language is a compile error, not a blank label found in production.

use dioxus::prelude::*;

mod en;
mod errors;
mod keys;
mod pt_pt;

pub use errors::{
    api_error_text, device_id_error_text, error_code_text, password_check_error_text,
    session_error_text, store_error_text,
};
pub use keys::Key;

/// A language the app speaks.
///
/// European Portuguese is the default because the product launches in Portugal; English is
/// for visitors and staff. The choice lives in a [`Signal`] in the root context (see
/// [`use_lang`]) so that switching re-renders every screen at once.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Português (Portugal) — BCP 47 `pt-PT`.
    #[default]
    PtPt,
    /// English — BCP 47 `en`.
    En,
}

impl Lang {
    /// Every language, in the order a language picker shows them.
    pub const ALL: [Lang; 2] = [Lang::PtPt, Lang::En];

    /// The account API's code for the language (`pt`, `en`).
    pub fn account_code(self) -> &'static str {
        match self {
            Lang::PtPt => "pt",
            Lang::En => "en",
        }
    }

    /// The BCP 47 tag, for `lang` attributes (screen readers pick their voice from it).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::PtPt => "pt-PT",
            Lang::En => "en",
        }
    }

    /// The language's name in that language itself (an endonym), so that a customer who
    /// cannot read the current language still recognises their own.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::PtPt => "Português",
            Lang::En => "English",
        }
    }

    /// The language for an `Accept-Language` header or a system locale such as `en-GB` or
    /// `pt_PT.UTF-8`: the first one the app speaks, Portuguese otherwise.
    pub fn from_locales(locales: &str) -> Lang {
        locales
            .split(',')
            .map(|part| {
                part.split(';')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase()
            })
            .find_map(|tag| {
                if tag.starts_with("pt") {
                    Some(Lang::PtPt)
                } else if tag.starts_with("en") {
                    Some(Lang::En)
                } else {
                    None
                }
            })
            .unwrap_or_default()
    }

    /// Parses [`Lang::tag`] (a stored preference).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.tag() == tag)
    }

    /// A two-letter label for a compact picker on a phone-width header.
    pub fn short_label(self) -> &'static str {
        match self {
            Lang::PtPt => "PT",
            Lang::En => "EN",
        }
    }
}

/// The text of `key` in `lang`.
pub fn t(lang: Lang, key: Key) -> &'static str {
    match lang {
        Lang::PtPt => pt_pt::text(key),
        Lang::En => en::text(key),
    }
}

/// The text of `key` with `{name}` placeholders filled in.
pub fn tf(lang: Lang, key: Key, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(t(lang, key).to_string(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

/// A calendar date as people in Portugal write it (the same in English here): 15/06/2029.
pub fn format_date(date: time::Date) -> String {
    format!(
        "{:02}/{:02}/{}",
        date.day(),
        u8::from(date.month()),
        date.year()
    )
}

/// The name of a tier.
pub fn tier_name(lang: Lang, tier: companion_domain::Tier) -> &'static str {
    use companion_domain::Tier;
    t(
        lang,
        match tier {
            Tier::Silver => Key::TierSilver,
            Tier::Gold => Key::TierGold,
            Tier::Platinum => Key::TierPlatinum,
        },
    )
}

/// Provides the current language to every component below; call it once, in the root.
pub fn use_lang_provider(initial: Lang) -> Signal<Lang> {
    use_context_provider(|| Signal::new(initial))
}

/// The language signal provided by [`use_lang_provider`], for components that change it.
pub fn use_lang_signal() -> Signal<Lang> {
    use_context::<Signal<Lang>>()
}

/// The current language; reading it subscribes the calling component, so it re-renders
/// when the customer switches language.
pub fn use_lang() -> Lang {
    use_lang_signal()()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_key_is_translated_into_every_language() {
        for lang in Lang::ALL {
            for &key in Key::ALL {
                let text = t(lang, key);
                assert!(
                    !text.trim().is_empty(),
                    "{key:?} is empty in {}",
                    lang.tag()
                );
                assert_eq!(
                    text,
                    text.trim(),
                    "{key:?} has stray spaces in {}",
                    lang.tag()
                );
            }
        }
    }

    #[test]
    fn the_languages_are_really_different_tables() {
        // The app's name is the same everywhere; every sentence must differ, which catches
        // a table copied from the other language and never translated.
        let same: Vec<Key> = Key::ALL
            .iter()
            .copied()
            .filter(|&key| {
                !matches!(key, Key::AppName | Key::CountryPortugal)
                    && t(Lang::PtPt, key) == t(Lang::En, key)
            })
            .collect();
        assert!(same.is_empty(), "untranslated keys: {same:?}");
    }

    #[test]
    fn portuguese_is_the_default_and_tags_are_distinct() {
        assert_eq!(Lang::default(), Lang::PtPt);
        assert_eq!(Lang::default().tag(), "pt-PT");
        let tags: HashSet<&str> = Lang::ALL.iter().map(|lang| lang.tag()).collect();
        assert_eq!(tags.len(), Lang::ALL.len());
    }

    #[test]
    fn the_language_follows_the_browser_or_system_locale() {
        assert_eq!(Lang::from_locales("en-GB,en;q=0.9,pt;q=0.5"), Lang::En);
        assert_eq!(Lang::from_locales("fr-FR, pt-PT;q=0.8"), Lang::PtPt);
        assert_eq!(Lang::from_locales("de-DE"), Lang::PtPt);
        assert_eq!(Lang::from_locales("en_US.UTF-8"), Lang::En);
        assert_eq!(Lang::from_tag("en"), Some(Lang::En));
        assert_eq!(Lang::from_tag("xx"), None);
    }

    #[test]
    fn placeholders_are_filled() {
        let text = tf(
            Lang::En,
            Key::ToNextTier,
            &[("points", "300"), ("tier", "Gold")],
        );
        assert_eq!(text, "300 points to Gold");
        let text = tf(Lang::PtPt, Key::SyncPending, &[("count", "2")]);
        assert_eq!(text, "Pendentes: 2");
    }

    #[test]
    fn all_lists_each_key_once() {
        let distinct: HashSet<Key> = Key::ALL.iter().copied().collect();
        assert_eq!(distinct.len(), Key::ALL.len());
    }
}
