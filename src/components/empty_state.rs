//! What an empty list shows: a picture, one sentence, and the one next step (its
//! children), instead of a grey line nobody reads.

use dioxus::prelude::*;

use crate::components::{Icon, IconName};

/// An empty list's state; `children` is its next step (a link or button), if any.
#[component]
pub fn EmptyState(icon: IconName, text: String, testid: String, children: Element) -> Element {
    rsx! {
        div { class: "empty-state", "data-testid": "{testid}",
            span { class: "empty-picture", Icon { name: icon } }
            p { class: "empty", {text} }
            {children}
        }
    }
}
