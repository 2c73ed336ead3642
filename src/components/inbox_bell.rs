//! The inbox's bell in the header: on every screen of a signed-in customer, with the
//! number of unread notifications, marked current on the inbox itself.

use dioxus::prelude::*;

use crate::i18n::{t, tf, use_lang, Key};
use crate::route::Route;
use crate::state::use_data;

/// A link to the inbox; its accessible name says how many are unread.
#[component]
pub fn InboxBell() -> Element {
    let lang = use_lang();
    let current = use_route::<Route>() == Route::Notifications {};
    let unread = use_data(|store| store.unread_notifications());
    let count = unread().unwrap_or(0);
    let name = if count > 0 {
        format!(
            "{}, {}",
            t(lang, Key::NotificationsTitle),
            tf(
                lang,
                Key::NotificationsUnread,
                &[("count", &count.to_string())]
            )
        )
    } else {
        t(lang, Key::NotificationsTitle).to_string()
    };
    rsx! {
        Link {
            to: Route::Notifications {},
            class: "inbox-bell",
            "data-testid": "nav-notifications",
            "aria-label": name,
            "aria-current": if current { "page" } else { "false" },
            svg {
                "aria-hidden": "true",
                "focusable": "false",
                width: "24",
                height: "24",
                view_box: "0 0 24 24",
                path {
                    fill: "currentColor",
                    d: "M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z",
                }
            }
            if count > 0 {
                span { class: "bell-count", "aria-hidden": "true", "data-testid": "bell-count", {count.to_string()} }
            }
        }
    }
}
