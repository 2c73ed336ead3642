//! One device: model, ID, registration, guarantee with its replacement history and the way
//! to request one, and removing it from the account.

use companion_client::actions::ReleaseDevice;
use companion_domain::{DeviceId, GuaranteeStatus};
use dioxus::prelude::*;
use time::OffsetDateTime;

use crate::components::{
    ConfirmBox, DeviceCard, DevicePicture, ErrorMessage, Guarantees, Icon, IconName, RequestCard,
};
use crate::i18n::{store_error_text, t, use_lang, Key};
use crate::route::Route;
use crate::services::use_services;
use crate::state::use_data;

/// `/devices/:device_id`.
#[component]
pub fn DeviceDetail(device_id: String) -> Element {
    let lang = use_lang();
    let services = use_services();
    let parsed = DeviceId::parse(&device_id).ok();
    let view = use_data(move |store| match parsed {
        Some(id) => store.device(&id),
        None => Ok(None),
    });
    let requests = use_data(|store| store.guarantee_requests());
    let points = use_data(|store| store.collection_points());
    let mut confirming = use_signal(|| false);
    let mut error = use_signal(|| None::<String>);
    let navigator = navigator();
    let view = match view() {
        Err(problem) => return rsx! { ErrorMessage { text: Some(problem) } },
        Ok(None) => {
            return rsx! {
                section { class: "screen", "data-testid": "device-detail",
                    p { {t(lang, Key::DeviceUnknownHere)} }
                    Link { class: "button", to: Route::Devices {}, {t(lang, Key::BackToDevices)} }
                }
            }
        }
        Ok(Some(view)) => view,
    };
    let id = view.device_id;
    let releasable = view.state == companion_client::store::ItemState::Synced;
    let history: Vec<_> = requests()
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.request.device_id == id)
        .collect();
    let can_request = releasable
        && view
            .device
            .as_ref()
            .is_some_and(|d| d.status == GuaranteeStatus::Active)
        && !history.iter().any(|r| r.request.status.is_open());
    let points = points().unwrap_or_default();
    rsx! {
        section { class: "screen", "data-testid": "device-detail",
            h1 { {t(lang, Key::DeviceDetailTitle)} }
            DevicePicture { model: view.device.as_ref().map(|d| d.model.clone()), large: true }
            ul { class: "device-list", DeviceCard { view } }
            if can_request {
                Link { class: "button primary wide", to: Route::Guarantee { device_id: id.as_str().to_string() }, "data-testid": "guarantee-start",
                    Icon { name: IconName::Shield }
                    {t(lang, Key::GuaranteeStart)}
                }
            }
            Link { class: "button secondary wide", to: Route::Troubleshoot { device_id: id.as_str().to_string() }, "data-testid": "troubleshoot-open",
                Icon { name: IconName::Help }
                {t(lang, Key::TroubleshootOpen)}
            }
            Guarantees {}
            if !history.is_empty() {
                h2 { {t(lang, Key::ReplacementHistory)} }
                ul { class: "device-list",
                    for request in history {
                        RequestCard { key: "{request.request.id}", view: request, points: points.clone() }
                    }
                }
            }
            ErrorMessage { text: error() }
            if releasable && !confirming() {
                button { r#type: "button", class: "button secondary", "data-testid": "device-release", onclick: move |_| confirming.set(true), {t(lang, Key::ReleaseDevice)} }
            }
            if confirming() {
                ConfirmBox {
                    label: t(lang, Key::ReleaseDevice),
                    message: t(lang, Key::ReleaseConfirm),
                    confirm_label: t(lang, Key::ReleaseDevice),
                    testid: "device-release-confirm",
                    danger: true,
                    on_confirm: move |()| match services.store.queue(ReleaseDevice { device_id: id }, OffsetDateTime::now_utc()) {
                        Ok(_) => {
                            navigator.replace(Route::Devices {});
                        }
                        Err(problem) => error.set(Some(store_error_text(lang, &problem))),
                    },
                    on_cancel: move |()| confirming.set(false),
                }
            }
            Link { class: "link", to: Route::Devices {}, {t(lang, Key::BackToDevices)} }
        }
    }
}
