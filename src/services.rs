//! What the app runs on besides its components: the phone's store, the API client and the
//! sync service. Built once per process (one process is one phone) and handed to every
//! UI session as root context.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use companion_client::sync::SyncService;
use companion_client::{platform_secret_store, ApiClient, CustomerSession, LocalStore};
use dioxus::prelude::*;

/// The phone's services, shared by every screen.
#[derive(Clone)]
pub struct Services {
    /// The local database every screen reads.
    pub store: Arc<LocalStore>,
    /// The account API.
    pub api: Arc<ApiClient>,
    /// Sync with the account API.
    pub sync: Arc<SyncService<ApiClient>>,
    /// Log-in, log-out and removal: the session, the cache and sync together.
    pub session: Arc<CustomerSession>,
}

/// How often sync runs when nothing triggers it.
pub const SYNC_INTERVAL: Duration = Duration::from_secs(60);

impl Services {
    /// Opens the store in `data_dir` and connects to the API at `api_url`.
    pub fn open(data_dir: &Path, api_url: &str) -> anyhow::Result<Self> {
        let store = Arc::new(
            LocalStore::open(&data_dir.join("cache.db")).with_context(|| {
                format!("cannot open the local database in {}", data_dir.display())
            })?,
        );
        let secrets = platform_secret_store(data_dir).context("cannot open the session storage")?;
        let api =
            Arc::new(ApiClient::new(api_url, secrets).context("cannot create the API client")?);
        let sync = SyncService::new(store.clone(), api.clone());
        let session = Arc::new(CustomerSession::new(
            api.clone(),
            store.clone(),
            sync.clone(),
        ));
        Ok(Services {
            store,
            api,
            sync,
            session,
        })
    }

    /// Starts the background sync loop on the current runtime.
    pub fn start_sync(&self) {
        tokio::spawn(self.sync.clone().run(SYNC_INTERVAL));
    }
}

/// The services, from the root context. Panics with a clear message if a test or a new
/// renderer forgot to provide them.
pub fn use_services() -> Services {
    try_use_context::<Services>().unwrap_or_else(|| {
        panic!("Services are not provided: the renderer must add them as root context")
    })
}
