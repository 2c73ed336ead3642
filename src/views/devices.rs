//! My Devices: every registered device with its guarantee, pending changes marked.

use dioxus::prelude::*;

use crate::components::{DeviceCard, EmptyState, ErrorMessage, Icon, IconName};
use crate::i18n::{t, use_lang, Key};
use crate::route::Route;
use crate::state::use_data;

/// `/devices`.
#[component]
pub fn Devices() -> Element {
    let lang = use_lang();
    let devices = use_data(|store| store.devices());
    rsx! {
        section { class: "screen", "data-testid": "devices",
            h1 { {t(lang, Key::DevicesTitle)} }
            match devices() {
                Err(error) => rsx! { ErrorMessage { text: Some(error) } },
                Ok(devices) if devices.is_empty() => rsx! {
                    EmptyState { icon: IconName::Device, text: t(lang, Key::NoDevices), testid: "devices-empty",
                        Link { class: "button primary", to: Route::RegisterDevice {}, "data-testid": "devices-register-first",
                            Icon { name: IconName::Plus }
                            {t(lang, Key::RegisterFirstDevice)}
                        }
                    }
                },
                Ok(devices) => rsx! {
                    ul { class: "device-list", "data-testid": "device-list",
                        for view in devices {
                            DeviceCard { key: "{view.device_id.as_str()}", view }
                        }
                    }
                },
            }
            Link { class: "button primary", to: Route::RegisterDevice {}, "data-testid": "devices-register",
                Icon { name: IconName::Plus }
                {t(lang, Key::RegisterDevice)}
            }
            Link { class: "link", to: Route::GuaranteeRequests {}, "data-testid": "requests-link", {t(lang, Key::RequestsLink)} }
        }
    }
}
