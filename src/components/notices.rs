//! Messages about changes the server refused, with the reason in the customer's language.

use dioxus::prelude::*;

use crate::i18n::{t, use_lang, Key};
use crate::services::use_services;

/// Unseen notices, dismissable.
#[component]
pub fn Notices(notices: Vec<companion_client::store::Notice>) -> Element {
    let lang = use_lang();
    let services = use_services();
    if notices.is_empty() {
        return rsx! {};
    }
    let ids: Vec<i64> = notices.iter().map(|n| n.id).collect();
    rsx! {
        section { class: "notices", role: "alert", "data-testid": "notices",
            h2 { {t(lang, Key::Notices)} }
            ul {
                for notice in notices {
                    li { key: "{notice.id}",
                        {crate::i18n::api_error_text(lang, &companion_client::CallError::Refused { status: 409, code: notice.code.clone(), message: notice.message.clone() })}
                        if let Some(subject) = &notice.subject { " ({subject})" }
                        if notice.code == companion_client::ErrorCode::DeviceAlreadyRegistered {
                            if let Some(subject) = &notice.subject {
                                " "
                                Link {
                                    class: "link",
                                    to: crate::route::Route::AskTransferFor { id: subject.clone() },
                                    "data-testid": "notice-ask-transfer",
                                    {t(lang, Key::TransferFromNotice)}
                                }
                            }
                        }
                    }
                }
            }
            button {
                r#type: "button",
                class: "link-button",
                onclick: move |_| {
                    if services.store.mark_notices_seen(&ids).is_ok() {
                    }
                },
                {t(lang, Key::Dismiss)}
            }
        }
    }
}
