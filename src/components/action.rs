//! An online action started from a form (log in, change the password, send to support…):
//! one at a time, a "working" button while it runs, and its failure explained in the
//! customer's language, with everything typed left in place.

use std::future::Future;

use dioxus::prelude::*;

use crate::i18n::{t, use_lang, Key};

/// The state of a form's online action.
#[derive(Clone, Copy, PartialEq)]
pub struct Action {
    busy: Signal<bool>,
    error: Signal<Option<String>>,
}

/// A new action for this component.
pub fn use_action() -> Action {
    Action {
        busy: use_signal(|| false),
        error: use_signal(|| None),
    }
}

impl Action {
    /// Whether the action is under way.
    pub fn busy(&self) -> bool {
        (self.busy)()
    }

    /// The last failure, explained.
    pub fn error(&self) -> Option<String> {
        (self.error)()
    }

    /// Shows a problem found before anything was sent (a field to fix).
    pub fn fail(mut self, message: String) {
        self.error.set(Some(message));
    }

    /// Runs `work` unless a run is under way; on success hands its answer to `done`, on
    /// failure shows the explanation `work` gives.
    pub fn run<T: 'static>(
        mut self,
        work: impl Future<Output = Result<T, String>> + 'static,
        done: impl FnOnce(T) + 'static,
    ) {
        if self.busy() {
            return;
        }
        self.busy.set(true);
        self.error.set(None);
        spawn(async move {
            match work.await {
                Ok(answer) => done(answer),
                Err(message) => self.error.set(Some(message)),
            }
            self.busy.set(false);
        });
    }
}

/// The form's main button: says "working" and ignores taps while the action runs.
#[component]
pub fn SubmitButton(
    /// The action it starts.
    action: Action,
    /// What it says.
    label: String,
    /// The end-to-end test hook.
    testid: String,
    /// Tapped.
    onclick: EventHandler<()>,
) -> Element {
    let lang = use_lang();
    rsx! {
        button {
            r#type: "button",
            class: "button primary wide",
            "data-testid": "{testid}",
            disabled: action.busy(),
            onclick: move |_| onclick(()),
            if action.busy() { {t(lang, Key::Working)} } else { {label} }
        }
    }
}
