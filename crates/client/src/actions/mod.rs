//! Every change a customer can make while offline, each in one file: how it shows on the
//! phone at once (staged in the cache), the request it sends (with the idempotency key
//! fixed when it was made), what the server's acceptance does to the cache, and how it is
//! undone when the server refuses it for good. Replicache's mutators and PowerSync's upload
//! queue are the models.
//!
//! ```text
//!  view ── store.queue(action) ──► stage (cache rows, pending)  ┐ one SQLite
//!                                  outbox row (kind, payload,   │ transaction
//!                                  key, rows it touches)        ┘
//!  sync loop ── outbox head ──► registry[kind].request ──► API (Idempotency-Key)
//!        accepted ─► registry[kind].accept + drop the entry + re-apply deferred feed rows
//!        refused  ─► registry[kind].undo   + drop the entry + notice + deferred rows
//!        transient ─► count the attempt, back off, same key next time
//! ```
//!
//! Adding an action is one new file with a type implementing [`OfflineAction`], and one
//! line in [`REGISTRY`]. The sync loop, the outbox and the API client know nothing about
//! individual actions.

use std::fmt::Debug;
use std::marker::PhantomData;

use companion_domain::wire::ChangeEntity;
use rusqlite::Transaction;
use serde::de::DeserializeOwned;
use serde::Serialize;
use time::OffsetDateTime;

use crate::store::{StoreError, StoreResult};

pub mod ask_transfer;
pub mod change_language;
pub mod decide_transfer;
pub mod file_points_claim;
pub mod read_notification;
pub mod record_troubleshooting;
pub mod redeem;
pub mod register_device;
pub mod release_device;
pub mod request_replacement;
pub mod send_support_request;
pub mod update_profile;

pub use ask_transfer::AskTransfer;
pub use change_language::ChangeLanguage;
pub use decide_transfer::DecideTransfer;
pub use file_points_claim::FilePointsClaim;
pub use read_notification::ReadNotification;
pub use record_troubleshooting::RecordTroubleshooting;
pub use redeem::Redeem;
pub use register_device::RegisterDevice;
pub use release_device::ReleaseDevice;
pub use request_replacement::RequestReplacement;
pub use send_support_request::SendSupportRequest;
pub use update_profile::UpdateProfile;

/// Every action the outbox can hold, by its stored `kind`: the one registration line each.
static REGISTRY: &[&dyn Handler] = &[
    &Registered::<RegisterDevice>(PhantomData),
    &Registered::<ReleaseDevice>(PhantomData),
    &Registered::<Redeem>(PhantomData),
    &Registered::<RequestReplacement>(PhantomData),
    &Registered::<UpdateProfile>(PhantomData),
    &Registered::<SendSupportRequest>(PhantomData),
    &Registered::<ChangeLanguage>(PhantomData),
    &Registered::<FilePointsClaim>(PhantomData),
    &Registered::<ReadNotification>(PhantomData),
    &Registered::<AskTransfer>(PhantomData),
    &Registered::<DecideTransfer>(PhantomData),
    &Registered::<RecordTroubleshooting>(PhantomData),
];

/// One change the customer makes, from the moment it is made to the moment it settles.
pub trait OfflineAction: Serialize + DeserializeOwned + Debug + Send + Sync + 'static {
    /// The outbox's `kind` for it: stable, as phones keep unsent entries across upgrades.
    const KIND: &'static str;
    /// The server's answer when it accepts.
    type Answer: DeserializeOwned;

    /// Shows the change in the cache at once (pending rows), inside the transaction that
    /// also queues it. May refuse from what the cache knows (the code the server would
    /// give), or find there is nothing to do. May complete itself (e.g. note the values it
    /// replaces, to undo later): it is stored as it is after this.
    fn stage(&mut self, tx: &Transaction<'_>, now: OffsetDateTime) -> StoreResult<Staged>;

    /// The request that carries it to the server.
    fn request(&self) -> ApiRequest;

    /// The server accepted: its answer replaces the pending rows.
    fn accept(&self, tx: &Transaction<'_>, answer: Self::Answer) -> StoreResult<()>;

    /// The server refused for good: the pending rows go, or get their old values back.
    /// Returns what the customer's notice is about (a device ID, a reward), if anything.
    fn undo(&self, tx: &Transaction<'_>) -> StoreResult<Option<String>>;

    /// The cached rows the change touches until it settles: pages of the change feed leave
    /// them as the customer made them, and are applied after the change settles.
    fn rows(&self) -> Vec<RowKey> {
        Vec::new()
    }
}

/// What staging found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Staged {
    /// Shown in the cache: queue it.
    Queue,
    /// Already so (e.g. the device is in the list): nothing to send.
    NothingToDo,
}

/// Who must be signed in for a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    /// The customer's session (refreshed on 401).
    SignedIn,
    /// Linked to the customer when signed in, sent anyway when not (support requests).
    IfSignedIn,
}

/// A request to the account API, as an action describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiRequest {
    /// The method.
    pub method: reqwest::Method,
    /// The path, from [`crate::api::paths`].
    pub path: String,
    /// The JSON body, if any.
    pub body: Option<serde_json::Value>,
    /// Whose request it is.
    pub caller: Caller,
}

impl ApiRequest {
    /// A signed-in request with a JSON body.
    pub fn json(method: reqwest::Method, path: String, body: &impl Serialize) -> ApiRequest {
        ApiRequest {
            method,
            path,
            body: serde_json::to_value(body).ok(),
            caller: Caller::SignedIn,
        }
    }

    /// A signed-in request without a body.
    pub fn empty(method: reqwest::Method, path: String) -> ApiRequest {
        ApiRequest {
            method,
            path,
            body: None,
            caller: Caller::SignedIn,
        }
    }
}

/// A cached row, named as the change feed names it (`entity:id`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RowKey(String);

impl RowKey {
    /// The row of `entity` with this id (a device ID, an account id).
    pub fn of(entity: ChangeEntity, id: &str) -> RowKey {
        RowKey(format!("{}:{id}", entity.as_str()))
    }

    /// As stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An action behind its stored `kind`, for code that holds only the outbox row.
pub(crate) trait Handler: Send + Sync {
    /// The stored kind.
    fn kind(&self) -> &'static str;
    /// The request for this payload.
    fn request(&self, payload: &str) -> StoreResult<ApiRequest>;
    /// Applies an accepted answer (its JSON body; empty for 204).
    fn accept(&self, tx: &Transaction<'_>, payload: &str, answer: &[u8]) -> StoreResult<()>;
    /// Undoes a refused change.
    fn undo(&self, tx: &Transaction<'_>, payload: &str) -> StoreResult<Option<String>>;
}

struct Registered<A>(PhantomData<fn() -> A>);

fn decode<A: OfflineAction>(payload: &str) -> StoreResult<A> {
    Ok(serde_json::from_str(payload)?)
}

impl<A: OfflineAction> Handler for Registered<A> {
    fn kind(&self) -> &'static str {
        A::KIND
    }

    fn request(&self, payload: &str) -> StoreResult<ApiRequest> {
        Ok(decode::<A>(payload)?.request())
    }

    fn accept(&self, tx: &Transaction<'_>, payload: &str, answer: &[u8]) -> StoreResult<()> {
        let body: &[u8] = if answer.iter().all(u8::is_ascii_whitespace) {
            b"null"
        } else {
            answer
        };
        let answer: A::Answer = serde_json::from_slice(body).map_err(|e| {
            StoreError::UnreadableAnswer(format!("the answer to {} does not fit: {e}", A::KIND))
        })?;
        decode::<A>(payload)?.accept(tx, answer)
    }

    fn undo(&self, tx: &Transaction<'_>, payload: &str) -> StoreResult<Option<String>> {
        decode::<A>(payload)?.undo(tx)
    }
}

/// The handler of a stored kind; an unknown kind is a damaged (or newer) outbox row.
pub(crate) fn handler(kind: &str) -> StoreResult<&'static dyn Handler> {
    REGISTRY
        .iter()
        .copied()
        .find(|handler| handler.kind() == kind)
        .ok_or_else(|| StoreError::CorruptValue(format!("unknown outbox entry kind {kind:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_registered_once() {
        let mut kinds: Vec<_> = REGISTRY.iter().map(|h| h.kind()).collect();
        let all = kinds.len();
        kinds.sort_unstable();
        kinds.dedup();
        assert_eq!(kinds.len(), all);
        assert!(handler("register_device").is_ok());
        assert!(handler("launch_rockets").is_err());
    }
}
