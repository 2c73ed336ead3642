//! The app's words, in European Portuguese (the default) and English.
//!
//! Every string a customer can read goes through [`t`], so that no screen hard-codes a
//! language and a translator only ever edits `pt_pt.rs` or `en.rs`. Each table is an
//! exhaustive `match` on [`Key`] with no wildcard arm: adding a key without translating it
//! into every language is a compile error, not a blank label found in production.

use dioxus::prelude::*;

mod en;
mod pt_pt;

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

    /// A two-letter label for a compact picker on a phone-width header.
    pub fn short_label(self) -> &'static str {
        match self {
            Lang::PtPt => "PT",
            Lang::En => "EN",
        }
    }
}

/// Declares [`Key`] and, for the tests, the list of all its variants, from one list so the
/// two cannot drift apart.
macro_rules! keys {
    ($($(#[$doc:meta])* $key:ident,)*) => {
        /// A message the app can show; translate it with [`t`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Key {
            $($(#[$doc])* $key,)*
        }

        impl Key {
            /// Every key, so tests can check each table without listing them again.
            #[cfg(test)]
            pub const ALL: &'static [Key] = &[$(Key::$key,)*];
        }
    };
}

keys! {
    /// The product's name, shown in the header and the page title.
    AppName,
    /// Label of the language picker (its accessible name).
    LanguagePicker,
    /// Heading of the home screen.
    HomeTitle,
    /// Body of the placeholder home screen until the real screens arrive.
    HomeComingSoon,
    /// Heading of the page shown for an address the app does not know.
    NotFoundTitle,
    /// Explanation on the not-found page.
    NotFoundBody,
    /// Link from the not-found page back to the home screen.
    NotFoundBackHome,
}

/// The text of `key` in `lang`.
pub fn t(lang: Lang, key: Key) -> &'static str {
    match lang {
        Lang::PtPt => pt_pt::text(key),
        Lang::En => en::text(key),
    }
}

/// Provides the current language to every component below; call it once, in the root.
pub fn use_lang_provider() -> Signal<Lang> {
    use_context_provider(|| Signal::new(Lang::default()))
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
            .filter(|&key| key != Key::AppName && t(Lang::PtPt, key) == t(Lang::En, key))
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
    fn all_lists_each_key_once() {
        let distinct: HashSet<Key> = Key::ALL.iter().copied().collect();
        assert_eq!(distinct.len(), Key::ALL.len());
    }
}
