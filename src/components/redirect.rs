//! Navigation that happens as soon as a screen appears (e.g. a private screen while signed
//! out goes to log in).

use dioxus::prelude::*;

use crate::route::Route;

/// Replaces the current address with `to` once, when mounted.
#[component]
pub fn Redirect(to: Route) -> Element {
    let navigator = navigator();
    use_hook(move || {
        navigator.replace(to);
    });
    rsx! {}
}
