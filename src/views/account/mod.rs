//! The account: profile (with the marketing consent), language, theme, change password, my data,
//! remove account, and log out (warning when changes have not been sent).

mod change_password;
mod export;
mod remove;
mod sessions;

use companion_client::actions::UpdateProfile;
use companion_client::SessionFlowError;
use companion_domain::wire::UpdateAccountRequest;
use dioxus::prelude::*;
use time::OffsetDateTime;

use crate::components::{ConfirmBox, ErrorMessage, Icon, IconName, LanguagePicker, ThemePicker};
use crate::i18n::{api_error_text, store_error_text, t, use_lang, Key};
use crate::route::Route;
use crate::services::use_services;
use crate::state::{use_data, use_ui_state, SessionState, UiState};

use change_password::ChangePassword;
use export::ExportData;
use remove::RemoveAccount;
use sessions::Sessions;

/// Shows the signed-out screens after the session service ended the session (log-out or
/// removal); the preferences (language, age gate) stay. When the cache could not be
/// cleared, the log-in screen says so instead of `farewell`.
fn signed_out(state: UiState, outcome: Result<(), SessionFlowError>, farewell: Option<Key>) {
    let mut flash = state.flash;
    flash.set(match outcome {
        Ok(()) => farewell,
        Err(problem) => {
            tracing::error!(%problem, "signed out, but the cache is not cleared");
            Some(Key::ErrorCacheNotCleared)
        }
    });
}

/// `/account`.
#[component]
pub fn Account() -> Element {
    let lang = use_lang();
    let services = use_services();
    let state = use_ui_state();
    let account = use_data(|store| store.account());
    let pending = use_data(|store| store.pending_count());
    let mut confirming = use_signal(|| false);
    let mut error = use_signal(|| None::<String>);
    let mut saved = use_signal(|| false);
    let navigator = navigator();
    let log_out = {
        let services = services.clone();
        move || {
            let services = services.clone();
            spawn(async move {
                match services.session.log_out().await {
                    Err(SessionFlowError::Api(problem)) => {
                        error.set(Some(api_error_text(lang, &problem)))
                    }
                    outcome => {
                        signed_out(state, outcome, None);
                        navigator.replace(Route::Login {});
                    }
                }
            });
        }
    };
    let set_marketing = move |event: FormEvent| {
        let patch = UpdateAccountRequest {
            given_name: None,
            family_name: None,
            marketing_opt_in: Some(event.checked()),
        };
        match services
            .store
            .queue(UpdateProfile::new(patch), OffsetDateTime::now_utc())
        {
            Ok(_) => {
                saved.set(true);
            }
            Err(problem) => error.set(Some(store_error_text(lang, &problem))),
        }
    };
    let unsent = pending().unwrap_or(0);
    // A sales assistant's login is the shop's, created by the back office: no personal
    // data to export and not theirs to remove.
    let customer = !matches!(
        (state.session)(),
        SessionState::SignedIn {
            role: companion_domain::wire::Role::Staff
        }
    );
    rsx! {
        section { class: "screen", "data-testid": "account",
            h1 { {t(lang, Key::AccountTitle)} }
            if let Ok(Some(account)) = account() {
                div { class: "card",
                    h2 { {t(lang, Key::Profile)} }
                    p { "data-testid": "account-name", {format!("{} {}", account.given_name, account.family_name)} }
                    p { "data-testid": "account-email", {account.email.clone()} }
                    div { class: "field checkbox",
                        input {
                            id: "account-marketing",
                            r#type: "checkbox",
                            "data-testid": "account-marketing",
                            checked: account.marketing_opt_in,
                            onchange: set_marketing,
                        }
                        label { r#for: "account-marketing", {t(lang, Key::MarketingSetting)} }
                    }
                    if saved() {
                        p { class: "field-help", role: "status", {t(lang, Key::Saved)} }
                    }
                }
            }
            div { class: "card",
                h2 { {t(lang, Key::Language)} }
                LanguagePicker {}
            }
            div { class: "card",
                h2 { {t(lang, Key::Theme)} }
                ThemePicker {}
            }
            ChangePassword {}
            Sessions {}
            if customer { ExportData {} }
            p { class: "links",
                Link { to: Route::Help {}, "data-testid": "help-link", {t(lang, Key::HelpLink)} }
                " · "
                Link { to: Route::Privacy {}, "data-testid": "privacy-link", {t(lang, Key::PrivacyLink)} }
                " · "
                Link { to: Route::Support {}, "data-testid": "support-link", {t(lang, Key::SupportLink)} }
            }
            ErrorMessage { text: error() }
            if confirming() && unsent > 0 {
                ConfirmBox {
                    label: t(lang, Key::LogOut),
                    message: t(lang, Key::LogOutPendingWarning),
                    confirm_label: t(lang, Key::LogOutAnyway),
                    testid: "logout-confirm",
                    danger: true,
                    on_confirm: { let log_out = log_out.clone(); move |()| log_out() },
                    on_cancel: move |()| confirming.set(false),
                }
            } else {
                button {
                    r#type: "button",
                    class: "button secondary wide",
                    "data-testid": "logout",
                    onclick: move |_| if unsent > 0 { confirming.set(true) } else { log_out() },
                    Icon { name: IconName::LogOut }
                    {t(lang, Key::LogOut)}
                }
            }
            if customer { RemoveAccount {} }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::app::App;
    use crate::i18n::{t, Key, Lang};
    use crate::testing::{signed_in_phone, Screen};

    #[tokio::test]
    async fn offline_password_change_and_removal_explain_and_keep_everything() {
        let phone = signed_in_phone();
        let mut screen = Screen::mount_at(App, &phone, Lang::En, "/account");
        screen.settle().await;
        screen.click("password-open");
        screen.type_text("password-current", "the old one is long enough");
        screen.type_text("password-new", "a brand new passphrase here");
        screen.click("password-submit");
        screen.settle().await;
        let html = screen.html();
        assert!(html.contains(t(Lang::En, Key::ErrorOffline)), "{html}");
        assert!(
            html.contains("value=\"a brand new passphrase here\""),
            "what was typed stays: {html}"
        );

        screen.click("remove-open");
        assert!(
            screen.html().contains(t(Lang::En, Key::RemoveBody)),
            "explained before anything: {}",
            screen.html()
        );
        screen.type_text("remove-password", "the old one is long enough");
        screen.click("remove-confirm");
        screen.settle().await;
        let html = screen.html();
        assert!(
            html.contains("data-testid=\"account\"")
                && html.contains(t(Lang::En, Key::ErrorOffline)),
            "still here, told why: {html}"
        );
        assert!(
            phone.services.store.account().expect("read").is_some(),
            "nothing forgotten when the server did not remove the account"
        );
    }

    #[tokio::test]
    async fn the_marketing_consent_changes_at_once_and_waits_for_the_network() {
        let phone = signed_in_phone();
        let opted_in = || {
            phone
                .services
                .store
                .account()
                .expect("read")
                .expect("cached")
                .marketing_opt_in
        };
        let mut screen = Screen::mount_at(App, &phone, Lang::PtPt, "/account");
        screen.settle().await;
        assert!(!opted_in());
        screen.set_checked("account-marketing", true);
        screen.settle().await;
        assert!(opted_in(), "changed in the cache at once");
        assert_eq!(phone.services.store.pending_count().expect("count"), 1);
        assert!(
            screen.html().contains(t(Lang::PtPt, Key::Saved)),
            "{}",
            screen.html()
        );
    }
}
