//! Home: the wallet summary with tier progress, the member card for the till, the devices
//! and any messages about refused changes. Everything comes from the phone's cache.

use dioxus::prelude::*;

use crate::components::{
    DeviceCard, EmptyState, ErrorMessage, Icon, IconName, Notices, QrCode, WalletSummary,
};
use crate::i18n::{t, tf, use_lang, Key};
use crate::route::Route;
use crate::state::{use_data, use_refresh_on_open};

/// Devices shown on the home screen before "see all".
const HOME_DEVICES: usize = 3;

/// `/`.
#[component]
pub fn Home() -> Element {
    let lang = use_lang();
    use_refresh_on_open();
    let home = use_data(|store| store.home(5));
    let unread = use_data(|store| store.unread_notifications());
    let home = match home() {
        Ok(home) => home,
        Err(error) => return rsx! { ErrorMessage { text: Some(error) } },
    };
    let Some(account) = home.account else {
        return rsx! { p { class: "loading", "data-testid": "home-loading", {t(lang, Key::Loading)} } };
    };
    let no_devices = home.devices.is_empty();
    rsx! {
        section { class: "screen home", "data-testid": "home",
            h1 { {format!("{}, {}", t(lang, Key::HomeGreeting), account.given_name)} }
            Link { class: "button secondary inbox-link", to: Route::Notifications {}, "data-testid": "home-notifications",
                {t(lang, Key::NotificationsTitle)}
                if let Ok(count @ 1..) = unread() {
                    " "
                    span { class: "count-badge", "data-testid": "unread-count", {tf(lang, Key::NotificationsUnread, &[("count", &count.to_string())])} }
                }
            }
            Notices { notices: home.notices }
            if let Some(wallet) = home.wallet {
                WalletSummary { wallet }
            }
            div { class: "card member-card",
                h2 { {t(lang, Key::MemberCard)} }
                QrCode { data: account.member_code.clone(), label: t(lang, Key::MemberCodeLabel), testid: "member-qr" }
                p { class: "hint", {t(lang, Key::MemberCardHint)} }
            }
            h2 { {t(lang, Key::MyDevices)} }
            if no_devices {
                EmptyState { icon: IconName::Device, text: t(lang, Key::NoDevices), testid: "home-devices-empty" }
            } else {
                ul { class: "device-list", "data-testid": "device-list",
                    for view in home.devices.into_iter().take(HOME_DEVICES) {
                        DeviceCard { key: "{view.device_id.as_str()}", view }
                    }
                }
            }
            Link { class: "button primary", to: Route::RegisterDevice {}, "data-testid": "home-register",
                Icon { name: IconName::Plus }
                {t(lang, if no_devices { Key::RegisterFirstDevice } else { Key::RegisterDevice })}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use companion_domain::wire::DeviceSource;
    use companion_domain::DeviceId;

    use crate::app::App;
    use crate::i18n::{t, Key, Lang};
    use crate::testing::{adult_phone, signed_in_phone, Screen};

    #[tokio::test]
    async fn home_shows_the_cached_wallet_member_card_and_a_pending_device_while_offline() {
        let phone = signed_in_phone();
        let device = DeviceId::with_check_character("7K3M2Q9W4X1").expect("valid");
        phone
            .services
            .store
            .queue(
                companion_client::actions::RegisterDevice {
                    device_id: device,
                    source: DeviceSource::Manual,
                },
                time::OffsetDateTime::now_utc(),
            )
            .expect("queued");
        // The server is unreachable: a sync round leaves the phone offline with 1 pending.
        phone.services.sync.sync_once().await.expect("store fine");
        let mut screen = Screen::mount(App, &phone, Lang::PtPt);
        screen.settle().await;
        let html = screen.html();
        assert!(html.contains("data-testid=\"home\""), "{html}");
        assert!(html.contains("Olá, Ana"), "{html}");
        assert!(
            html.contains("data-testid=\"wallet-balance\">640<"),
            "{html}"
        );
        assert!(html.contains(t(Lang::PtPt, Key::TierSilver)), "{html}");
        assert!(
            html.contains("<svg") && html.contains("WXX7N73QV2"),
            "member QR: {html}"
        );
        assert!(
            html.contains(&format!("data-testid=\"device-{}\"", device.as_str())),
            "{html}"
        );
        assert!(
            html.contains(t(Lang::PtPt, Key::PendingTag)),
            "pending marked: {html}"
        );
        assert!(html.contains(t(Lang::PtPt, Key::ModelPending)), "{html}");
        assert!(html.contains("data-testid=\"offline-banner\""), "{html}");
        assert!(
            html.contains(&format!(
                "data-testid=\"sync-status\">{}<",
                t(Lang::PtPt, Key::SyncOffline)
            )),
            "{html}"
        );
    }

    #[tokio::test]
    async fn home_with_no_devices_invites_to_register() {
        let phone = signed_in_phone();
        let mut screen = Screen::mount(App, &phone, Lang::En);
        screen.settle().await;
        let html = screen.html();
        assert!(html.contains(t(Lang::En, Key::NoDevices)), "{html}");
        assert!(html.contains("data-testid=\"home-register\""), "{html}");
    }

    #[tokio::test]
    async fn a_signed_out_phone_never_shows_home() {
        let phone = adult_phone();
        let mut screen = Screen::mount(App, &phone, Lang::En);
        screen.settle().await;
        let html = screen.html();
        assert!(
            html.contains("data-testid=\"login\"") && !html.contains("data-testid=\"home\""),
            "{html}"
        );
    }
}
