//! "Something wrong?": the guided troubleshooter, one step per screen, from the guide built
//! into the app (`assets/troubleshooting.json`), so it works offline. It ends "solved" or
//! leads to a guarantee request pre-filled with the symptom and the steps tried.

use std::sync::LazyLock;

use companion_client::actions::RecordTroubleshooting;
use companion_domain::troubleshooting::{FaultCode, Guide, Next, Symptom};
use companion_domain::wire::TroubleshootingOutcome;
use companion_domain::DeviceId;
use dioxus::prelude::*;
use time::OffsetDateTime;

use crate::components::ErrorMessage;
use crate::i18n::{t, tf, use_lang, Key, Lang};
use crate::route::Route;
use crate::services::use_services;
use crate::state::use_data;

/// The guide, read once. The shipped file is checked by the domain's tests, so `None`
/// would mean a broken build; the screen then says so instead of failing.
static GUIDE: LazyLock<Option<Guide>> = LazyLock::new(|| {
    Guide::parse(include_str!("../../assets/troubleshooting.json"))
        .inspect_err(|error| tracing::error!(%error, "the troubleshooting guide is broken"))
        .ok()
});

/// A fault description waiting for the guarantee request form of one device: the
/// troubleshooter's symptom and steps, so the customer need not type them again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaultPrefill {
    pub device_id: DeviceId,
    pub code: FaultCode,
    pub text: String,
}

/// The pre-fill signal, provided by `App` for every screen.
pub fn use_fault_prefill_provider() -> Signal<Option<FaultPrefill>> {
    use_context_provider(|| Signal::new(None))
}

/// The pre-fill signal (an empty one outside `App`).
pub fn use_fault_prefill() -> Signal<Option<FaultPrefill>> {
    try_use_context::<Signal<Option<FaultPrefill>>>().unwrap_or_else(|| use_signal(|| None))
}

/// The answers given so far: (step id, answer index), in order.
type Trail = Vec<(String, usize)>;

/// Where a trail has got to: the step to show, or how it ended.
fn position<'a>(symptom: &'a Symptom, trail: &Trail) -> Result<&'a str, Next> {
    let mut here = symptom.start.as_str();
    for (step, answer) in trail {
        let next = symptom
            .step(step)
            .and_then(|s| s.answers.get(*answer))
            .map(|a| &a.next);
        match next {
            Some(Next::Step(id)) => here = id.as_str(),
            Some(end) => return Err(end.clone()),
            None => break,
        }
    }
    Ok(here)
}

/// The fault text for a guarantee request: the symptom, then each step tried and answer.
fn tried_text(lang: Lang, symptom: &Symptom, trail: &Trail, model: Option<&str>) -> String {
    let code = lang.account_code();
    let mut text = format!(
        "{}. {}",
        symptom.title.get(code),
        t(lang, Key::TroubleshootTried)
    );
    for (step, answer) in trail {
        if let Some(step) = symptom.step(step) {
            let said = step
                .answers
                .get(*answer)
                .map(|a| a.label.get(code))
                .unwrap_or_default();
            text.push_str(&format!("\n- {} → {said}", step.text_for(model).get(code)));
        }
    }
    text
}

/// `/devices/:device_id/troubleshoot`.
#[component]
pub fn Troubleshoot(device_id: String) -> Element {
    let lang = use_lang();
    let parsed = DeviceId::parse(&device_id).ok();
    let view = use_data(move |store| match parsed {
        Some(id) => store.device(&id),
        None => Ok(None),
    });
    let mut chosen = use_signal(|| None::<FaultCode>);
    let mut trail = use_signal(Trail::new);
    let mut prefill = use_fault_prefill();
    let navigator = navigator();
    let services = use_services();
    // Each session is reported once, when an answer first ends it (queued offline).
    let mut reported = use_signal(|| false);
    let report = use_callback(move |(code, next, steps): (FaultCode, Next, usize)| {
        let outcome = match next {
            Next::Step(_) => return,
            Next::Solved => TroubleshootingOutcome::Solved,
            Next::Replacement => TroubleshootingOutcome::Replacement,
        };
        let Some(id) = parsed else { return };
        if reported() {
            return;
        }
        reported.set(true);
        let steps = u32::try_from(steps).unwrap_or(u32::MAX);
        let session = RecordTroubleshooting::new(id, code, outcome, steps);
        if let Err(error) = services.store.queue(session, OffsetDateTime::now_utc()) {
            // A device whose registration has not reached the server yet: nothing to count.
            tracing::info!(%error, "troubleshooting outcome not recorded");
        }
    });
    let Some(guide) = GUIDE.as_ref() else {
        return rsx! { ErrorMessage { text: Some(t(lang, Key::ErrorUnknown).to_string()) } };
    };
    let Some(id) = parsed else {
        return rsx! { Redirect404 {} };
    };
    let model = view()
        .ok()
        .flatten()
        .and_then(|v| v.device.map(|d| d.model));
    let code = lang.account_code();
    let body = match chosen().and_then(|c| guide.symptom(c)) {
        None => rsx! {
            h2 { {t(lang, Key::TroubleshootPick)} }
            div { class: "actions",
                for symptom in guide.symptoms.iter() {
                    button {
                        r#type: "button",
                        class: "button secondary wide",
                        "data-testid": "troubleshoot-symptom-{fault_tag(symptom.code)}",
                        onclick: {
                            let picked = symptom.code;
                            move |_| {
                                trail.set(Trail::new());
                                reported.set(false);
                                chosen.set(Some(picked));
                            }
                        },
                        {symptom.title.get(code).to_string()}
                    }
                }
            }
        },
        Some(symptom) => match position(symptom, &trail()) {
            Ok(step_id) => {
                let step = symptom.step(step_id);
                let number = trail().len() + 1;
                rsx! {
                    div { class: "card troubleshoot-step", "data-testid": "troubleshoot-step", "data-step": "{step_id}",
                        p { class: "hint", {tf(lang, Key::TroubleshootStep, &[("n", &number.to_string())])} }
                        h2 { {symptom.title.get(code).to_string()} }
                        if let Some(step) = step {
                            p { class: "troubleshoot-text", {step.text_for(model.as_deref()).get(code).to_string()} }
                            div { class: "actions",
                                for (n, answer) in step.answers.iter().enumerate() {
                                    button {
                                        r#type: "button",
                                        class: if n == 0 { "button primary wide" } else { "button secondary wide" },
                                        "data-testid": "troubleshoot-answer-{n}",
                                        onclick: {
                                            let step_id = step_id.to_string();
                                            let next = answer.next.clone();
                                            let fault = symptom.code;
                                            move |_| {
                                                trail.write().push((step_id.clone(), n));
                                                let steps = trail.peek().len();
                                                report((fault, next.clone(), steps));
                                            }
                                        },
                                        {answer.label.get(code).to_string()}
                                    }
                                }
                            }
                        }
                    }
                }
            }
            Err(Next::Solved) => rsx! {
                p { class: "success", role: "status", "data-testid": "troubleshoot-solved", {t(lang, Key::TroubleshootSolved)} }
            },
            Err(_) => {
                let text = tried_text(lang, symptom, &trail(), model.as_deref());
                let fault = symptom.code;
                rsx! {
                    p { class: "info", role: "status", "data-testid": "troubleshoot-replacement", {t(lang, Key::TroubleshootReplacement)} }
                    button {
                        r#type: "button",
                        class: "button primary wide",
                        "data-testid": "troubleshoot-request",
                        onclick: move |_| {
                            prefill.set(Some(FaultPrefill { device_id: id, code: fault, text: text.clone() }));
                            navigator.push(Route::Guarantee { device_id: id.as_str().to_string() });
                        },
                        {t(lang, Key::TroubleshootRequest)}
                    }
                }
            }
        },
    };
    rsx! {
        section { class: "screen", "data-testid": "troubleshoot",
            h1 { {t(lang, Key::TroubleshootTitle)} }
            {body}
            if chosen().is_some() {
                button {
                    r#type: "button",
                    class: "button secondary",
                    "data-testid": "troubleshoot-back",
                    onclick: move |_| {
                        // One answer back; from the first step, back to the symptoms.
                        if trail.write().pop().is_none() {
                            chosen.set(None);
                        }
                    },
                    {t(lang, Key::TroubleshootBack)}
                }
            }
            Link { class: "link", to: Route::DeviceDetail { device_id: id.as_str().to_string() }, {t(lang, Key::BackToDevices)} }
        }
    }
}

/// The fault code's wire name, for test hooks.
fn fault_tag(code: FaultCode) -> String {
    serde_json::to_value(code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// An address that names no device.
#[component]
fn Redirect404() -> Element {
    let lang = use_lang();
    rsx! {
        section { class: "screen", "data-testid": "troubleshoot",
            p { {t(lang, Key::DeviceUnknownHere)} }
            Link { class: "button", to: Route::Devices {}, {t(lang, Key::BackToDevices)} }
        }
    }
}

#[cfg(test)]
mod tests {
    use time::{Duration, OffsetDateTime};

    use crate::app::App;
    use crate::i18n::{t, Key, Lang};
    use crate::testing::{cache_synced_device, signed_in_phone, Screen, TestPhone};

    fn step_shown(screen: &Screen) -> String {
        let html = screen.html();
        html.split("data-step=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_default()
            .to_string()
    }

    /// A phone with one synced device, the app open at `path` (`{id}` stands for it).
    async fn phone_with_a_device(lang: Lang, path: &str) -> (TestPhone, Screen) {
        let phone = signed_in_phone();
        let today = OffsetDateTime::now_utc().date();
        let id = cache_synced_device(&phone, "7K3M2Q9W4X1", today + Duration::days(400));
        let mut screen = Screen::mount_at(App, &phone, lang, &path.replace("{id}", id.as_str()));
        screen.settle().await;
        (phone, screen)
    }

    /// The one change queued: a troubleshooting session ending `outcome`.
    fn assert_reported(phone: &TestPhone, outcome: &str) {
        let store = &phone.services.store;
        assert_eq!(store.pending_count().expect("count"), 1, "reported once");
        let entry = store.outbox_head().expect("read").expect("queued");
        assert_eq!(entry.kind, "record_troubleshooting");
        assert!(
            entry
                .payload
                .contains(&format!("\"outcome\":\"{outcome}\"")),
            "{}",
            entry.payload
        );
    }

    #[tokio::test]
    async fn a_wont_heat_path_goes_back_and_forth_and_ends_in_a_prefilled_request_offline() {
        let (phone, mut screen) = phone_with_a_device(Lang::PtPt, "/devices/{id}").await;
        screen.click("troubleshoot-open");
        screen.settle().await;
        screen.click("troubleshoot-symptom-wont_heat");
        assert_eq!(step_shown(&screen), "charged");
        screen.click("troubleshoot-answer-1");
        assert_eq!(step_shown(&screen), "stick");
        screen.click("troubleshoot-back");
        assert_eq!(step_shown(&screen), "charged", "back is one step back");
        screen.click("troubleshoot-answer-1");
        screen.click("troubleshoot-answer-1");
        assert_eq!(step_shown(&screen), "reset");
        screen.click("troubleshoot-answer-1");
        let html = screen.html();
        assert!(
            html.contains("data-testid=\"troubleshoot-replacement\""),
            "{html}"
        );
        assert_reported(&phone, "replacement");

        screen.click("troubleshoot-request");
        screen.settle().await;
        let html = screen.html();
        assert!(html.contains("data-testid=\"guarantee-fault\""), "{html}");
        assert!(
            html.contains("Não aquece. Passos já tentados:")
                && html.contains("Use apenas as unidades de tabaco"),
            "the symptom and the steps tried are in the request: {html}"
        );
    }

    #[tokio::test]
    async fn a_fixed_device_ends_solved_in_english_too() {
        let (phone, mut screen) = phone_with_a_device(Lang::En, "/devices/{id}/troubleshoot").await;
        screen.click("troubleshoot-symptom-light_pattern");
        assert!(
            screen.html().contains("Which light do you see?"),
            "{}",
            screen.html()
        );
        screen.click("troubleshoot-answer-2");
        assert_eq!(step_shown(&screen), "orange");
        screen.click("troubleshoot-answer-0");
        let html = screen.html();
        assert!(
            html.contains("data-testid=\"troubleshoot-solved\"")
                && html.contains(t(Lang::En, Key::TroubleshootSolved)),
            "{html}"
        );
        assert_reported(&phone, "solved");
        screen.click("troubleshoot-back");
        screen.click("troubleshoot-answer-0");
        assert_reported(&phone, "solved");
    }
}
