//! The frame around every screen: the age gate first, then log-in for private screens,
//! then the header (name, sync status, language), offline banner, the screen, and the
//! bottom navigation.

use dioxus::prelude::*;

use crate::components::{
    use_theme, BottomNav, InboxBell, LanguagePicker, OfflineBanner, Redirect, SyncBadge,
};
use crate::deep_link::PendingLink;
use crate::i18n::{t, use_lang, Key};
use crate::route::Route;
use companion_domain::wire::Role;

use crate::state::{use_ui_state, SessionState};
use crate::views::AgeGate;

/// Opens the screen a link asked for ([`PendingLink`]) once a customer can see it: past the
/// age gate and signed in (a link that arrives signed out waits for the log-in).
fn use_follow_links() {
    let state = use_ui_state();
    let pending = try_use_context::<PendingLink>();
    let navigator = use_navigator();
    use_effect(move || {
        let Some(PendingLink(mut pending)) = pending else {
            return;
        };
        let ready = (state.adult)()
            && matches!(
                (state.session)(),
                SessionState::SignedIn {
                    role: Role::Customer
                }
            );
        if let Some(route) = pending().filter(|_| ready) {
            pending.set(None);
            navigator.push(route);
        }
    });
}

/// Where a signed-in person starts.
fn home_of(role: Role) -> Route {
    match role {
        Role::Customer => Route::Home {},
        Role::Staff => Route::Staff {},
    }
}

/// Layout of every route. The `lang` attribute follows the chosen language so screen
/// readers pronounce the text correctly (the page's `<html lang>` follows it too).
#[component]
pub fn Shell() -> Element {
    let lang = use_lang();
    let state = use_ui_state();
    let route = use_route::<Route>();
    let theme = use_theme();
    use_follow_links();
    let session = (state.session)();
    let signed_in = matches!(session, SessionState::SignedIn { .. });
    let body = if !(state.adult)() {
        rsx! { AgeGate {} }
    } else {
        match session {
            SessionState::Loading => rsx! { p { class: "loading", {t(lang, Key::Loading)} } },
            SessionState::SignedOut if route.is_private() => {
                rsx! { Redirect { to: Route::Login {} } }
            }
            SessionState::SignedIn { role } if route.is_for_signed_out() => {
                rsx! { Redirect { to: home_of(role) } }
            }
            // A sales assistant's login holds no wallet or devices; a customer's no shop.
            SessionState::SignedIn { role: Role::Staff } if route.is_for_customers() => {
                rsx! { Redirect { to: Route::Staff {} } }
            }
            SessionState::SignedIn {
                role: Role::Customer,
            } if route == Route::Staff {} => {
                rsx! { Redirect { to: Route::Home {} } }
            }
            _ => rsx! { Outlet::<Route> {} },
        }
    };
    rsx! {
        div { class: "app", lang: lang.tag(), "data-theme": theme().tag(),
            header { class: "app-header",
                Link { class: "app-name", to: Route::Home {}, {t(lang, Key::AppName)} }
                if signed_in { SyncBadge {} }
                if let SessionState::SignedIn { role: Role::Customer } = session {
                    if (state.adult)() { InboxBell {} }
                }
                LanguagePicker {}
            }
            if signed_in { OfflineBanner {} }
            main { class: "app-main", {body} }
            if let SessionState::SignedIn { role } = session {
                if (state.adult)() { BottomNav { role } }
            }
        }
    }
}
