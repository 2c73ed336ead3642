//! The page for addresses the app does not know (a mistyped or outdated deep link).

use dioxus::prelude::*;

use crate::i18n::{t, use_lang, Key};
use crate::route::Route;

/// Any unknown address: says so plainly and offers the way home, so a customer following an
/// old link is never left on a blank screen.
#[component]
pub fn NotFound(segments: Vec<String>) -> Element {
    // The segments are not shown: echoing an arbitrary address back adds nothing for the
    // customer. They stay in the route so logs and tests can see what was asked for.
    let _ = segments;
    let lang = use_lang();
    rsx! {
        section { class: "screen", "data-testid": "not-found",
            h1 { {t(lang, Key::NotFoundTitle)} }
            p { {t(lang, Key::NotFoundBody)} }
            Link { class: "button", to: Route::Home {}, {t(lang, Key::NotFoundBackHome)} }
        }
    }
}
