//! Where sync stands, visible on every screen, and a banner while offline.

use companion_client::sync::SyncState;
use dioxus::prelude::*;

use crate::i18n::{t, tf, use_lang, Key};
use crate::state::use_ui_state;

/// "Synced", "Syncing…", "Pending N", "Offline".
#[component]
pub fn SyncBadge() -> Element {
    let lang = use_lang();
    let status = (use_ui_state().sync)();
    let (class, text) = match status.state {
        SyncState::Synced => ("synced", t(lang, Key::SyncSynced).to_string()),
        SyncState::Syncing => ("syncing", t(lang, Key::SyncSyncing).to_string()),
        SyncState::Pending(count) => (
            "pending",
            tf(lang, Key::SyncPending, &[("count", &count.to_string())]),
        ),
        SyncState::Offline { .. } => ("offline", t(lang, Key::SyncOffline).to_string()),
        SyncState::SignedOut { .. } => ("offline", t(lang, Key::SyncSignedOut).to_string()),
    };
    rsx! {
        span { class: "sync-badge {class}", role: "status", "data-testid": "sync-status", {text} }
    }
}

/// Shown while the server cannot be reached.
#[component]
pub fn OfflineBanner() -> Element {
    let lang = use_lang();
    let offline = matches!((use_ui_state().sync)().state, SyncState::Offline { .. });
    if !offline {
        return rsx! {};
    }
    rsx! {
        p { class: "offline-banner", role: "status", "data-testid": "offline-banner", {t(lang, Key::OfflineBanner)} }
    }
}
