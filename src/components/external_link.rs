//! A link that leaves the app (the Livro de Reclamações): it says so, and opens outside.
//!
//! On a phone the WebView never follows it itself: Dioxus's webview hands every `http(s)`
//! link to the system browser (`webbrowser::open`), so the app stays where it was. In a
//! browser (liveview) it opens a new tab, without giving that page a handle on this one.

use dioxus::prelude::*;

use crate::components::{Icon, IconName};
use crate::i18n::{t, use_lang, Key};

/// `text`, linking to `href` outside the app; screen readers also hear that it leaves.
#[component]
pub fn ExternalLink(
    href: &'static str,
    text: String,
    testid: String,
    #[props(default)] class: String,
) -> Element {
    let lang = use_lang();
    rsx! {
        a {
            class: "external {class}",
            href: href,
            target: "_blank",
            rel: "noopener noreferrer",
            "data-testid": "{testid}",
            {text}
            span { class: "visually-hidden", {format!(" ({})", t(lang, Key::OpensOutside))} }
            Icon { name: IconName::External, small: true }
        }
    }
}
