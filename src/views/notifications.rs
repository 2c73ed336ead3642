//! The in-app inbox: what happened to the customer's things, rendered from each
//! notification's kind and values in the language shown now (old ones follow a language
//! switch, offline too). Opening one marks it read (queued offline) and goes to what it is
//! about.

use companion_client::actions::ReadNotification;
use companion_domain::wire::{GuaranteeRequestStatus, Notification, NotificationKind};
use dioxus::prelude::*;
use time::macros::format_description;
use time::{Date, OffsetDateTime};

use crate::components::{status_text, ErrorMessage};
use crate::i18n::{format_date, t, tf, use_lang, Key, Lang};
use crate::route::Route;
use crate::services::use_services;
use crate::state::{use_data, use_refresh_on_open};

/// `/notifications`.
#[component]
pub fn Notifications() -> Element {
    let lang = use_lang();
    use_refresh_on_open();
    let inbox = use_data(|store| store.notifications());
    rsx! {
        section { class: "screen", "data-testid": "notifications",
            h1 { {t(lang, Key::NotificationsTitle)} }
            match inbox() {
                Err(problem) => rsx! { ErrorMessage { text: Some(problem) } },
                Ok(list) if list.is_empty() => rsx! { p { class: "empty", {t(lang, Key::NoNotifications)} } },
                Ok(list) => rsx! {
                    ul { class: "inbox",
                        for notification in list {
                            NotificationItem { key: "{notification.id}", notification }
                        }
                    }
                },
            }
        }
    }
}

/// A string value of the notification.
fn param<'a>(notification: &'a Notification, name: &str) -> &'a str {
    notification
        .params
        .get(name)
        .and_then(|value| value.as_str())
        .unwrap_or_default()
}

/// The notification in words, in `lang`.
pub fn notification_text(lang: Lang, notification: &Notification) -> String {
    let param = |name| param(notification, name);
    match notification.kind {
        NotificationKind::ReplacementStatus => {
            let status = GuaranteeRequestStatus::from_name(param("status"))
                .map(|status| status_text(lang, status))
                .unwrap_or_default();
            let mut text = tf(
                lang,
                Key::NotifyReplacement,
                &[("device", param("device_id")), ("status", status)],
            );
            if !param("tracking_number").is_empty() {
                text.push_str(". ");
                text.push_str(&tf(
                    lang,
                    Key::NotifyTracking,
                    &[("tracking", param("tracking_number"))],
                ));
            }
            text
        }
        NotificationKind::SupportReply => tf(
            lang,
            Key::NotifySupportReply,
            &[("reference", param("reference"))],
        ),
        NotificationKind::ClaimDecided if param("status") == "credited" => tf(
            lang,
            Key::NotifyClaimCredited,
            &[
                ("receipt", param("receipt_reference")),
                ("points", param("points")),
            ],
        ),
        NotificationKind::ClaimDecided => tf(
            lang,
            Key::NotifyClaimRejected,
            &[
                ("receipt", param("receipt_reference")),
                ("reason", param("reason")),
            ],
        ),
        NotificationKind::PointsPosted => tf(
            lang,
            Key::NotifyPointsPosted,
            &[("points", param("points"))],
        ),
        NotificationKind::PointsExpiring => {
            let on = param("on");
            let date = Date::parse(on, format_description!("[year]-[month]-[day]"))
                .map(format_date)
                .unwrap_or_else(|_| on.to_string());
            tf(
                lang,
                Key::NotifyPointsExpiring,
                &[("points", param("points")), ("date", &date)],
            )
        }
        NotificationKind::TransferRequested => tf(
            lang,
            Key::NotifyTransferRequested,
            &[("device", param("device_id")), ("model", param("model"))],
        ),
        NotificationKind::TransferDecided if param("status") == "accepted" => tf(
            lang,
            Key::NotifyTransferAccepted,
            &[("device", param("device_id"))],
        ),
        NotificationKind::TransferDecided => tf(
            lang,
            Key::NotifyTransferDeclined,
            &[("device", param("device_id"))],
        ),
        NotificationKind::Other => t(lang, Key::NotifyOther).to_string(),
    }
}

/// Where opening the notification goes.
fn destination(notification: &Notification) -> Route {
    match notification.kind {
        NotificationKind::ReplacementStatus => Route::GuaranteeRequests {},
        NotificationKind::SupportReply => Route::Support {},
        NotificationKind::ClaimDecided => Route::PointsClaims {},
        NotificationKind::PointsPosted | NotificationKind::PointsExpiring => Route::Wallet {},
        NotificationKind::TransferRequested | NotificationKind::TransferDecided => {
            Route::Devices {}
        }
        NotificationKind::Other => Route::Home {},
    }
}

/// One notification: its text, its day, "new" until opened.
#[component]
fn NotificationItem(notification: Notification) -> Element {
    let lang = use_lang();
    let services = use_services();
    let navigator = navigator();
    let unread = notification.read_at.is_none();
    let id = notification.id;
    let to = destination(&notification);
    let open = move |_| {
        if unread {
            // A read that cannot be queued (a damaged cache) must not keep the customer
            // from what the notification is about.
            if let Err(problem) = services
                .store
                .queue(ReadNotification { id }, OffsetDateTime::now_utc())
            {
                tracing::warn!(%problem, "could not mark a notification read");
            }
        }
        navigator.push(to.clone());
    };
    rsx! {
        li {
            button {
                r#type: "button",
                class: if unread { "card notification unread" } else { "card notification" },
                "data-testid": "notification-{notification.id}",
                onclick: open,
                if unread {
                    span { class: "pending-tag", "data-testid": "unread-tag", {t(lang, Key::NotificationNew)} }
                }
                span { class: "notification-text", {notification_text(lang, &notification)} }
                span { class: "detail", {format_date(notification.created_at.date())} }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notification(kind: NotificationKind, params: serde_json::Value) -> Notification {
        Notification {
            id: uuid::Uuid::new_v4(),
            kind,
            created_at: OffsetDateTime::UNIX_EPOCH,
            read_at: None,
            subject_id: None,
            params: params.as_object().cloned().unwrap_or_default(),
        }
    }

    #[test]
    fn each_kind_reads_in_both_languages_from_its_values() {
        let shipped = notification(
            NotificationKind::ReplacementStatus,
            serde_json::json!({"status": "shipped", "device_id": "7K3M 2Q9W 4X1C", "tracking_number": "CTT123"}),
        );
        let en = notification_text(Lang::En, &shipped);
        let pt = notification_text(Lang::PtPt, &shipped);
        assert!(
            en.contains("7K3M 2Q9W 4X1C") && en.contains("CTT123"),
            "{en}"
        );
        assert!(en.contains(status_text(Lang::En, GuaranteeRequestStatus::Shipped)));
        assert!(pt.contains(status_text(Lang::PtPt, GuaranteeRequestStatus::Shipped)));
        assert_ne!(en, pt);

        let credited = notification(
            NotificationKind::ClaimDecided,
            serde_json::json!({"status": "credited", "receipt_reference": "TK-1", "points": "25"}),
        );
        assert!(notification_text(Lang::En, &credited).contains("25 points added"));
        let rejected = notification(
            NotificationKind::ClaimDecided,
            serde_json::json!({"status": "rejected", "receipt_reference": "TK-2", "reason": "Outra loja"}),
        );
        assert!(notification_text(Lang::PtPt, &rejected).contains("Outra loja"));
        let expiring = notification(
            NotificationKind::PointsExpiring,
            serde_json::json!({"points": "50", "on": "2027-07-15"}),
        );
        assert_eq!(
            notification_text(Lang::PtPt, &expiring),
            "50 pontos expiram a 15/07/2027. Use-os antes dessa data."
        );
        let asked = notification(
            NotificationKind::TransferRequested,
            serde_json::json!({"device_id": "7K3M2Q9W4X1C", "model": "ILUMA ONE"}),
        );
        assert_eq!(
            notification_text(Lang::En, &asked),
            "Someone asks for your device 7K3M2Q9W4X1C (ILUMA ONE). Open My Devices to answer."
        );
        let accepted = notification(
            NotificationKind::TransferDecided,
            serde_json::json!({"device_id": "7K3M2Q9W4X1C", "status": "accepted"}),
        );
        let declined = notification(
            NotificationKind::TransferDecided,
            serde_json::json!({"device_id": "7K3M2Q9W4X1C", "status": "declined"}),
        );
        assert!(notification_text(Lang::PtPt, &accepted).contains("foi aceite"));
        assert!(notification_text(Lang::PtPt, &declined).contains("foi recusado"));
        // A kind from a newer server, or values missing: words, never a blank or a panic.
        let odd = notification(NotificationKind::Other, serde_json::json!({}));
        assert_eq!(
            notification_text(Lang::En, &odd),
            t(Lang::En, Key::NotifyOther)
        );
        let bare = notification(NotificationKind::ReplacementStatus, serde_json::json!({}));
        assert!(!notification_text(Lang::En, &bare).is_empty());
    }
}
