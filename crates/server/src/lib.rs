//! The companion account API: accounts and sessions, devices, the loyalty wallet, the
//! Voluntary Guarantee and the sync feed the phone app pulls.
//!
//! `startup::Application` wires configuration, database, mail and routes; `routes` holds
//! one module per area of the API; `store` the SQL for each record; `auth` passwords,
//! tokens and throttling. The same code serves SQLite and PostgreSQL.

pub mod admin;
pub mod auth;
pub mod catalog;
pub mod catalogues;
pub mod client_addr;
pub mod clock;
pub mod config;
pub mod csv_import;
pub mod db;
pub mod demo;
pub mod error;
pub mod extract;
pub mod fd_limit;
pub mod idempotency;
pub mod idle;
pub mod mail;
pub mod maintenance;
pub mod one_time_codes;
pub mod points;
pub mod routes;
pub mod serve;
pub mod startup;
pub mod state;
pub mod store;
#[cfg(feature = "testing")]
pub mod testing;
pub mod validate;
