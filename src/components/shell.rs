//! The frame around every screen.

use dioxus::prelude::*;

use crate::components::LanguagePicker;
use crate::i18n::{t, use_lang, Key};
use crate::route::Route;

/// Layout of every route: a header with the app's name and the language picker, and the
/// current screen below. The `lang` attribute follows the chosen language so screen readers
/// pronounce the text correctly even though the page's `<html lang>` is fixed at load.
#[component]
pub fn Shell() -> Element {
    let lang = use_lang();
    rsx! {
        div { class: "app", lang: lang.tag(),
            header { class: "app-header",
                Link { class: "app-name", to: Route::Home {}, {t(lang, Key::AppName)} }
                LanguagePicker {}
            }
            main { class: "app-main", Outlet::<Route> {} }
        }
    }
}
