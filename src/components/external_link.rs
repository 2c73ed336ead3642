//! A link that leaves the app (the Livro de Reclamações): it says so, and opens outside.
//!
//! On a phone the WebView never follows it itself: Dioxus's webview hands every `http(s)`
//! link to the system browser (`webbrowser::open`), so the app stays where it was. In a
//! browser (liveview) it opens a new tab, without giving that page a handle on this one.

use dioxus::prelude::*;

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
            svg {
                class: "icon small",
                "aria-hidden": "true",
                "focusable": "false",
                width: "16",
                height: "16",
                view_box: "0 0 24 24",
                fill: "none",
                stroke: "currentColor",
                stroke_width: "2",
                stroke_linecap: "round",
                stroke_linejoin: "round",
                path { d: "M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5" }
            }
        }
    }
}
