//! Light, dark, or as the phone says: the customer's choice of theme, kept on the phone.

use dioxus::prelude::*;

use crate::i18n::{t, use_lang, Key};
use crate::services::use_services;

/// Preference key under which the chosen theme is kept on the phone.
pub const THEME_PREFERENCE: &str = "theme";

/// A theme choice. `System` follows `prefers-color-scheme`; the stylesheet reads the
/// choice from the app's `data-theme` attribute.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    /// Every choice, in the order the picker shows them.
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    /// The value of `data-theme` and of the stored preference.
    pub fn tag(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The choice stored as `tag`; anything else (an older build's value, a damaged
    /// preference) is `System`, never an error.
    pub fn from_tag(tag: &str) -> Theme {
        Theme::ALL
            .into_iter()
            .find(|theme| theme.tag() == tag)
            .unwrap_or_default()
    }

    fn label(self) -> Key {
        match self {
            Theme::System => Key::ThemeSystem,
            Theme::Light => Key::ThemeLight,
            Theme::Dark => Key::ThemeDark,
        }
    }
}

/// The theme in force, for every screen (provided by `App`).
pub fn use_theme_provider(initial: Theme) -> Signal<Theme> {
    use_context_provider(|| Signal::new(initial))
}

/// The theme signal `App` provides; the system theme outside it (component tests).
pub fn use_theme() -> Signal<Theme> {
    try_use_context::<Signal<Theme>>().unwrap_or_else(|| use_signal(Theme::default))
}

/// One button per choice (`theme-system`, `theme-light`, `theme-dark`), the current one
/// `aria-pressed`; the choice applies at once and is remembered on this phone.
#[component]
pub fn ThemePicker() -> Element {
    let lang = use_lang();
    let services = use_services();
    let mut theme = use_theme();
    let current = theme();
    rsx! {
        div { class: "choice-buttons", role: "group", "aria-label": t(lang, Key::Theme),
            for choice in Theme::ALL {
                button {
                    r#type: "button",
                    class: "button secondary",
                    "data-testid": "theme-{choice.tag()}",
                    "aria-pressed": if choice == current { "true" } else { "false" },
                    onclick: {
                        let services = services.clone();
                        move |_| {
                            theme.set(choice);
                            if let Err(error) = services.store.set_preference(THEME_PREFERENCE, choice.tag()) {
                                tracing::warn!(%error, "cannot remember the theme");
                            }
                        }
                    },
                    {t(lang, choice.label())}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_theme_reads_back_and_anything_else_is_the_system_one() {
        for theme in Theme::ALL {
            assert_eq!(Theme::from_tag(theme.tag()), theme);
        }
        assert_eq!(Theme::from_tag("sepia"), Theme::System);
        assert_eq!(Theme::from_tag(""), Theme::System);
    }
}
