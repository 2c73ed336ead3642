//! A device in a list: its picture, model, ID, registration and guarantee, and whether a
//! change waits.

use companion_client::store::{DeviceView, ItemState};
use companion_domain::GuaranteeStatus;
use dioxus::prelude::*;

use crate::components::DevicePicture;
use crate::i18n::{format_date, t, use_lang, Key};
use crate::route::Route;

/// One device, linking to its page.
#[component]
pub fn DeviceCard(view: DeviceView) -> Element {
    let lang = use_lang();
    let id = view.device_id;
    let model = view
        .device
        .as_ref()
        .map(|d| d.model.clone())
        .unwrap_or_else(|| t(lang, Key::ModelPending).to_string());
    let pending = match view.state {
        ItemState::PendingRegister | ItemState::Pending => Some(t(lang, Key::PendingTag)),
        ItemState::PendingRelease => Some(t(lang, Key::PendingReleaseTag)),
        ItemState::Synced => None,
    };
    rsx! {
        li { class: "card device", "data-testid": "device-{id.as_str()}",
            Link { to: Route::DeviceDetail { device_id: id.as_str().to_string() }, "data-testid": "open-device-{id.as_str()}",
                DevicePicture { model: view.device.as_ref().map(|d| d.model.clone()) }
                span { class: "device-names",
                    strong { class: "device-model", {model} }
                    span { class: "device-id", {id.display_grouped()} }
                }
            }
            if let Some(device) = &view.device {
                p { class: "device-meta",
                    {format!("{} {}", t(lang, Key::RegisteredOn), format_date(device.registered_at.date()))}
                }
                p { class: if device.status == GuaranteeStatus::Active { "guarantee active" } else { "guarantee expired" },
                    {match device.status {
                        GuaranteeStatus::Active => format!("{} · {} {}", t(lang, Key::GuaranteeActive), t(lang, Key::GuaranteeUntil), format_date(device.guarantee_until)),
                        GuaranteeStatus::Expired => t(lang, Key::GuaranteeExpired).to_string(),
                    }}
                }
            }
            if let Some(pending) = pending {
                span { class: "pending-tag", "data-testid": "pending", {pending} }
            }
        }
    }
}
