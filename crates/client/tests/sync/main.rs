//! The phone's data layer against the real account API on a loopback port, with real
//! SQLite files on both sides.

mod account;
mod changes;
mod concurrency;
mod crash;
mod faults;
mod helpers;
mod offline;
mod proxy;
mod refusals;
mod transfers;
mod wallet;
