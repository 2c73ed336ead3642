//! What runs on the phone besides the UI: the SQLite cache every screen reads from, the
//! outbox of changes the customer made, the sync engine that pushes them to the account API
//! exactly once and pulls the server's changes, the typed API client, and the session.
//!
//! The UI calls [`store::LocalStore`] to read and to make changes, and runs a
//! [`sync::SyncService`]; it never speaks HTTP or SQL itself.

pub mod actions;
pub mod api;
pub mod customer_session;
pub mod errors;
pub mod private_files;
pub mod session;
pub mod store;
pub mod sync;

pub use api::ApiClient;
pub use customer_session::{CustomerSession, SessionFlowError, SessionHolder};
pub use errors::{CallError, ErrorCode};
pub use session::{
    platform_secret_store, FileSecretStore, KeyringSecretStore, SecretStore, Session,
};
pub use store::LocalStore;
pub use store::OutboxEntry;
