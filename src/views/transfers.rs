//! Device transfers: asking for a device registered to someone else (`/transfer`, or
//! `/transfer/:id` from a refused registration), and on My Devices the transfers both
//! ways, with the owner's accept and decline. Every step is queued offline like any
//! change; neither side is ever shown who the other is.

use companion_client::actions::{AskTransfer as AskTransferAction, DecideTransfer};
use companion_client::store::TransferView;
use companion_domain::wire::{TransferDecision, TransferDirection, TransferStatus};
use companion_domain::DeviceId;
use dioxus::prelude::*;
use time::OffsetDateTime;

use crate::components::{is_enter, ErrorMessage, TextField};
use crate::i18n::{device_id_error_text, store_error_text, t, tf, use_lang, Key, Lang};
use crate::route::Route;
use crate::services::use_services;
use crate::state::use_data;

/// `/transfer`.
#[component]
pub fn AskTransfer() -> Element {
    rsx! { AskForm { initial: String::new() } }
}

/// `/transfer/:id`: from a registration refused because someone else has the device.
#[component]
pub fn AskTransferFor(id: String) -> Element {
    rsx! { AskForm { initial: id } }
}

#[component]
fn AskForm(initial: String) -> Element {
    let lang = use_lang();
    let services = use_services();
    let typed = use_signal(move || initial.clone());
    let mut error = use_signal(|| None::<String>);
    let mut done = use_signal(|| false);
    let submit = use_callback(move |()| {
        error.set(None);
        match DeviceId::parse(&typed.read()) {
            Err(problem) => error.set(Some(device_id_error_text(lang, &problem))),
            Ok(id) => match services
                .store
                .queue(AskTransferAction::new(id), OffsetDateTime::now_utc())
            {
                Ok(_) => done.set(true),
                Err(problem) => error.set(Some(store_error_text(lang, &problem))),
            },
        }
    });
    rsx! {
        section { class: "screen", "data-testid": "ask-transfer",
            h1 { {t(lang, Key::TransferTitle)} }
            p { {t(lang, Key::TransferExplain)} }
            if done() {
                p { class: "success", role: "status", "data-testid": "transfer-done", {t(lang, Key::TransferQueued)} }
                Link { class: "button primary", to: Route::Devices {}, {t(lang, Key::BackToDevices)} }
            } else {
                div { class: "form", onkeydown: move |event| if is_enter(&event) { submit(()) },
                    TextField {
                        id: "transfer-device-id",
                        label: t(lang, Key::DeviceIdLabel),
                        value: typed,
                        autocomplete: "off",
                        testid: "transfer-device-id",
                        help: Some(t(lang, Key::DeviceIdHelp).to_string()),
                        invalid: error().is_some(),
                        error: error(),
                    }
                    button {
                        r#type: "button",
                        class: "button primary wide",
                        "data-testid": "transfer-submit",
                        onclick: move |_| submit(()),
                        {t(lang, Key::TransferSubmit)}
                    }
                }
            }
        }
    }
}

/// Where a transfer stands, in words.
fn status_text(lang: Lang, view: &TransferView) -> &'static str {
    if view.pending {
        return t(lang, Key::TransferStatusSending);
    }
    t(
        lang,
        match view.transfer.status {
            TransferStatus::Pending => Key::TransferStatusPending,
            TransferStatus::Escalated => Key::TransferStatusEscalated,
            TransferStatus::Accepted => Key::TransferStatusAccepted,
            TransferStatus::Declined => Key::TransferStatusDeclined,
            TransferStatus::Cancelled => Key::TransferStatusCancelled,
        },
    )
}

/// My Devices' transfers, both ways (nothing when there are none).
#[component]
pub fn Transfers() -> Element {
    let lang = use_lang();
    let transfers = use_data(|store| store.transfers());
    match transfers() {
        Err(problem) => rsx! { ErrorMessage { text: Some(problem) } },
        Ok(list) if list.is_empty() => rsx! {},
        Ok(list) => rsx! {
            section { class: "card transfers", "data-testid": "transfers", "aria-labelledby": "transfers-title",
                h2 { id: "transfers-title", {t(lang, Key::TransfersTitle)} }
                ul { class: "transfer-list",
                    for view in list {
                        TransferItem { key: "{view.transfer.id}", view }
                    }
                }
            }
        },
    }
}

#[component]
fn TransferItem(view: TransferView) -> Element {
    let lang = use_lang();
    let services = use_services();
    let mut error = use_signal(|| None::<String>);
    let transfer = &view.transfer;
    let device = transfer.device_id.display_grouped();
    let direction = match transfer.direction {
        TransferDirection::Incoming => "incoming",
        TransferDirection::Outgoing => "outgoing",
    };
    let decidable = transfer.direction == TransferDirection::Incoming
        && transfer.status.is_open()
        && !view.pending;
    let text = match (transfer.direction, decidable) {
        (TransferDirection::Incoming, true) => tf(
            lang,
            Key::TransferIncoming,
            &[("device", &device), ("model", &transfer.model)],
        ),
        (TransferDirection::Incoming, false) => {
            tf(lang, Key::TransferIncomingClosed, &[("device", &device)])
        }
        (TransferDirection::Outgoing, _) => tf(lang, Key::TransferOutgoing, &[("device", &device)]),
    };
    let id = transfer.id;
    let raw = transfer.device_id.as_str().to_string();
    let decide = use_callback(move |decision| {
        error.set(None);
        if let Err(problem) = services
            .store
            .queue(DecideTransfer::new(id, decision), OffsetDateTime::now_utc())
        {
            error.set(Some(store_error_text(lang, &problem)));
        }
    });
    rsx! {
        li {
            class: "transfer",
            "data-testid": "transfer-item",
            "data-device": "{raw}",
            "data-direction": "{direction}",
            "data-status": "{transfer.status.as_str()}",
            p { {text} }
            p { class: "hint", "data-testid": "transfer-status", {status_text(lang, &view)} }
            ErrorMessage { text: error() }
            if decidable {
                div { class: "actions",
                    for (decision, style, name, label) in [
                        (TransferDecision::Accept, "primary", "accept", Key::TransferAccept),
                        (TransferDecision::Decline, "secondary", "decline", Key::TransferDecline),
                    ] {
                        button {
                            key: "{name}",
                            r#type: "button",
                            class: "button {style}",
                            "data-testid": "transfer-{name}-{raw}",
                            onclick: move |_| decide(decision),
                            {t(lang, label)}
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use companion_domain::wire::{
        Change, ChangeEntity, ChangeOp, ChangesPage, DeviceTransfer, TransferDirection,
        TransferStatus,
    };
    use time::{Duration, OffsetDateTime};

    use crate::app::App;
    use crate::i18n::{t, Key, Lang};
    use crate::testing::{cache_synced_device, signed_in_phone, Screen, TestPhone};

    /// Someone asks for the phone's own device: the feed brings the incoming transfer.
    fn someone_asks_for(phone: &TestPhone, device: companion_domain::DeviceId) -> uuid::Uuid {
        let now = OffsetDateTime::now_utc();
        let transfer = DeviceTransfer {
            id: uuid::Uuid::new_v4(),
            device_id: device,
            model: "ILUMA PRIME".into(),
            direction: TransferDirection::Incoming,
            status: TransferStatus::Pending,
            created_at: now,
            updated_at: now,
        };
        let page = ChangesPage {
            cursor: "transfer".into(),
            changes: vec![Change {
                entity: ChangeEntity::DeviceTransfer,
                id: transfer.id.to_string(),
                op: ChangeOp::Upsert,
                data: Some(serde_json::to_value(&transfer).expect("json")),
            }],
            has_more: false,
        };
        phone.services.store.apply_changes(&page).expect("applied");
        transfer.id
    }

    #[tokio::test]
    async fn the_owner_accepts_a_transfer_on_my_devices_offline() {
        let phone = signed_in_phone();
        let today = OffsetDateTime::now_utc().date();
        let device = cache_synced_device(&phone, "7K3M2Q9W4X1", today + Duration::days(400));
        someone_asks_for(&phone, device);
        let mut screen = Screen::mount_at(App, &phone, Lang::En, "/devices");
        screen.settle().await;
        let html = screen.html();
        assert!(
            html.contains("data-testid=\"transfers\"")
                && html.contains("Someone asks for your ILUMA PRIME")
                && html.contains(&format!("transfer-decline-{}", device.as_str())),
            "{html}"
        );
        screen.click(&format!("transfer-accept-{}", device.as_str()));
        screen.settle().await;
        let html = screen.html();
        assert!(
            html.contains(t(Lang::En, Key::TransferStatusSending))
                && !html.contains(&format!("transfer-accept-{}", device.as_str())),
            "the answer shows at once and cannot be given twice: {html}"
        );
        let entry = phone
            .services
            .store
            .outbox_head()
            .expect("read")
            .expect("queued");
        assert_eq!(entry.kind, "decide_transfer");
        assert!(
            entry.payload.contains("\"decision\":\"accept\""),
            "{}",
            entry.payload
        );
    }

    #[tokio::test]
    async fn asking_for_a_device_checks_the_id_and_queues_the_request() {
        let phone = signed_in_phone();
        let mut screen = Screen::mount_at(App, &phone, Lang::PtPt, "/devices");
        screen.settle().await;
        screen.click("transfer-open");
        screen.settle().await;
        assert!(
            screen.html().contains("data-testid=\"ask-transfer\""),
            "{}",
            screen.html()
        );
        screen.type_text("transfer-device-id", "ABC");
        screen.click("transfer-submit");
        assert!(
            screen.html().contains("data-testid=\"error-message\""),
            "{}",
            screen.html()
        );
        assert_eq!(phone.services.store.pending_count().expect("count"), 0);

        let wanted = companion_domain::DeviceId::with_check_character("7K3M2Q9W4X1").expect("id");
        screen.type_text("transfer-device-id", &wanted.display_grouped());
        screen.click("transfer-submit");
        screen.settle().await;
        assert!(
            screen.html().contains("data-testid=\"transfer-done\""),
            "{}",
            screen.html()
        );
        let shown = phone.services.store.transfers().expect("read");
        assert_eq!(shown.len(), 1);
        assert!(shown[0].pending);
        assert_eq!(shown[0].transfer.direction, TransferDirection::Outgoing);
    }
}
