//! The root component, shared by every renderer (liveview here, `mobile` on phones).

use dioxus::prelude::*;

use crate::components::{use_theme_provider, Theme, LANGUAGE_PREFERENCE, THEME_PREFERENCE};
use crate::deep_link::use_link_provider;
use crate::i18n::{use_lang_provider, Lang};
use crate::lifecycle::use_lifecycle_sync;
use crate::page::set_lang_script;
use crate::route::Route;
use crate::services::use_services;
use crate::state::use_ui_state_provider;
use crate::views::use_fault_prefill_provider;

/// The language a session starts in: chosen on this phone before, else the browser's or
/// system's (given by the renderer as root context), else Portuguese.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InitialLang(pub Lang);

/// The app: provides the language, the theme and the shared state to every screen and
/// hands the address to the router.
#[component]
pub fn App() -> Element {
    let services = use_services();
    let system = try_use_context::<InitialLang>()
        .map(|InitialLang(lang)| lang)
        .unwrap_or_default();
    let chosen = services
        .store
        .preference(LANGUAGE_PREFERENCE)
        .ok()
        .flatten()
        .and_then(|tag| Lang::from_tag(&tag));
    let lang = use_lang_provider(chosen.unwrap_or(system));
    let theme = services
        .store
        .preference(THEME_PREFERENCE)
        .ok()
        .flatten()
        .map(|tag| Theme::from_tag(&tag))
        .unwrap_or_default();
    use_theme_provider(theme);
    use_fault_prefill_provider();
    // `<html lang>` follows the customer's choice (screen readers read by it).
    use_effect(move || {
        let _ = document::eval(&set_lang_script(lang()));
    });
    use_ui_state_provider();
    use_link_provider();
    use_lifecycle_sync();
    rsx! { Router::<Route> {} }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{t, Key};
    use crate::state::ADULT_PREFERENCE;
    use crate::testing::{offline_phone, Screen};

    #[tokio::test]
    async fn nothing_shows_before_the_age_gate_and_yes_is_remembered() {
        let phone = offline_phone();
        let mut screen = Screen::mount(App, &phone, Lang::PtPt);
        screen.settle().await;
        let html = screen.html();
        assert!(html.contains("data-testid=\"age-gate\""), "{html}");
        assert!(html.contains(t(Lang::PtPt, Key::AgeTitle)), "{html}");
        assert!(
            !html.contains("data-testid=\"login\""),
            "nothing behind the gate shows: {html}"
        );

        screen.click("age-yes");
        screen.settle().await;
        let html = screen.html();
        assert!(
            html.contains("data-testid=\"login\""),
            "signed out, home leads to log in: {html}"
        );
        assert_eq!(
            phone
                .services
                .store
                .preference(ADULT_PREFERENCE)
                .expect("read")
                .as_deref(),
            Some("yes")
        );

        // A new session on the same phone skips the gate.
        let mut again = Screen::mount(App, &phone, Lang::PtPt);
        again.settle().await;
        assert!(!again.html().contains("age-gate"));
    }

    #[tokio::test]
    async fn under_eighteen_closes_the_door_kindly() {
        let phone = offline_phone();
        let mut screen = Screen::mount(App, &phone, Lang::En);
        screen.settle().await;
        screen.click("age-no");
        let html = screen.html();
        assert!(html.contains("data-testid=\"age-refused\""), "{html}");
        assert!(html.contains(t(Lang::En, Key::AgeRefusedBody)), "{html}");
        assert_eq!(
            phone
                .services
                .store
                .preference(ADULT_PREFERENCE)
                .expect("read"),
            None
        );
    }

    #[tokio::test]
    async fn the_language_follows_the_browser_and_the_choice_is_remembered() {
        let phone = offline_phone();
        let mut screen = Screen::mount(App, &phone, Lang::En);
        screen.settle().await;
        assert!(screen.html().contains(t(Lang::En, Key::AgeTitle)));
        screen.click("lang-pt-PT");
        assert!(screen.html().contains(t(Lang::PtPt, Key::AgeTitle)));
        // The phone now speaks Portuguese even to an English browser.
        let mut again = Screen::mount(App, &phone, Lang::En);
        again.settle().await;
        assert!(again.html().contains(t(Lang::PtPt, Key::AgeTitle)));
    }
}
