//! The companion's domain: the value types and business rules that the phone app and the
//! account API must agree on, and the JSON shapes they exchange.
//!
//! Everything here is pure: no IO, no async, no clock. Functions that depend on "today"
//! take the date as an argument so that the caller (server or phone) decides what today is
//! and tests can pin it.

pub mod age;
pub mod credentials;
pub mod device_id;
pub mod error_code;
pub mod guarantee;
pub mod guarantee_request;
pub mod loyalty;
pub mod new_account;
pub mod text;
pub mod troubleshooting;
pub mod wire;

pub use age::{BirthDate, BirthDateError};
pub use credentials::{Email, EmailError, PasswordError, PasswordPolicy};
pub use device_id::{DeviceId, DeviceIdError};
pub use error_code::ErrorCode;
pub use guarantee::{guarantee_until, GuaranteeStatus, GUARANTEE_YEARS};
pub use guarantee_request::{AddressField, GuaranteeRequestError};
pub use loyalty::{RewardCategory, Tier, REGISTRATION_BONUS_POINTS};
pub use new_account::{NameField, NewAccount, NewAccountError};
pub use text::{Phone, PhoneError, TextError, TextRule};
