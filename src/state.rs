//! Per-session UI state shared by the screens: whether the age gate was passed, who is
//! signed in, the sync status, and a version number that moves whenever the cache may have
//! changed so that screens read it again.

use companion_client::store::StoreResult;
use companion_client::sync::SyncStatus;
use companion_client::{LocalStore, SessionHolder};
use companion_domain::wire::Role;
use dioxus::prelude::*;

use crate::i18n::{store_error_text, use_lang_signal};
use crate::services::use_services;

/// Who is using the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    /// Not yet known (reading the stored session).
    Loading,
    /// No session: public screens only.
    SignedOut,
    /// Signed in.
    SignedIn {
        /// Customer or sales assistant.
        role: Role,
    },
}

/// The shared UI state.
#[derive(Clone, Copy)]
pub struct UiState {
    /// The customer said they are 18 or over (remembered on the phone).
    pub adult: Signal<bool>,
    /// Who is signed in: follows [`companion_client::CustomerSession::holder`], never set
    /// by a screen.
    pub session: Signal<SessionState>,
    /// The latest sync status.
    pub sync: Signal<SyncStatus>,
    /// Moves whenever the store commits (announced by the store itself) or sync's status
    /// moves: screens read the cache again. Nobody moves it by hand.
    pub data_version: Signal<u64>,
    /// A message for the next screen (e.g. "your account was removed" on the log-in
    /// screen after the account screen is gone); the screen that shows it clears it.
    pub flash: Signal<Option<crate::i18n::Key>>,
}

/// Preference key for the age gate.
pub const ADULT_PREFERENCE: &str = "adult_confirmed";

/// Provides the state; call once, in the root. Follows the sync status and the stored
/// session in the background.
pub fn use_ui_state_provider() -> UiState {
    let services = use_services();
    let adult = services
        .store
        .preference(ADULT_PREFERENCE)
        .ok()
        .flatten()
        .is_some_and(|v| v == "yes");
    let state = use_context_provider(|| UiState {
        adult: Signal::new(adult),
        session: Signal::new(SessionState::Loading),
        sync: Signal::new(services.sync.status().borrow().clone()),
        data_version: Signal::new(0),
        flash: Signal::new(None),
    });
    // Who is signed in is the session service's to say (log-in, log-out, removal); the
    // screens only follow it.
    let customer_session = services.session.clone();
    use_future(move || {
        let customer_session = customer_session.clone();
        async move {
            let mut session = state.session;
            let mut holder = customer_session.holder();
            customer_session.resume().await;
            loop {
                session.set(SessionState::from(*holder.borrow_and_update()));
                if holder.changed().await.is_err() {
                    return;
                }
            }
        }
    });
    let store = services.store.clone();
    use_future(move || {
        let mut commits = store.commits();
        async move {
            let mut version = state.data_version;
            while commits.changed().await.is_ok() {
                version += 1;
            }
        }
    });
    let sync = services.sync.clone();
    use_future(move || {
        let mut status = sync.status();
        async move {
            let (mut shown, mut version) = (state.sync, state.data_version);
            loop {
                shown.set(status.borrow_and_update().clone());
                version += 1;
                if status.changed().await.is_err() {
                    return;
                }
            }
        }
    });
    state
}

impl From<SessionHolder> for SessionState {
    fn from(holder: SessionHolder) -> SessionState {
        match holder {
            SessionHolder::Unknown => SessionState::Loading,
            SessionHolder::SignedOut => SessionState::SignedOut,
            SessionHolder::SignedIn(role) => SessionState::SignedIn { role },
        }
    }
}

/// The shared state.
pub fn use_ui_state() -> UiState {
    try_use_context::<UiState>().unwrap_or_else(|| {
        panic!("UiState is not provided: call use_ui_state_provider in the root")
    })
}

/// Asks sync for a round when a screen opens (like pull-to-refresh): points earned in a
/// shop show up when the customer looks at the wallet, while the cache shows at once.
pub fn use_refresh_on_open() {
    let services = use_services();
    use_hook(move || {
        services
            .sync
            .trigger(companion_client::sync::Trigger::Refresh)
    });
}

/// Reads something from the cache, again whenever the data version moves. A failure
/// becomes the customer's-language text for the screen's error line (the detail is
/// logged, never shown).
pub fn use_data<T: PartialEq + 'static>(
    read: impl Fn(&LocalStore) -> StoreResult<T> + 'static,
) -> Memo<Result<T, String>> {
    let services = use_services();
    let state = use_ui_state();
    let lang = use_lang_signal();
    use_memo(move || {
        let _ = (state.data_version)();
        read(&services.store).map_err(|error| {
            tracing::warn!(%error, "cannot read the cache");
            store_error_text(lang(), &error)
        })
    })
}
