//! A replacement request: where it stands, for which device, delivered where.

use companion_client::store::RequestView;
use companion_domain::wire::{CollectionPoint, Delivery, GuaranteeRequestStatus};
use dioxus::prelude::*;

use crate::i18n::{format_date, t, use_lang, Key, Lang};

/// What a status means for the customer.
pub fn status_text(lang: Lang, status: GuaranteeRequestStatus) -> &'static str {
    use GuaranteeRequestStatus as S;
    t(
        lang,
        match status {
            S::Submitted => Key::StatusSubmitted,
            S::Approved => Key::StatusApproved,
            S::Shipped => Key::StatusShipped,
            S::ReadyForCollection => Key::StatusReadyForCollection,
            S::Completed => Key::StatusCompleted,
            S::Rejected => Key::StatusRejected,
            S::Cancelled => Key::StatusCancelled,
        },
    )
}

/// Where a replacement goes, in one line: the collection point's name and address (when
/// the list is cached), or the postal address.
pub fn delivery_text(lang: Lang, delivery: &Delivery, points: &[CollectionPoint]) -> String {
    match delivery {
        Delivery::CollectionPoint {
            collection_point_id,
        } => match points.iter().find(|p| &p.id == collection_point_id) {
            Some(point) => format!(
                "{}: {}, {}",
                t(lang, Key::DeliveryCollectionPoint),
                point.name,
                point.address
            ),
            None => format!(
                "{}: {collection_point_id}",
                t(lang, Key::DeliveryCollectionPoint)
            ),
        },
        Delivery::Address { address } => {
            let mut parts = vec![address.recipient.clone(), address.line1.clone()];
            parts.extend(address.line2.clone().filter(|l| !l.trim().is_empty()));
            parts.push(format!("{} {}", address.postal_code, address.city));
            format!("{}: {}", t(lang, Key::DeliveryAddress), parts.join(", "))
        }
    }
}

/// One request, as a card.
#[component]
pub fn RequestCard(view: RequestView, points: Vec<CollectionPoint>) -> Element {
    let lang = use_lang();
    let request = &view.request;
    let status_class = if request.status.is_open() {
        "request-status open"
    } else {
        "request-status closed"
    };
    rsx! {
        li { class: "card request", "data-testid": "request-{request.device_id.as_str()}",
            p { class: "{status_class}", role: "status", "data-testid": "guarantee-status", {status_text(lang, request.status)} }
            p { class: "device-meta",
                {format!("{} {} · {} {}", t(lang, Key::DeviceLabel), request.device_id.display_grouped(), t(lang, Key::RequestedOn), format_date(request.created_at.date()))}
            }
            p { class: "device-meta", {delivery_text(lang, &request.delivery, &points)} }
            p { class: "fault", {request.fault_description.clone()} }
            if let Some(tracking) = &request.tracking_number {
                p { class: "device-meta", "data-testid": "tracking-number", {format!("{} {tracking}", t(lang, Key::TrackingNumber))} }
            }
            if let Some(reason) = &request.rejection_reason {
                p { class: "error", "data-testid": "rejection-reason", {format!("{} {reason}", t(lang, Key::RejectionReason))} }
            }
            if view.pending {
                span { class: "pending-tag", "data-testid": "pending", {t(lang, Key::RequestPendingTag)} }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use companion_domain::wire::PostalAddress;

    #[test]
    fn deliveries_read_as_one_line() {
        let points = vec![CollectionPoint {
            id: "cp-1".into(),
            name: "Loja Chiado".into(),
            address: "Rua Garrett 50, 1200-204 Lisboa".into(),
            latitude: 0.0,
            longitude: 0.0,
            opening_hours: String::new(),
        }];
        let to_point = Delivery::CollectionPoint {
            collection_point_id: "cp-1".into(),
        };
        assert_eq!(
            delivery_text(Lang::En, &to_point, &points),
            "Pick up at a collection point: Loja Chiado, Rua Garrett 50, 1200-204 Lisboa"
        );
        assert!(delivery_text(Lang::En, &to_point, &[]).ends_with("cp-1"));
        let home = Delivery::Address {
            address: PostalAddress {
                recipient: "Ana Silva".into(),
                line1: "Rua Augusta 10".into(),
                line2: Some(" ".into()),
                postal_code: "1100-048".into(),
                city: "Lisboa".into(),
                phone: None,
            },
        };
        assert_eq!(
            delivery_text(Lang::PtPt, &home, &points),
            "Entrega numa morada: Ana Silva, Rua Augusta 10, 1100-048 Lisboa"
        );
    }
}
