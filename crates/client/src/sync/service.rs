//! The sync step and the loop that runs it.

use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use companion_domain::wire::{ChangesPage, CollectionPoint, Reward};
use time::OffsetDateTime;
use tokio::sync::{watch, Notify};
use tokio::time::Instant;
use uuid::Uuid;

use super::policy::{backoff, classify, Verdict};
use super::status::{SyncState, SyncStatus};
use crate::actions::ApiRequest;
use crate::api::ApiClient;
use crate::errors::CallError;
use crate::store::{LocalStore, StoreError};

/// The network side of sync, so the decisions can be exercised without one.
pub trait Transport: Send + Sync + 'static {
    /// Sends one offline change with its idempotency key: the answer's body.
    fn push(
        &self,
        request: &ApiRequest,
        key: Uuid,
    ) -> impl Future<Output = Result<Vec<u8>, CallError>> + Send;
    /// A page of the change feed after `since`.
    fn changes(
        &self,
        since: Option<String>,
    ) -> impl Future<Output = Result<ChangesPage, CallError>> + Send;
    /// The reward catalog and the collection points.
    fn catalogs(
        &self,
    ) -> impl Future<Output = Result<(Vec<Reward>, Vec<CollectionPoint>), CallError>> + Send;
}

impl Transport for ApiClient {
    fn push(
        &self,
        request: &ApiRequest,
        key: Uuid,
    ) -> impl Future<Output = Result<Vec<u8>, CallError>> + Send {
        ApiClient::push(self, request, key)
    }

    async fn changes(&self, since: Option<String>) -> Result<ChangesPage, CallError> {
        ApiClient::changes(self, since.as_deref()).await
    }

    async fn catalogs(&self) -> Result<(Vec<Reward>, Vec<CollectionPoint>), CallError> {
        Ok((self.rewards().await?, self.collection_points().await?))
    }
}

/// Why the loop should run a round now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// The customer made a change.
    LocalChange,
    /// The platform says the network is back.
    NetworkUp,
    /// The app came to the foreground or the customer pulled to refresh.
    Refresh,
}

/// How a round ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Outbox empty, feed pulled to the end.
    Synced,
    /// Stopped at a transient failure; try again after the delay.
    RetryLater {
        /// How long to wait.
        after: Duration,
        /// What failed.
        error: CallError,
    },
    /// The session ended; nothing was dropped. Waits for a log-in.
    SignedOut,
}

/// How often the catalogs (rewards, collection points) are refreshed.
pub const CATALOG_MAX_AGE: Duration = Duration::from_secs(6 * 3600);

/// How many times one round may drop an expired cursor and start the feed over.
const MAX_RESETS_PER_ROUND: u32 = 2;

/// Runs sync rounds for one phone.
pub struct SyncService<T: Transport> {
    store: Arc<LocalStore>,
    transport: Arc<T>,
    status: watch::Sender<SyncStatus>,
    wake: Notify,
    failures: AtomicU32,
    not_before: Mutex<Option<Instant>>,
    /// Held for a whole round, and by [`SyncService::pause`]: the cache is never cleared
    /// under a round that could write the previous customer's data back.
    round: tokio::sync::Mutex<()>,
}

/// While held, no sync round runs (one in progress has finished).
pub type Paused<'a> = tokio::sync::MutexGuard<'a, ()>;

impl<T: Transport> SyncService<T> {
    /// A service over a store and a transport.
    pub fn new(store: Arc<LocalStore>, transport: Arc<T>) -> Arc<Self> {
        let (status, _) = watch::channel(SyncStatus::default());
        Arc::new(SyncService {
            store,
            transport,
            status,
            wake: Notify::new(),
            failures: AtomicU32::new(0),
            not_before: Mutex::new(None),
            round: tokio::sync::Mutex::new(()),
        })
    }

    /// The status, for the UI to watch.
    pub fn status(&self) -> watch::Receiver<SyncStatus> {
        self.status.subscribe()
    }

    /// Asks the loop to run a round now.
    pub fn trigger(&self, why: Trigger) {
        tracing::debug!(?why, "sync triggered");
        if why == Trigger::NetworkUp {
            // The failures counted so far were the network's: back off from the start.
            self.failures.store(0, Ordering::Relaxed);
        }
        self.wake.notify_one();
    }

    /// Waits for a round in progress to end and holds further rounds off until the guard
    /// is dropped (log-in, log-out and removal clear the cache under it).
    pub async fn pause(&self) -> Paused<'_> {
        self.round.lock().await
    }

    /// One round: push the outbox in order, pull the feed, refresh stale catalogs.
    pub async fn sync_once(&self) -> Result<Outcome, StoreError> {
        let _round = self.round.lock().await;
        self.set_state(SyncState::Syncing);
        let outcome = match self.push_all().await? {
            Some(stopped) => stopped,
            None => match self.pull_all().await? {
                Some(stopped) => stopped,
                None => self.refresh_catalogs().await?,
            },
        };
        let pending = self.store.pending_count()?;
        match &outcome {
            Outcome::Synced => {
                self.failures.store(0, Ordering::Relaxed);
                self.status.send_modify(|status| {
                    status.state = if pending == 0 {
                        SyncState::Synced
                    } else {
                        SyncState::Pending(pending)
                    };
                    status.last_synced_at = Some(OffsetDateTime::now_utc());
                });
            }
            Outcome::RetryLater { error, .. } => {
                let state = if matches!(classify(error), Verdict::Retry { offline: true, .. }) {
                    SyncState::Offline { pending }
                } else {
                    SyncState::Pending(pending)
                };
                self.set_state(state);
            }
            Outcome::SignedOut => self.set_state(SyncState::SignedOut { pending }),
        }
        Ok(outcome)
    }

    /// Runs rounds forever: now, then after `interval`, or sooner when triggered; after a
    /// transient failure, after the backoff (a trigger retries sooner, but never before a
    /// server's Retry-After).
    ///
    /// A change joining the outbox (announced by the store) wakes it as well: nobody has
    /// to tell sync that the customer did something.
    pub async fn run(self: Arc<Self>, interval: Duration) {
        let mut commits = self.store.commits();
        let mut queued = commits.borrow_and_update().outbox;
        loop {
            let wait = match self.sync_once().await {
                Ok(Outcome::Synced) | Ok(Outcome::SignedOut) => interval,
                Ok(Outcome::RetryLater { after, .. }) => after,
                Err(error) => {
                    tracing::error!(%error, "sync round failed on the local database");
                    interval
                }
            };
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(wait) => {}
                _ = outbox_grew(&mut commits, &mut queued) => {}
            }
            let hold = *self.not_before.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(until) = hold {
                tokio::time::sleep_until(until).await;
            }
        }
    }

    /// A customer just signed in: the "signed out" a round before the log-in left is over,
    /// and a round starts now.
    pub fn session_started(&self) {
        self.status.send_if_modified(|status| match status.state {
            SyncState::SignedOut { .. } => {
                status.state = SyncState::Syncing;
                true
            }
            _ => false,
        });
        self.trigger(Trigger::Refresh);
    }

    fn set_state(&self, state: SyncState) {
        self.status.send_modify(|status| status.state = state);
    }

    fn retry_later(&self, error: CallError, not_before: Option<Duration>) -> Outcome {
        let attempt = self.failures.fetch_add(1, Ordering::Relaxed);
        let after = backoff(attempt, rand::random::<f64>(), not_before);
        *self.not_before.lock().unwrap_or_else(|e| e.into_inner()) =
            not_before.map(|d| Instant::now() + d);
        Outcome::RetryLater { after, error }
    }

    /// Pushes until the outbox is empty (`None`) or a failure stops the round.
    async fn push_all(&self) -> Result<Option<Outcome>, StoreError> {
        while let Some(entry) = self.store.outbox_head()? {
            let request = match entry.request() {
                Ok(request) => request,
                Err(problem) => {
                    // Unreadable (damaged, or written by a newer app): it would block the
                    // queue for ever.
                    tracing::error!(kind = %entry.kind, %problem, "dropping an unreadable outbox entry");
                    self.store
                        .discard(&entry, &problem, OffsetDateTime::now_utc())?;
                    continue;
                }
            };
            let sent = match self.transport.push(&request, entry.key).await {
                Ok(answer) => match self.store.complete(&entry, &answer) {
                    Ok(()) => Ok(()),
                    Err(StoreError::UnreadableAnswer(problem)) => {
                        Err(CallError::BadResponse(problem))
                    }
                    Err(other) => return Err(other),
                },
                Err(error) => Err(error),
            };
            match sent {
                Ok(()) => {}
                Err(error) => match classify(&error) {
                    Verdict::Refuse | Verdict::Resync => {
                        tracing::info!(kind = %entry.kind, code = ?error.code(), "change refused by the server");
                        self.store
                            .refuse(&entry, &error, OffsetDateTime::now_utc())?;
                    }
                    Verdict::Retry { not_before, .. } => {
                        self.store.record_failure(&entry, &error)?;
                        return Ok(Some(self.retry_later(error, not_before)));
                    }
                    Verdict::SignedOut => return Ok(Some(Outcome::SignedOut)),
                },
            }
        }
        Ok(None)
    }

    /// Pulls the feed to its end (`None`) or until a failure stops the round.
    async fn pull_all(&self) -> Result<Option<Outcome>, StoreError> {
        let mut resets = 0;
        loop {
            match self.transport.changes(self.store.cursor()?).await {
                Ok(page) => {
                    self.store.apply_changes(&page)?;
                    if !page.has_more {
                        return Ok(None);
                    }
                }
                Err(error) => match classify(&error) {
                    Verdict::Resync if resets < MAX_RESETS_PER_ROUND => {
                        resets += 1;
                        self.store.reset_sync()?;
                    }
                    Verdict::SignedOut => return Ok(Some(Outcome::SignedOut)),
                    Verdict::Retry { not_before, .. } => {
                        return Ok(Some(self.retry_later(error, not_before)))
                    }
                    // A refusal of a pull (or resets that keep failing) is a server
                    // problem: keep the cache, try later.
                    Verdict::Refuse | Verdict::Resync => {
                        return Ok(Some(self.retry_later(error, None)))
                    }
                },
            }
        }
    }

    async fn refresh_catalogs(&self) -> Result<Outcome, StoreError> {
        let now = OffsetDateTime::now_utc();
        let fresh = self
            .store
            .catalogs_fetched_at()?
            .is_some_and(|at| now - at < CATALOG_MAX_AGE);
        if fresh {
            return Ok(Outcome::Synced);
        }
        match self.transport.catalogs().await {
            Ok((rewards, points)) => {
                self.store.replace_catalogs(&rewards, &points, now)?;
                Ok(Outcome::Synced)
            }
            Err(error) => match classify(&error) {
                Verdict::SignedOut => Ok(Outcome::SignedOut),
                Verdict::Retry { not_before, .. } => Ok(self.retry_later(error, not_before)),
                Verdict::Refuse | Verdict::Resync => Ok(self.retry_later(error, None)),
            },
        }
    }
}

/// Resolves when the store announces a new outbox entry (never, once the store is gone).
async fn outbox_grew(commits: &mut watch::Receiver<crate::store::Commits>, seen: &mut u64) {
    loop {
        if commits.changed().await.is_err() {
            std::future::pending::<()>().await;
        }
        let now = commits.borrow_and_update().outbox;
        if now != *seen {
            *seen = now;
            return;
        }
    }
}
