//! The Voluntary Guarantee: ask for a replacement of a faulty device, with no proof of
//! purchase. Describe the fault, choose an address or a collection point (nearest first
//! when the phone's location is shared), check and send. Works offline: the request is
//! queued like every change and the screen then shows where it stands.

use companion_client::actions::RequestReplacement;
use companion_client::store::ItemState;
use companion_domain::text::{self, TextError};
use companion_domain::troubleshooting::FaultCode;
use companion_domain::wire::{CreateGuaranteeRequest, Delivery, PostalAddress};
use companion_domain::{DeviceId, GuaranteeRequestError, GuaranteeStatus};
use dioxus::prelude::*;
use time::OffsetDateTime;

use crate::components::{delivery_text, ErrorMessage, ExternalLink, RequestCard, TextField};
use crate::i18n::{store_error_text, t, tf, use_lang, Key};
use crate::legal::COMPLAINTS_BOOK_URL;
use crate::location::{format_distance, nearest_first, Position, GEOLOCATION_SCRIPT};
use crate::route::Route;
use crate::services::use_services;
use crate::state::use_data;

/// The shortest fault description the API accepts.
const FAULT_MIN_CHARS: usize = text::FAULT_DESCRIPTION.min;

/// How the replacement reaches the customer.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum DeliveryKind {
    Address,
    CollectionPoint,
}

/// What the customer typed, before it is checked.
#[derive(Clone, Debug, Default)]
struct Draft {
    fault: String,
    /// The troubleshooter's symptom, when the request comes from it.
    fault_code: Option<FaultCode>,
    point: Option<String>,
    recipient: String,
    line1: String,
    line2: String,
    postal_code: String,
    city: String,
    phone: String,
}

/// Checks a draft with the API's own rule (`CreateGuaranteeRequest::validated`), so that a
/// request queued offline is not refused hours later for a typo; the error says what to fix.
fn build_request(
    device_id: DeviceId,
    kind: DeliveryKind,
    draft: &Draft,
) -> Result<CreateGuaranteeRequest, Key> {
    let delivery = match kind {
        // Whether a point was chosen is said after the description, the first field.
        DeliveryKind::CollectionPoint => Delivery::CollectionPoint {
            collection_point_id: draft.point.clone().unwrap_or_default(),
        },
        DeliveryKind::Address => Delivery::Address {
            address: PostalAddress {
                recipient: draft.recipient.clone(),
                line1: draft.line1.clone(),
                line2: Some(draft.line2.clone()),
                postal_code: draft.postal_code.clone(),
                city: draft.city.clone(),
                phone: Some(draft.phone.clone()),
            },
        },
    };
    CreateGuaranteeRequest {
        device_id: device_id.as_str().to_string(),
        fault_description: draft.fault.clone(),
        fault_code: draft.fault_code,
        delivery,
    }
    .validated()
    .map_err(|error| match error {
        GuaranteeRequestError::Fault(TextError::TooShort { .. }) => Key::FaultTooShort,
        GuaranteeRequestError::Fault(_) => Key::FaultInvalid,
        GuaranteeRequestError::Address {
            error: TextError::TooShort { .. },
            ..
        } => Key::AddressIncomplete,
        GuaranteeRequestError::Address { .. } => Key::AddressInvalid,
        GuaranteeRequestError::PostalCode => Key::PostalCodeInvalid,
        GuaranteeRequestError::Phone(_) => Key::PhoneInvalid,
    })
    .and_then(|request| match kind {
        DeliveryKind::CollectionPoint if draft.point.is_none() => Err(Key::ChoosePoint),
        _ => Ok(request),
    })
}

/// `/guarantee/:device_id`.
#[component]
pub fn Guarantee(device_id: String) -> Element {
    let lang = use_lang();
    let parsed = DeviceId::parse(&device_id).ok();
    let device = use_data(move |store| match parsed {
        Some(id) => store.device(&id),
        None => Ok(None),
    });
    let requests = use_data(|store| store.guarantee_requests());
    let points = use_data(|store| store.collection_points());
    let mut sent = use_signal(|| false);
    let points = points().unwrap_or_default();
    let view = match device() {
        Err(problem) => return rsx! { ErrorMessage { text: Some(problem) } },
        Ok(None) => {
            return rsx! {
                section { class: "screen", "data-testid": "guarantee",
                    p { {t(lang, Key::DeviceUnknownHere)} }
                    Link { class: "button", to: Route::Devices {}, {t(lang, Key::BackToDevices)} }
                }
            }
        }
        Ok(Some(view)) => view,
    };
    let id = view.device_id;
    let open = requests()
        .unwrap_or_default()
        .into_iter()
        .find(|r| r.request.device_id == id && r.request.status.is_open());
    let blocked = match (&view.device, view.state) {
        (_, state) if state != ItemState::Synced => Some(Key::GuaranteeNotYet),
        (None, _) => Some(Key::GuaranteeNotYet),
        (Some(device), _) if device.status == GuaranteeStatus::Expired => Some(Key::GuaranteeOver),
        _ => None,
    };
    let model = view
        .device
        .as_ref()
        .map(|d| d.model.clone())
        .unwrap_or_default();
    rsx! {
        section { class: "screen", "data-testid": "guarantee",
            h1 { {t(lang, Key::GuaranteeTitle)} }
            p { class: "device-meta", {format!("{} {model} · {}", t(lang, Key::DeviceLabel), id.display_grouped())} }
            if let Some(open) = open {
                if sent() {
                    p { class: "success", role: "status", "data-testid": "guarantee-sent",
                        {t(lang, if open.pending { Key::RequestQueued } else { Key::RequestSent })}
                    }
                } else {
                    p { class: "info", {t(lang, Key::RequestOpenAlready)} }
                }
                ul { class: "device-list", RequestCard { view: open, points: points.clone() } }
                Link { class: "link", to: Route::GuaranteeRequests {}, {t(lang, Key::RequestsTitle)} }
                p { class: "hint complaints",
                    {t(lang, Key::ComplaintsBookNote)}
                    " "
                    ExternalLink { href: COMPLAINTS_BOOK_URL, text: t(lang, Key::ComplaintsBookLink), testid: "complaints-book" }
                }
            } else if let Some(reason) = blocked {
                p { class: "info", "data-testid": "guarantee-blocked", {t(lang, reason)} }
            } else {
                RequestForm { device_id: id, points, on_sent: move |()| sent.set(true) }
            }
            Link { class: "link", to: Route::DeviceDetail { device_id: id.as_str().to_string() }, {t(lang, Key::BackToDevices)} }
        }
    }
}

/// The fault, the delivery choice and the confirmation step.
#[component]
fn RequestForm(
    device_id: DeviceId,
    points: Vec<companion_domain::wire::CollectionPoint>,
    on_sent: EventHandler<()>,
) -> Element {
    let lang = use_lang();
    let services = use_services();
    let account_name = use_hook(|| {
        services
            .store
            .account()
            .ok()
            .flatten()
            .map(|a| format!("{} {}", a.given_name, a.family_name))
            .unwrap_or_default()
    });
    // Coming from the troubleshooter: its symptom and steps, once, for this device.
    let prefill = crate::views::use_fault_prefill();
    let mut fault = use_signal(move || match &*prefill.peek() {
        Some(waiting) if waiting.device_id == device_id => waiting.text.clone(),
        _ => String::new(),
    });
    let fault_code = use_hook(move || match &*prefill.peek() {
        Some(waiting) if waiting.device_id == device_id => Some(waiting.code),
        _ => None,
    });
    let mut kind = use_signal(|| DeliveryKind::CollectionPoint);
    let mut point = use_signal(|| None::<String>);
    let recipient = use_signal(|| account_name);
    let line1 = use_signal(String::new);
    let line2 = use_signal(String::new);
    let postal_code = use_signal(String::new);
    let city = use_signal(String::new);
    let phone = use_signal(String::new);
    let mut here = use_signal(|| None::<Position>);
    let mut locating = use_signal(|| false);
    let mut location_failed = use_signal(|| false);
    let mut review = use_signal(|| None::<CreateGuaranteeRequest>);
    let mut error = use_signal(|| None::<String>);
    let draft = move || Draft {
        fault: fault(),
        fault_code,
        point: point(),
        recipient: recipient(),
        line1: line1(),
        line2: line2(),
        postal_code: postal_code(),
        city: city(),
        phone: phone(),
    };
    let locate = move |_| {
        locating.set(true);
        location_failed.set(false);
        spawn(async move {
            let answer = document::eval(GEOLOCATION_SCRIPT).await;
            let position = answer.ok().as_ref().and_then(Position::from_script_answer);
            location_failed.set(position.is_none());
            here.set(position);
            locating.set(false);
        });
    };
    let send = move |_| {
        let Some(request) = review() else { return };
        match services
            .store
            .queue(RequestReplacement::new(request), OffsetDateTime::now_utc())
        {
            Ok(_) => {
                on_sent(());
            }
            Err(problem) => error.set(Some(store_error_text(lang, &problem))),
        }
    };

    if let Some(request) = review() {
        return rsx! {
            div { class: "card", "data-testid": "guarantee-review",
                h2 { {t(lang, Key::ReviewTitle)} }
                p { strong { {t(lang, Key::FaultLabel)} } }
                p { class: "fault", {request.fault_description.clone()} }
                p { strong { {t(lang, Key::DeliveryLabel)} } }
                p { {delivery_text(lang, &request.delivery, &points)} }
                ErrorMessage { text: error() }
                button { r#type: "button", class: "button primary wide", "data-testid": "guarantee-submit", onclick: send, {t(lang, Key::SendRequest)} }
                button { r#type: "button", class: "button secondary wide", "data-testid": "guarantee-edit", onclick: move |_| review.set(None), {t(lang, Key::Edit)} }
            }
        };
    }

    let listed = nearest_first(points, here());
    let fault_length = fault.read().trim().chars().count();
    rsx! {
        div { class: "form",
            p { class: "lead", {t(lang, Key::GuaranteeIntro)} }
            div { class: "field",
                label { r#for: "guarantee-fault", {t(lang, Key::FaultLabel)} }
                textarea {
                    id: "guarantee-fault",
                    "data-testid": "guarantee-fault",
                    rows: "4",
                    maxlength: "2000",
                    "aria-describedby": "guarantee-fault-help",
                    initial_value: "{fault}",
                    oninput: move |event| fault.set(event.value()),
                }
                p { id: "guarantee-fault-help", class: if fault_length > 0 && fault_length < FAULT_MIN_CHARS { "field-help invalid" } else { "field-help" },
                    {t(lang, Key::FaultHelp)}
                }
            }
            fieldset { class: "choice",
                legend { {t(lang, Key::DeliveryLegend)} }
                for (value, label, testid) in [
                    (DeliveryKind::CollectionPoint, Key::DeliveryCollectionPoint, "delivery-collection-point"),
                    (DeliveryKind::Address, Key::DeliveryAddress, "delivery-address"),
                ] {
                    div { class: "field radio",
                        input {
                            id: "{testid}",
                            r#type: "radio",
                            name: "delivery",
                            "data-testid": "{testid}",
                            checked: kind() == value,
                            onclick: move |_| kind.set(value),
                        }
                        label { r#for: "{testid}", {t(lang, label)} }
                    }
                }
            }
            if kind() == DeliveryKind::Address {
                TextField { id: "address-recipient", label: t(lang, Key::Recipient), value: recipient, autocomplete: "name", testid: "address-recipient" }
                TextField { id: "address-line1", label: t(lang, Key::AddressLine1), value: line1, autocomplete: "address-line1", testid: "address-line1" }
                TextField { id: "address-line2", label: t(lang, Key::AddressLine2), value: line2, autocomplete: "address-line2", testid: "address-line2" }
                TextField { id: "address-postal-code", label: t(lang, Key::PostalCode), value: postal_code, autocomplete: "postal-code", testid: "address-postal-code", help: Some(t(lang, Key::PostalCodeHelp).to_string()) }
                TextField { id: "address-city", label: t(lang, Key::City), value: city, autocomplete: "address-level2", testid: "address-city" }
                TextField { id: "address-phone", label: t(lang, Key::PhoneOptional), value: phone, kind: "tel", autocomplete: "tel", testid: "address-phone" }
            } else if listed.is_empty() {
                p { class: "info", {t(lang, Key::NoCollectionPoints)} }
            } else {
                div { class: "locate",
                    button { r#type: "button", class: "button secondary", "data-testid": "use-my-location", disabled: locating(), onclick: locate,
                        if locating() { {t(lang, Key::Locating)} } else { {t(lang, Key::UseMyLocation)} }
                    }
                    if location_failed() {
                        p { class: "field-help", role: "status", {t(lang, Key::LocationUnavailable)} }
                    } else if here().is_some() {
                        p { class: "field-help", role: "status", {t(lang, Key::NearestFirst)} }
                    }
                }
                fieldset { class: "choice collection-points",
                    legend { {t(lang, Key::DeliveryCollectionPoint)} }
                    for (listed_point, distance) in listed {
                        div { key: "{listed_point.id}", class: "field radio point",
                            input {
                                id: "point-{listed_point.id}",
                                r#type: "radio",
                                name: "collection-point",
                                "data-testid": "collection-point-{listed_point.id}",
                                checked: point().as_deref() == Some(listed_point.id.as_str()),
                                onclick: {
                                    let id = listed_point.id.clone();
                                    move |_| point.set(Some(id.clone()))
                                },
                            }
                            label { r#for: "point-{listed_point.id}",
                                strong { {listed_point.name.clone()} }
                                span { {listed_point.address.clone()} }
                                span { class: "hours", {format!("{}: {}", t(lang, Key::OpeningHours), listed_point.opening_hours)} }
                                if let Some(km) = distance {
                                    span { class: "distance", {tf(lang, Key::Away, &[("distance", &format_distance(lang, km))])} }
                                }
                            }
                        }
                    }
                }
            }
            ErrorMessage { text: error() }
            button {
                r#type: "button",
                class: "button primary wide",
                "data-testid": "guarantee-review-button",
                onclick: move |_| match build_request(device_id, kind(), &draft()) {
                    Ok(request) => {
                        error.set(None);
                        review.set(Some(request));
                    }
                    Err(problem) => error.set(Some(t(lang, problem).to_string())),
                },
                {t(lang, Key::Review)}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id() -> DeviceId {
        DeviceId::with_check_character("7K3M2Q9W4X1").expect("a valid body")
    }

    #[test]
    fn a_draft_is_checked_like_the_api_checks_it() {
        let mut draft = Draft {
            fault: "  short ".into(),
            point: Some("cp-1".into()),
            ..Draft::default()
        };
        assert_eq!(
            build_request(id(), DeliveryKind::CollectionPoint, &draft).err(),
            Some(Key::FaultTooShort)
        );
        draft.fault = "It does not heat up any more.".into();
        let request = build_request(id(), DeliveryKind::CollectionPoint, &draft).expect("valid");
        assert_eq!(
            request.delivery,
            Delivery::CollectionPoint {
                collection_point_id: "cp-1".into()
            }
        );
        draft.point = None;
        assert_eq!(
            build_request(id(), DeliveryKind::CollectionPoint, &draft).err(),
            Some(Key::ChoosePoint)
        );
        assert_eq!(
            build_request(id(), DeliveryKind::Address, &draft).err(),
            Some(Key::AddressIncomplete)
        );
        draft.recipient = "Ana Silva".into();
        draft.line1 = "Rua Augusta 10".into();
        draft.city = "Lisboa".into();
        draft.postal_code = "1100048".into();
        assert_eq!(
            build_request(id(), DeliveryKind::Address, &draft).err(),
            Some(Key::PostalCodeInvalid)
        );
        draft.postal_code = " 1100-048 ".into();
        let Delivery::Address { address } = build_request(id(), DeliveryKind::Address, &draft)
            .expect("valid")
            .delivery
        else {
            panic!("an address")
        };
        assert_eq!(address.postal_code, "1100-048");
        assert_eq!(address.line2, None, "blank optional fields are left out");

        draft.phone = "12 34".into();
        assert_eq!(
            build_request(id(), DeliveryKind::Address, &draft).err(),
            Some(Key::PhoneInvalid)
        );
        draft.phone = "912 345 678".into();
        draft.line2 = "x".repeat(25_000);
        assert_eq!(
            build_request(id(), DeliveryKind::Address, &draft).err(),
            Some(Key::AddressInvalid)
        );
        draft.line2 = "3º Esq".into();
        let Delivery::Address { address } = build_request(id(), DeliveryKind::Address, &draft)
            .expect("valid")
            .delivery
        else {
            panic!("an address")
        };
        assert_eq!(address.phone.as_deref(), Some("+351912345678"));
    }
}

#[cfg(test)]
mod screen_tests {
    use companion_domain::wire::CollectionPoint;
    use time::{Duration, OffsetDateTime};

    use crate::app::App;
    use crate::i18n::{t, Key, Lang};
    use crate::testing::{cache_synced_device, signed_in_phone, Screen, TestPhone};

    fn cache_points(phone: &TestPhone) {
        let point = |id: &str, name: &str, latitude: f64| CollectionPoint {
            id: id.into(),
            name: name.into(),
            address: format!("Rua {name} 1, 1000-001 Lisboa"),
            latitude,
            longitude: -9.14,
            opening_hours: "Seg–Sáb 10:00–20:00".into(),
        };
        phone
            .services
            .store
            .replace_catalogs(
                &[],
                &[
                    point("cp-a", "Loja Alfa", 38.7),
                    point("cp-b", "Loja Beta", 41.1),
                ],
                OffsetDateTime::now_utc(),
            )
            .expect("catalogs");
    }

    /// The request form, reached as a customer does: from the device's page.
    async fn request_form(phone: &TestPhone, id: companion_domain::DeviceId, lang: Lang) -> Screen {
        let mut screen = Screen::mount_at(App, phone, lang, &format!("/devices/{}", id.as_str()));
        screen.settle().await;
        screen.click("guarantee-start");
        screen.settle().await;
        screen
    }

    #[tokio::test]
    async fn a_replacement_at_a_collection_point_is_reviewed_then_queued_and_its_status_shown() {
        let phone = signed_in_phone();
        cache_points(&phone);
        let today = OffsetDateTime::now_utc().date();
        let id = cache_synced_device(&phone, "7K3M2Q9W4X1", today + Duration::days(400));
        let mut screen = request_form(&phone, id, Lang::En).await;
        let html = screen.html();
        assert!(
            html.contains("data-testid=\"collection-point-cp-a\"")
                && html.contains("Seg–Sáb 10:00–20:00"),
            "points with opening hours: {html}"
        );

        // Nothing chosen and no description yet: explained, nothing queued.
        screen.click("guarantee-review-button");
        assert!(
            screen.html().contains(t(Lang::En, Key::FaultTooShort)),
            "{}",
            screen.html()
        );
        screen.type_text("guarantee-fault", "It stopped heating after a week.");
        screen.click("guarantee-review-button");
        assert!(
            screen.html().contains(t(Lang::En, Key::ChoosePoint)),
            "{}",
            screen.html()
        );
        screen.click("collection-point-cp-b");
        screen.click("guarantee-review-button");
        let html = screen.html();
        assert!(
            html.contains("data-testid=\"guarantee-review\"")
                && html.contains("Loja Beta, Rua Loja Beta 1, 1000-001 Lisboa")
                && html.contains("It stopped heating after a week."),
            "the review repeats what will be sent: {html}"
        );
        assert_eq!(phone.services.store.pending_count().expect("count"), 0);

        screen.click("guarantee-submit");
        screen.settle().await;
        let html = screen.html();
        assert_eq!(phone.services.store.pending_count().expect("count"), 1);
        assert!(
            html.contains(t(Lang::En, Key::RequestQueued)),
            "offline: saved, sent later: {html}"
        );
        assert!(
            html.contains(&format!(
                "data-testid=\"guarantee-status\">{}<",
                t(Lang::En, Key::StatusSubmitted)
            )),
            "{html}"
        );
        assert!(html.contains(t(Lang::En, Key::RequestPendingTag)), "{html}");

        // The list of requests and the device's page show it too, with no second request.
        screen.click("nav-devices");
        screen.settle().await;
        screen.click("requests-link");
        screen.settle().await;
        let html = screen.html();
        assert!(
            html.contains("data-testid=\"guarantee-requests\"")
                && html.contains(&format!("data-testid=\"request-{}\"", id.as_str())),
            "{html}"
        );
        screen.click("nav-devices");
        screen.settle().await;
        screen.click(&format!("open-device-{}", id.as_str()));
        screen.settle().await;
        let html = screen.html();
        assert!(
            html.contains(t(Lang::En, Key::ReplacementHistory))
                && !html.contains("data-testid=\"guarantee-start\""),
            "one open request per device: {html}"
        );
    }

    #[tokio::test]
    async fn delivery_to_an_address_checks_the_postal_code_and_keeps_what_was_typed() {
        let phone = signed_in_phone();
        let today = OffsetDateTime::now_utc().date();
        let id = cache_synced_device(&phone, "7K3M2Q9W4X1", today + Duration::days(30));
        let mut screen = request_form(&phone, id, Lang::PtPt).await;
        assert!(
            screen
                .html()
                .contains(t(Lang::PtPt, Key::NoCollectionPoints)),
            "no cached points: says so: {}",
            screen.html()
        );
        screen.type_text("guarantee-fault", "O ecrã não acende.");
        screen.click("delivery-address");
        assert!(
            screen.html().contains("value=\"Ana Silva\""),
            "recipient prefilled with the customer's name: {}",
            screen.html()
        );
        screen.type_text("address-line1", "Rua Augusta 10");
        screen.type_text("address-city", "Lisboa");
        screen.type_text("address-postal-code", "1100");
        screen.click("guarantee-review-button");
        assert!(
            screen
                .html()
                .contains(t(Lang::PtPt, Key::PostalCodeInvalid)),
            "{}",
            screen.html()
        );
        assert!(
            screen.html().contains("value=\"Rua Augusta 10\""),
            "what was typed stays: {}",
            screen.html()
        );
        screen.type_text("address-postal-code", "1100-148");
        screen.click("guarantee-review-button");
        assert!(
            screen
                .html()
                .contains("Ana Silva, Rua Augusta 10, 1100-148 Lisboa"),
            "{}",
            screen.html()
        );
        screen.click("guarantee-submit");
        screen.settle().await;
        assert_eq!(phone.services.store.pending_count().expect("count"), 1);
    }

    #[tokio::test]
    async fn an_expired_guarantee_is_explained_and_offers_no_form() {
        let phone = signed_in_phone();
        let today = OffsetDateTime::now_utc().date();
        let id = cache_synced_device(&phone, "7K3M2Q9W4X1", today - Duration::days(1));
        let mut screen = Screen::mount(App, &phone, Lang::En);
        screen.settle().await;
        screen.click("nav-devices");
        screen.settle().await;
        screen.click(&format!("open-device-{}", id.as_str()));
        screen.settle().await;
        assert!(
            !screen.html().contains("data-testid=\"guarantee-start\""),
            "{}",
            screen.html()
        );
        // A deep link straight to the request screen explains instead of offering a form.
        let mut screen = Screen::mount_at(
            App,
            &phone,
            Lang::En,
            &format!("/guarantee/{}", id.as_str()),
        );
        screen.settle().await;
        let html = screen.html();
        assert!(
            html.contains("data-testid=\"guarantee-blocked\"")
                && html.contains(t(Lang::En, Key::GuaranteeOver))
                && !html.contains("data-testid=\"guarantee-fault\""),
            "{html}"
        );
    }
}
