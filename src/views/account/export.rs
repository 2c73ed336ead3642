//! "My data": everything the server holds about the customer (GDPR art. 15 and 20), as a
//! file to keep and on screen to read.

use companion_domain::wire::AccountExport;
use dioxus::prelude::*;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};

use crate::components::{use_action, ErrorMessage};
use crate::i18n::{api_error_text, t, tf, use_lang, Key};
use crate::services::use_services;

/// A `data:` address holding the export, for a download link that needs no server route
/// (liveview serves no files, and on a phone the WebView hands it to the system).
pub fn export_data_url(json: &str) -> String {
    format!(
        "data:application/json;charset=utf-8,{}",
        utf8_percent_encode(json, NON_ALPHANUMERIC)
    )
}

/// The export card.
#[component]
pub fn ExportData() -> Element {
    let lang = use_lang();
    let services = use_services();
    let mut export = use_signal(|| None::<(AccountExport, String)>);
    let action = use_action();
    let fetch = move |_| {
        let services = services.clone();
        action.run(
            async move {
                services
                    .api
                    .export()
                    .await
                    .map_err(|problem| api_error_text(lang, &problem))
            },
            move |data| {
                let json = serde_json::to_string_pretty(&data).unwrap_or_default();
                export.set(Some((data, json)));
            },
        );
    };
    rsx! {
        div { class: "card",
            h2 { {t(lang, Key::ExportTitle)} }
            p { class: "hint", {t(lang, Key::ExportBody)} }
            ErrorMessage { text: action.error() }
            if let Some((data, json)) = export() {
                p { class: "success", role: "status", "data-testid": "export-ready",
                    {tf(lang, Key::ExportReady, &[("devices", &data.devices.len().to_string()), ("entries", &data.loyalty_entries.len().to_string())])}
                }
                a { class: "button secondary wide", href: export_data_url(&json), download: "companion-my-data.json", "data-testid": "export-download", {t(lang, Key::ExportDownload)} }
                details { class: "export",
                    summary { {t(lang, Key::ExportShow)} }
                    pre { "data-testid": "export-json", {json.clone()} }
                }
            } else {
                button { r#type: "button", class: "button secondary wide", "data-testid": "export-button", disabled: action.busy(), onclick: fetch,
                    if action.busy() { {t(lang, Key::Working)} } else { {t(lang, Key::ExportButton)} }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_download_address_round_trips_any_text() {
        let json = "{\"name\": \"João #1 & 100% ✓\"}";
        let url = export_data_url(json);
        let (head, body) = url.split_once(',').expect("data url");
        assert_eq!(head, "data:application/json;charset=utf-8");
        assert!(
            !body.contains([' ', '#', '"']),
            "nothing that ends or breaks an address: {body}"
        );
        let decoded = percent_encoding::percent_decode_str(body)
            .decode_utf8()
            .expect("utf-8");
        assert_eq!(decoded, json);
    }
}
