//! English.

use super::Key;

/// The English text of `key`. No wildcard arm: a new key must be translated here to compile.
pub(super) fn text(key: Key) -> &'static str {
    match key {
        Key::AppName => "Companion",
        Key::LanguagePicker => "Language",
        Key::HomeTitle => "Welcome",
        Key::HomeComingSoon => {
            "The app's screens (devices, points wallet and guarantee) are coming soon."
        }
        Key::NotFoundTitle => "Page not found",
        Key::NotFoundBody => "The page you are looking for does not exist or has moved.",
        Key::NotFoundBackHome => "Back to home",
    }
}
