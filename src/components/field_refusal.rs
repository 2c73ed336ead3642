//! A server's refusal that is about one field of a form (an email already taken, a wrong
//! current password) is said at that field, tied to it for screen readers, instead of
//! above the button; refusals about the whole form stay there.

use dioxus::prelude::*;

use super::action::Action;

/// Which field of a form, if any, the last refusal was about, and what it said.
pub struct FieldRefusal<F: 'static> {
    at: Signal<Option<(F, String)>>,
}

impl<F: 'static> Clone for FieldRefusal<F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F: 'static> Copy for FieldRefusal<F> {}

/// A new, empty refusal for this form.
pub fn use_field_refusal<F: 'static>() -> FieldRefusal<F> {
    FieldRefusal {
        at: use_signal(|| None),
    }
}

impl<F: Copy + PartialEq + 'static> FieldRefusal<F> {
    /// Forgets the last refusal (a new attempt starts).
    pub fn clear(mut self) {
        self.at.set(None);
    }

    /// Records that the refusal `text` was about `field` (nothing when `None`).
    pub fn record(mut self, field: Option<F>, text: &str) {
        if let Some(field) = field {
            self.at.set(Some((field, text.to_string())));
        }
    }

    /// The refusal to show at `field`.
    pub fn at(&self, field: F) -> Option<String> {
        match (self.at)() {
            Some((at, text)) if at == field => Some(text),
            _ => None,
        }
    }

    /// What the form shows above its button: the action's failure unless a field says it
    /// (said once, not twice to a screen reader).
    pub fn summary(&self, action: Action) -> Option<String> {
        if (self.at)().is_some() {
            None
        } else {
            action.error()
        }
    }
}
