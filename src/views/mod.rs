//! Screens: one file per screen, each a component named like its [`crate::route::Route`]
//! variant. Views read text only through [`crate::i18n`] and data only through the
//! `client` crate (the store and the API client), never HTTP or SQL directly.
//!
//! Forms are plain groups of fields with a button, not `<form>` elements: under liveview
//! the browser gets no synchronous answer to an event, so a submit's default (reloading the
//! page) cannot be prevented. Enter in the last field submits.

mod account;
mod age_gate;
mod device_detail;
mod devices;
mod forgot_password;
mod guarantee;
mod guarantee_requests;
mod help;
mod home;
mod login;
mod not_found;
mod notifications;
mod points_claims;
mod register_device;
mod rewards;
mod sign_up;
mod staff;
mod support;
mod transfers;
mod troubleshoot;
mod wallet;

pub use account::Account;
pub use age_gate::AgeGate;
pub use device_detail::DeviceDetail;
pub use devices::Devices;
pub use forgot_password::ForgotPassword;
pub use guarantee::Guarantee;
pub use guarantee_requests::GuaranteeRequests;
pub use help::{AccessibilityStatement, Help, Privacy};
pub use home::Home;
pub use login::Login;
pub use not_found::NotFound;
pub use notifications::Notifications;
pub use points_claims::PointsClaims;
pub use register_device::{RegisterDevice, RegisterDeviceWithId};
pub use rewards::Rewards;
pub use sign_up::SignUp;
pub use staff::Staff;
pub use support::Support;
pub use transfers::{AskTransfer, AskTransferFor, Transfers};
pub use troubleshoot::{use_fault_prefill, use_fault_prefill_provider, Troubleshoot};
pub use wallet::Wallet;
