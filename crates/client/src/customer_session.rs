//! A customer's session on this phone, from log-in to log-out or removal, in one place.
//!
//! The rule it keeps: the phone never shows one customer's data to another. Logging in as
//! someone other than the customer cached clears the cache first, and if it cannot be
//! cleared the new session is forgotten again and the log-in fails; logging out or
//! removing the account clears the cache and says so when it could not. Sync is paused
//! around each clear, so a round in progress cannot write the previous customer back.

use std::sync::Arc;

use companion_domain::wire::{Account, Role};
use tokio::sync::watch;

use crate::api::ApiClient;
use crate::errors::CallError;
use crate::store::{LocalStore, StoreError};
use crate::sync::SyncService;

/// Why a log-in, log-out or removal did not complete.
#[derive(Debug, thiserror::Error)]
pub enum SessionFlowError {
    /// The server refused or could not be reached (nothing changed on the phone).
    #[error(transparent)]
    Api(#[from] CallError),
    /// The server is done, but the previous customer's data could not be removed from this
    /// phone's cache. After a log-in, the new session was dropped again.
    #[error("the data on this phone could not be cleared: {0}")]
    Cache(#[source] StoreError),
}

/// Whose session the phone holds, as the screens follow it ([`CustomerSession::holder`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionHolder {
    /// Not known yet: the stored session is being read.
    Unknown,
    /// No session.
    SignedOut,
    /// Signed in, as a customer or a sales assistant.
    SignedIn(Role),
}

/// Opens and closes the customer's session: the API client, the cache and sync together.
/// It alone says who is signed in; the screens follow [`CustomerSession::holder`].
pub struct CustomerSession {
    api: Arc<ApiClient>,
    store: Arc<LocalStore>,
    sync: Arc<SyncService<ApiClient>>,
    holder: watch::Sender<SessionHolder>,
}

impl CustomerSession {
    /// Over this phone's services.
    pub fn new(
        api: Arc<ApiClient>,
        store: Arc<LocalStore>,
        sync: Arc<SyncService<ApiClient>>,
    ) -> CustomerSession {
        CustomerSession {
            api,
            store,
            sync,
            holder: watch::Sender::new(SessionHolder::Unknown),
        }
    }

    /// Who is signed in, and every change of it.
    pub fn holder(&self) -> watch::Receiver<SessionHolder> {
        self.holder.subscribe()
    }

    /// Reads the session stored on the phone (at start): signed in with the cached
    /// account's role, or signed out.
    pub async fn resume(&self) -> SessionHolder {
        let holder = match self.api.session().await {
            Ok(Some(_)) => SessionHolder::SignedIn(
                self.store
                    .account()
                    .ok()
                    .flatten()
                    .map_or(Role::Customer, |account| account.role),
            ),
            _ => SessionHolder::SignedOut,
        };
        self.holder.send_replace(holder);
        holder
    }

    /// Logs in; a different customer than the one cached starts from an empty cache.
    pub async fn log_in(&self, email: &str, password: &str) -> Result<Account, SessionFlowError> {
        let account = self.api.log_in(email, password).await?;
        {
            let _paused = self.sync.pause().await;
            let previous = self.store.account().ok().flatten();
            if previous.is_some_and(|cached| cached.id != account.id) {
                if let Err(error) = self.clear() {
                    // Never show the previous customer's data to this one.
                    if let Err(forgotten) = self.api.forget_session().await {
                        tracing::error!(%forgotten, "cannot forget the new session either");
                    }
                    return Err(SessionFlowError::Cache(error));
                }
            }
            if let Err(error) = self.store.save_account(&account) {
                // The first sync brings it; the screens wait for it meanwhile.
                tracing::warn!(%error, "cannot cache the account yet");
            }
        }
        self.sync.session_started();
        self.holder
            .send_replace(SessionHolder::SignedIn(account.role));
        Ok(account)
    }

    /// Logs out on the server (the session is forgotten here whatever happens) and clears
    /// the cache.
    pub async fn log_out(&self) -> Result<(), SessionFlowError> {
        self.api.log_out().await?;
        self.forget().await.map_err(SessionFlowError::Cache)
    }

    /// Removes the account (confirmed with its password) and clears the cache.
    pub async fn remove_account(&self, password: &str) -> Result<(), SessionFlowError> {
        self.api.delete_account(password).await?;
        self.forget().await.map_err(SessionFlowError::Cache)
    }

    /// Clears the cache with sync paused (the session is already gone).
    pub async fn forget(&self) -> Result<(), StoreError> {
        let cleared = {
            let _paused = self.sync.pause().await;
            self.clear()
        };
        self.holder.send_replace(SessionHolder::SignedOut);
        cleared
    }

    /// Clears, trying twice: a busy database usually frees up at once.
    fn clear(&self) -> Result<(), StoreError> {
        self.store.clear_all().or_else(|first| {
            tracing::warn!(%first, "cannot clear the cache; trying again");
            self.store.clear_all()
        })
    }
}
