//! Sync when the phone says it is worth it: when the app comes back to the foreground (the
//! customer returns to it from the shop's till, say) and when the network comes back (out
//! of the basement). The page hears both (`visibilitychange`, `online`), in the liveview
//! build and in the phone's WebView alike, and tells Rust.

use companion_client::sync::Trigger;
use dioxus::prelude::*;
use serde::Deserialize;

use crate::services::use_services;

/// Reports the page becoming visible again and the network coming back, for as long as the
/// app runs.
pub const LIFECYCLE_SCRIPT: &str = r#"
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") { dioxus.send({ kind: "foreground" }); }
});
window.addEventListener("online", () => dioxus.send({ kind: "online" }));
await new Promise(() => {});
"#;

/// What the page reports.
#[derive(Debug, Deserialize, PartialEq, Eq)]
struct PageEvent {
    kind: String,
}

/// The sync round a page event asks for.
fn trigger_for(event: &PageEvent) -> Option<Trigger> {
    match event.kind.as_str() {
        "foreground" => Some(Trigger::Refresh),
        "online" => Some(Trigger::NetworkUp),
        _ => None,
    }
}

/// Starts listening once, in the root.
pub fn use_lifecycle_sync() {
    let services = use_services();
    use_hook(move || {
        spawn(async move {
            let mut page = document::eval(LIFECYCLE_SCRIPT);
            while let Ok(event) = page.recv::<PageEvent>().await {
                if let Some(trigger) = trigger_for(&event) {
                    services.sync.trigger(trigger);
                }
            }
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn foreground_refreshes_and_online_restarts_the_backoff() {
        let event = |kind: &str| PageEvent { kind: kind.into() };
        assert_eq!(trigger_for(&event("foreground")), Some(Trigger::Refresh));
        assert_eq!(trigger_for(&event("online")), Some(Trigger::NetworkUp));
        assert_eq!(trigger_for(&event("anything")), None);
        for kind in ["foreground", "online"] {
            assert!(
                LIFECYCLE_SCRIPT.contains(&format!("kind: \"{kind}\"")),
                "{kind}"
            );
        }
    }
}
