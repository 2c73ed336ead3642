//! "Where you are signed in": the customer's phones and browsers, each with when it was
//! last used, and a way to sign out a lost phone or every other one. Online only: the list
//! is the server's, and ending a session must reach it.

use companion_domain::wire::ActiveSession;
use dioxus::prelude::*;

use crate::components::{use_action, ErrorMessage};
use crate::i18n::{api_error_text, format_date, t, use_lang, Key, Lang};
use crate::services::use_services;

/// The sessions card.
#[component]
pub fn Sessions() -> Element {
    let lang = use_lang();
    let services = use_services();
    let mut sessions = use_signal(|| None::<Vec<ActiveSession>>);
    let action = use_action();
    let load = {
        let services = services.clone();
        move || {
            let services = services.clone();
            action.run(
                async move {
                    services
                        .api
                        .sessions()
                        .await
                        .map_err(|problem| api_error_text(lang, &problem))
                },
                move |mut list: Vec<ActiveSession>| {
                    // This phone first, then the others as the server ordered them.
                    list.sort_by_key(|session| !session.current);
                    sessions.set(Some(list));
                },
            );
        }
    };
    let end = {
        let services = services.clone();
        let load = load.clone();
        move |id: Option<uuid::Uuid>| {
            let services = services.clone();
            let load = load.clone();
            action.run(
                async move {
                    let ended = match id {
                        Some(id) => services.api.end_session(id).await,
                        None => services.api.end_other_sessions().await,
                    };
                    ended.map_err(|problem| api_error_text(lang, &problem))
                },
                move |()| load(),
            );
        }
    };
    rsx! {
        div { class: "card", "data-testid": "sessions",
            h2 { {t(lang, Key::SessionsTitle)} }
            p { class: "hint", {t(lang, Key::SessionsBody)} }
            ErrorMessage { text: action.error() }
            if let Some(list) = sessions() {
                ul { class: "session-list", "data-testid": "session-list",
                    for session in list.iter().cloned() {
                        li { key: "{session.id}", class: "session", "data-testid": "session-{session.id}",
                            strong { {client_text(lang, &session.client)} }
                            if session.current {
                                span { class: "badge", {t(lang, Key::SessionThisPhone)} }
                            }
                            span { class: "hint",
                                {format!("{} {}", t(lang, Key::SessionLastUsed), format_date(session.last_used_at.date()))}
                            }
                            if !session.current {
                                button {
                                    r#type: "button",
                                    class: "button secondary",
                                    "data-testid": "session-end-{session.id}",
                                    disabled: action.busy(),
                                    onclick: { let end = end.clone(); move |_| end(Some(session.id)) },
                                    {t(lang, Key::SessionEnd)}
                                }
                            }
                        }
                    }
                }
                if list.iter().any(|s| !s.current) {
                    button {
                        r#type: "button",
                        class: "button secondary wide",
                        "data-testid": "sessions-end-others",
                        disabled: action.busy(),
                        onclick: { let end = end.clone(); move |_| end(None) },
                        {t(lang, Key::SessionsEndOthers)}
                    }
                }
            } else {
                button {
                    r#type: "button",
                    class: "button secondary wide",
                    "data-testid": "sessions-show",
                    disabled: action.busy(),
                    onclick: { let load = load.clone(); move |_| load() },
                    if action.busy() { {t(lang, Key::Working)} } else { {t(lang, Key::SessionsShow)} }
                }
            }
        }
    }
}

/// The server's coarse description ("Companion app · Android", "Browser · Linux",
/// "Unknown device") in the customer's language; the platform names stay as they are.
fn client_text(lang: Lang, client: &str) -> String {
    let (what, platform) = match client.split_once(" · ") {
        Some((what, platform)) => (what, Some(platform)),
        None => (client, None),
    };
    let what = match what {
        "Companion app" => t(lang, Key::SessionClientApp),
        "Browser" => t(lang, Key::SessionClientBrowser),
        "Unknown device" => t(lang, Key::SessionClientUnknown),
        other => other,
    };
    match platform {
        Some(platform) => format!("{what} · {platform}"),
        None => what.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_descriptions_are_translated_and_platforms_kept() {
        assert_eq!(
            client_text(Lang::PtPt, "Companion app · Android"),
            format!("{} · Android", t(Lang::PtPt, Key::SessionClientApp))
        );
        assert_eq!(
            client_text(Lang::PtPt, "Unknown device"),
            t(Lang::PtPt, Key::SessionClientUnknown)
        );
        assert_eq!(client_text(Lang::En, "Something new"), "Something new");
    }
}
