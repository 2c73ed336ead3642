//! My Devices: every registered device with its guarantee, pending changes marked.

use dioxus::prelude::*;

use super::Transfers;
use crate::components::{DeviceCard, EmptyState, ErrorMessage, Icon, IconName};
use crate::i18n::{t, use_lang, Key};
use crate::route::Route;
use crate::state::{use_data, use_refresh_on_open};

/// `/devices`.
#[component]
pub fn Devices() -> Element {
    let lang = use_lang();
    // Opening My Devices asks for news (a transfer someone asked for, a device moved).
    use_refresh_on_open();
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
            Transfers {}
            Link { class: "link", to: Route::AskTransfer {}, "data-testid": "transfer-open", {t(lang, Key::TransferOpen)} }
            Link { class: "link", to: Route::GuaranteeRequests {}, "data-testid": "requests-link", {t(lang, Key::RequestsLink)} }
        }
    }
}
