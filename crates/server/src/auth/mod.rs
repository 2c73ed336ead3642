//! Authentication: password hashing, bearer tokens, login throttling and the extractors
//! that tell a handler who is calling.

pub mod extract;
pub mod mfa;
pub mod passwords;
pub mod sessions;
pub mod throttle;
pub mod tokens;

pub use extract::{Caller, MaybeCaller, StaffCaller};
pub use passwords::PasswordHasher;
pub use throttle::Throttle;
