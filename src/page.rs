//! The HTML page the app renders into, for both renderers: liveview serves it to the
//! browser, and the phone build hands it to the WebView as its index. One page, so both
//! have the same `lang`, title, viewport and stylesheet.

use crate::i18n::{t, Key, Lang};

/// The phone-first stylesheet, compiled in and inlined in the page: liveview serves no
/// static files by default and the `asset!` pipeline belongs to `dx`; it is small, and one
/// request fewer suits a phone anyway.
pub const STYLESHEET: &str = include_str!("../assets/main.css");

/// The page: a `#main` mount point, the viewport meta for phones, the stylesheet, and
/// `body_end` (liveview's glue script; empty on phones, where Dioxus inserts its loader
/// before `</body>`). `lang` is where the page starts; the app keeps `<html lang>` in step
/// with the customer's choice afterwards (see `App`).
pub fn index_html(lang: Lang, body_end: &str) -> String {
    let title = t(lang, Key::AppName);
    let tag = lang.tag();
    format!(
        r#"<!DOCTYPE html>
<html lang="{tag}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
{STYLESHEET}
</style>
</head>
<body>
<div id="main"></div>
{body_end}
</body>
</html>
"#
    )
}

/// The script that sets `<html lang>`: screen readers pick their voice and hyphenation
/// from it, so it must follow the language the customer picks, not the one the page
/// started in.
pub fn set_lang_script(lang: Lang) -> String {
    format!("document.documentElement.lang = {:?};", lang.tag())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_is_phone_first_with_lang_title_and_styles() {
        for lang in Lang::ALL {
            let html = index_html(lang, "<script>glue()</script>");
            assert!(html.contains(&format!(r#"<html lang="{}">"#, lang.tag())));
            assert!(html.contains(&format!("<title>{}</title>", t(lang, Key::AppName))));
            assert!(html.contains(
                r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#
            ));
            assert!(html.contains(r#"<div id="main"></div>"#));
            assert!(html.contains(STYLESHEET.trim()));
            assert!(
                html.find(r#"<div id="main">"#) < html.find("<script>glue()"),
                "scripts run after #main exists"
            );
            assert!(html.find("<script>glue()") < html.find("</body>"));
        }
    }

    #[test]
    fn the_lang_script_names_the_tag() {
        assert_eq!(
            set_lang_script(Lang::En),
            r#"document.documentElement.lang = "en";"#
        );
    }
}
