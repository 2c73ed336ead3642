//! End-to-end tests of the account API over HTTP against a real server and database.
//! Run against PostgreSQL too by setting `COMPANION_TEST_POSTGRES` (see helpers).

mod account;
mod accounts;
mod backoffice;
mod catalogues;
mod changes;
mod devices;
mod edges;
mod guarantee;
mod helpers;
mod logs;
mod loyalty;
mod mail;
mod openapi;
#[path = "../shared/outbox.rs"]
mod outbox;
mod password_resets;
mod points;
mod robustness;
mod security;
mod sessions;
#[path = "../shared/smtp_sink.rs"]
mod smtp_sink;
mod staff;
mod staff_security;
mod support;
mod transfers;
