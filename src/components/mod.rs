//! Reusable pieces shared by several screens.

mod language_picker;
mod shell;

pub use language_picker::LanguagePicker;
pub use shell::Shell;
