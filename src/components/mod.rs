//! Reusable pieces shared by several screens.

mod action;
mod bottom_nav;
mod confirm_box;
mod device_card;
mod error_message;
mod field;
mod inbox_bell;
mod language_picker;
mod notices;
mod qr_code;
mod redirect;
mod request_card;
mod scanner;
mod shell;
mod sync_badge;
mod wallet_summary;

pub use action::{use_action, SubmitButton};
pub use bottom_nav::BottomNav;
pub use confirm_box::ConfirmBox;
pub use device_card::DeviceCard;
pub use error_message::ErrorMessage;
pub use field::{is_enter, CheckboxField, TextField};
pub use inbox_bell::InboxBell;
pub use language_picker::{LanguagePicker, LANGUAGE_PREFERENCE};
pub use notices::Notices;
pub use qr_code::QrCode;
pub use redirect::Redirect;
pub use request_card::{delivery_text, status_text, RequestCard};
pub use scanner::Scanner;
pub use shell::Shell;
pub use sync_badge::{OfflineBanner, SyncBadge};
pub use wallet_summary::WalletSummary;
