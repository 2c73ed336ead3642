//! Screens: one file per screen, each a component named like its [`crate::route::Route`]
//! variant. Views read text only through [`crate::i18n`] and, once they need data, talk
//! only to the `client` crate, never to HTTP or SQL directly.

mod home;
mod not_found;

pub use home::Home;
pub use not_found::NotFound;
