//! The home screen. For now a placeholder that names the app and says the screens are on
//! their way; the wallet summary, devices and sync status replace it in a later issue.

use dioxus::prelude::*;

use crate::i18n::{t, use_lang, Key};

/// `/`: the first screen a signed-in customer sees.
#[component]
pub fn Home() -> Element {
    let lang = use_lang();
    rsx! {
        section { class: "screen", "data-testid": "home",
            h1 { {t(lang, Key::HomeTitle)} }
            p { class: "lead", {t(lang, Key::HomeComingSoon)} }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    /// Renders [`Home`] to HTML with `lang` provided the way the app root provides it.
    fn render_home(lang: Lang) -> String {
        #[component]
        fn Harness(lang: Lang) -> Element {
            use_context_provider(|| Signal::new(lang));
            rsx! { Home {} }
        }
        let mut dom = VirtualDom::new_with_props(Harness, HarnessProps { lang });
        dom.rebuild_in_place();
        dioxus_ssr::render(&dom)
    }

    #[test]
    fn home_greets_in_portuguese_by_default_language() {
        let html = render_home(Lang::default());
        assert!(html.contains("data-testid=\"home\""), "{html}");
        assert!(html.contains(t(Lang::PtPt, Key::HomeTitle)), "{html}");
        assert!(html.contains("ecrãs"), "{html}");
    }

    #[test]
    fn home_speaks_english_when_asked() {
        let html = render_home(Lang::En);
        assert!(html.contains("Welcome"), "{html}");
        assert!(!html.contains(t(Lang::PtPt, Key::HomeComingSoon)), "{html}");
    }
}
