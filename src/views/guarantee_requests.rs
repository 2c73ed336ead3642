//! My replacement requests: where each one stands, newest first, pending ones marked.

use dioxus::prelude::*;

use crate::components::{EmptyState, ErrorMessage, IconName, RequestCard};
use crate::i18n::{t, use_lang, Key};
use crate::route::Route;
use crate::state::{use_data, use_refresh_on_open};

/// `/guarantee-requests`.
#[component]
pub fn GuaranteeRequests() -> Element {
    let lang = use_lang();
    use_refresh_on_open();
    let requests = use_data(|store| store.guarantee_requests());
    let points = use_data(|store| store.collection_points());
    let points = points().unwrap_or_default();
    let requests = match requests() {
        Ok(requests) => requests,
        Err(problem) => return rsx! { ErrorMessage { text: Some(problem) } },
    };
    rsx! {
        section { class: "screen", "data-testid": "guarantee-requests",
            h1 { {t(lang, Key::RequestsTitle)} }
            if requests.is_empty() {
                EmptyState { icon: IconName::Shield, text: t(lang, Key::NoRequests), testid: "requests-empty",
                    Link { class: "button secondary", to: Route::Devices {}, {t(lang, Key::NoRequestsAction)} }
                }
            } else {
                ul { class: "device-list",
                    for view in requests {
                        RequestCard { key: "{view.request.id}", view, points: points.clone() }
                    }
                }
            }
        }
    }
}
