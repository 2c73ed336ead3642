//! Register a device: scan its code with the camera or from a photo (first), or type its
//! ID. A scanned ID is shown for confirmation before it is registered. Typing validates as
//! you type: wrong length, a character that is not used in IDs (with its position), and the
//! check character with the 8/B-style hint.

use companion_client::actions;
use companion_domain::wire::DeviceSource;
use companion_domain::DeviceId;
use dioxus::prelude::*;
use time::OffsetDateTime;

use crate::components::{is_enter, ErrorMessage, Scanner, TextField};
use crate::i18n::{device_id_error_text, store_error_text, t, tf, use_lang, Key};
use crate::route::Route;
use crate::services::use_services;

/// `/devices/register`.
#[component]
pub fn RegisterDevice() -> Element {
    rsx! { RegisterForm { initial: String::new() } }
}

/// `/devices/register/:id`: the ID came from a link (a QR code on the box).
#[component]
pub fn RegisterDeviceWithId(id: String) -> Element {
    rsx! { RegisterForm { initial: id } }
}

#[component]
fn RegisterForm(initial: String) -> Element {
    let lang = use_lang();
    let services = use_services();
    let typed = use_signal(move || initial.clone());
    let mut error = use_signal(|| None::<String>);
    let mut done = use_signal(|| None::<&'static str>);
    let parsed = DeviceId::parse(&typed.read());
    let (help, invalid) = match (&parsed, typed.read().trim().is_empty()) {
        (_, true) => (t(lang, Key::DeviceIdHelp).to_string(), false),
        (Ok(_), false) => (t(lang, Key::DeviceIdLooksRight).to_string(), false),
        (Err(problem), false) => (device_id_error_text(lang, problem), true),
    };
    let mut scanned = use_signal(|| None::<(DeviceId, DeviceSource)>);
    let register = use_callback(move |(id, source): (DeviceId, DeviceSource)| {
        match services.store.queue(
            actions::RegisterDevice {
                device_id: id,
                source,
            },
            OffsetDateTime::now_utc(),
        ) {
            Ok(Some(_)) => {
                done.set(Some(t(lang, Key::DeviceQueued)));
            }
            Ok(None) => done.set(Some(t(lang, Key::AlreadyInList))),
            Err(problem) => error.set(Some(store_error_text(lang, &problem))),
        }
    });
    let submit = use_callback(move |()| {
        error.set(None);
        match DeviceId::parse(&typed.read()) {
            Err(problem) => error.set(Some(device_id_error_text(lang, &problem))),
            Ok(id) => register((id, DeviceSource::Manual)),
        }
    });
    rsx! {
        section { class: "screen", "data-testid": "register-device",
            h1 { {t(lang, Key::RegisterTitle)} }
            if let Some(message) = done() {
                p { class: "success", role: "status", "data-testid": "register-done", {message} }
                Link { class: "button primary", to: Route::Devices {}, {t(lang, Key::BackToDevices)} }
            } else if let Some((id, source)) = scanned() {
                div { class: "card scan-found", role: "status", "data-testid": "scan-found",
                    p { class: "lead", {tf(lang, Key::ScanFound, &[("id", &id.display_grouped())])} }
                    ErrorMessage { text: error() }
                    button { r#type: "button", class: "button primary wide", "data-testid": "scan-register", onclick: move |_| register((id, source)), {t(lang, Key::Register)} }
                    button { r#type: "button", class: "button secondary wide", "data-testid": "scan-again", onclick: move |_| scanned.set(None), {t(lang, Key::ScanAgain)} }
                }
            } else {
                Scanner { on_read: move |read| { error.set(None); scanned.set(Some(read)) } }
                h2 { {t(lang, Key::TypeTitle)} }
                div { class: "form", onkeydown: move |event| if is_enter(&event) { submit(()) },
                    TextField {
                        id: "device-id",
                        label: t(lang, Key::DeviceIdLabel),
                        value: typed,
                        autocomplete: "off",
                        testid: "device-id-input",
                        help: Some(help),
                        invalid,
                        error: error(),
                    }
                    button {
                        r#type: "button",
                        class: "button primary wide",
                        "data-testid": "device-register-submit",
                        onclick: move |_| submit(()),
                        {t(lang, Key::Register)}
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use companion_client::store::ItemState;

    use crate::app::App;
    use crate::i18n::{t, Key, Lang};
    use crate::testing::{signed_in_phone, Screen};

    #[tokio::test]
    async fn typing_a_device_id_is_checked_as_you_type_and_registering_queues_it() {
        let phone = signed_in_phone();
        let mut screen = Screen::mount(App, &phone, Lang::PtPt);
        screen.settle().await;
        screen.click("home-register");
        screen.settle().await;
        assert!(
            screen.html().contains("data-testid=\"register-device\""),
            "{}",
            screen.html()
        );
        assert!(
            screen.html().contains("data-testid=\"scan-section\""),
            "a place for scanning"
        );

        screen.type_text("device-id-input", "7K3U");
        let html = screen.html();
        assert!(
            html.contains("aria-invalid=\"true\"") && html.contains("O carácter 4"),
            "{html}"
        );

        let valid = companion_domain::DeviceId::with_check_character("7K3M2Q9W4X1").expect("valid");
        let mut typo = valid.as_str().to_string();
        let last = typo.pop().expect("12");
        typo.push(if last == '8' { 'B' } else { '8' });
        screen.type_text("device-id-input", &typo);
        assert!(screen.html().contains("8 e B"), "{}", screen.html());

        screen.type_text("device-id-input", &valid.display_grouped().to_lowercase());
        assert!(
            screen
                .html()
                .contains(t(Lang::PtPt, Key::DeviceIdLooksRight)),
            "{}",
            screen.html()
        );
        screen.click("device-register-submit");
        screen.settle().await;
        assert!(
            screen.html().contains("data-testid=\"register-done\""),
            "{}",
            screen.html()
        );
        let devices = phone.services.store.devices().expect("read");
        assert_eq!(devices.len(), 1);
        assert_eq!(
            (devices[0].device_id, devices[0].state),
            (valid, ItemState::PendingRegister)
        );
        assert_eq!(phone.services.store.pending_count().expect("count"), 1);
    }

    #[tokio::test]
    async fn a_bad_id_is_refused_with_its_reason_and_nothing_is_queued() {
        let phone = signed_in_phone();
        let mut screen = Screen::mount(App, &phone, Lang::En);
        screen.settle().await;
        screen.click("home-register");
        screen.settle().await;
        screen.type_text("device-id-input", "ABC");
        screen.click("device-register-submit");
        let html = screen.html();
        assert!(html.contains("data-testid=\"error-message\""), "{html}");
        assert!(html.contains("you have typed 3"), "{html}");
        assert_eq!(phone.services.store.pending_count().expect("count"), 0);
    }

    #[tokio::test]
    async fn without_a_camera_the_screen_says_so_and_typing_still_registers() {
        let phone = signed_in_phone();
        let mut screen = Screen::mount_at(App, &phone, Lang::En, "/devices/register");
        screen.settle().await;
        assert!(
            screen.html().contains("data-testid=\"scan-start\"")
                && screen.html().contains("data-testid=\"scan-photo\""),
            "scan first: {}",
            screen.html()
        );
        // This renderer has no camera (no script can run): the fallback is offered.
        screen.click("scan-start");
        screen.settle().await;
        let html = screen.html();
        assert!(
            html.contains("data-testid=\"scan-unavailable\"")
                && html.contains(t(Lang::En, Key::CameraFailed)),
            "{html}"
        );
        let valid = companion_domain::DeviceId::with_check_character("7K3M2Q9W4X1").expect("valid");
        screen.type_text("device-id-input", valid.as_str());
        screen.click("device-register-submit");
        screen.settle().await;
        assert_eq!(phone.services.store.pending_count().expect("count"), 1);
    }
}
