//! Looks like a product and reads for everyone (issue 23), on both engines: every main
//! screen, in the light and the dark theme, passes axe with no serious or critical issue,
//! and at 320 px wide, with normal and with doubled text, never scrolls sideways, keeps the
//! header's controls on the screen and its touch targets at least 44 px. An empty device
//! list leads to the first registration; the theme chosen in Account survives a restart;
//! on Chromium the phone's own dark mode and reduced motion are followed.

use crate::harness::Journey;

/// The `.app` background's brightness (sum of red, green and blue, 0–765).
async fn app_brightness(journey: &Journey) -> i64 {
    let colour = journey
        .browser()
        .execute(
            "return getComputedStyle(document.querySelector('.app')).backgroundColor;",
            vec![],
        )
        .await
        .expect("colour read");
    let text = colour.as_str().unwrap_or_default().to_string();
    let channels: Vec<i64> = text
        .trim_start_matches("rgba(")
        .trim_start_matches("rgb(")
        .trim_end_matches(')')
        .split(',')
        .take(3)
        .filter_map(|part| part.trim().parse().ok())
        .collect();
    assert_eq!(channels.len(), 3, "not a colour: {text}");
    channels.iter().sum()
}

/// Waits until the app wears `theme` (a tap's re-render is not instant), and says so.
async fn wait_for_theme(journey: &Journey, theme: &str) {
    let started = std::time::Instant::now();
    loop {
        let now = app_theme(journey).await;
        if now == theme {
            return;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "the app stayed {now:?}, not {theme:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Waits until the app's background is dark (or light): an emulated media change reaches
/// the page's style a moment after the command returns.
async fn wait_for_brightness(journey: &Journey, dark: bool, why: &str) {
    let started = std::time::Instant::now();
    loop {
        let brightness = app_brightness(journey).await;
        if (dark && brightness < 150) || (!dark && brightness > 600) {
            return;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "{why}, yet the app's background is {brightness} bright"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

async fn app_theme(journey: &Journey) -> String {
    journey
        .browser()
        .execute(
            "return document.querySelector('.app').getAttribute('data-theme');",
            vec![],
        )
        .await
        .expect("theme read")
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_main_screen_reads_at_320_px_and_double_text_in_both_themes() {
    let mut journey = Journey::start("looks", "pt-PT").await;
    let email = "aspecto@example.pt";
    let [device] = journey.catalog(1).await[..] else {
        panic!("one device")
    };
    journey.customer(email).await;
    journey.log_in(email).await;

    // No devices yet: a picture, a sentence and the one next step.
    journey.click("nav-devices").await;
    journey.wait_for("devices-empty").await;
    journey.wait_for("devices-register-first").await;
    journey.screenshot("devices-empty").await;
    journey.check_reflow("devices-empty").await;

    // A device and points arrive from the shop; Home syncs when opened.
    journey.register_for(email, device).await;
    journey.give_points(email, 30).await;
    journey.click("nav-home").await;
    journey
        .wait_for(&format!("device-{}", device.as_str()))
        .await;

    let open_device = format!("open-device-{}", device.as_str());
    for theme in ["light", "dark"] {
        journey.click("nav-account").await;
        journey.click(&format!("theme-{theme}")).await;
        wait_for_theme(&journey, theme).await;
        wait_for_brightness(&journey, theme == "dark", theme).await;
        // Each screen: the taps that open it, the element that says it is there.
        let screens: [(&str, &[&str], &str); 15] = [
            ("home", &["nav-home"], "home"),
            ("devices", &["nav-devices"], "device-list"),
            (
                "register",
                &["nav-devices", "devices-register"],
                "device-id-input",
            ),
            ("device", &["nav-devices", &open_device], "guarantees"),
            (
                "guarantee",
                &["nav-devices", &open_device, "guarantee-start"],
                "guarantee-fault",
            ),
            (
                "troubleshoot",
                &[
                    "nav-devices",
                    &open_device,
                    "troubleshoot-open",
                    "troubleshoot-symptom-wont_heat",
                ],
                "troubleshoot-step",
            ),
            (
                "transfer",
                &["nav-devices", "transfer-open"],
                "ask-transfer",
            ),
            ("wallet", &["nav-wallet"], "wallet-balance"),
            ("rewards", &["nav-wallet", "see-rewards"], "rewards"),
            (
                "claims",
                &["nav-wallet", "points-claim-open"],
                "points-claims",
            ),
            ("inbox", &["nav-notifications"], "notifications"),
            ("account", &["nav-account"], "account"),
            ("help", &["nav-account", "help-link"], "help"),
            ("support", &["nav-account", "support-link"], "support"),
            (
                "accessibility",
                &["nav-account", "help-link", "accessibility-link"],
                "accessibility-statement",
            ),
        ];
        for (name, taps, shown) in screens {
            for tap in taps {
                journey.click(tap).await;
            }
            journey.wait_for(shown).await;
            let label = format!("{name}-{theme}");
            journey.screenshot(&label).await;
            journey.check_reflow(&label).await;
            if matches!(
                name,
                "home" | "devices" | "device" | "wallet" | "account" | "help"
            ) {
                journey.doc_screenshot(&label).await;
            }
        }
    }

    // The device page explains both guarantees; Help names the trader and the complaints
    // book.
    journey.click("nav-devices").await;
    journey.click(&open_device).await;
    journey.wait_for_text("guarantee-legal", "84/2021").await;
    journey.wait_for("guarantee-voluntary").await;
    journey.click("nav-account").await;
    journey.click("help-link").await;
    let book = journey.wait_for("complaints-book").await;
    // WebKit reads the attribute back as the resolved address, with its final slash.
    let href = book.attr("href").await.expect("href").unwrap_or_default();
    assert_eq!(
        href.trim_end_matches('/'),
        "https://www.livroreclamacoes.pt"
    );
    journey.wait_for("legal-identity").await;

    // The choice is this phone's: still dark after the app is killed and started again.
    journey.restart_app().await;
    journey.wait_for("home").await;
    wait_for_theme(&journey, "dark").await;

    // "Same as the phone": the phone's dark mode and reduced motion (Chromium can emulate
    // them; WebKitWebDriver cannot).
    journey.click("nav-account").await;
    journey.click("theme-system").await;
    wait_for_theme(&journey, "system").await;
    if journey
        .emulate_media(&[
            ("prefers-color-scheme", "dark"),
            ("prefers-reduced-motion", "reduce"),
        ])
        .await
    {
        wait_for_brightness(&journey, true, "the phone is dark").await;
        journey.screenshot("account-system-dark").await;
        let motion = journey
            .browser()
            .execute(
                "return getComputedStyle(document.querySelector('[data-testid=logout]')).transitionDuration;",
                vec![],
            )
            .await
            .expect("style read");
        let seconds: f64 = motion
            .as_str()
            .unwrap_or_default()
            .split(',')
            .filter_map(|d| d.trim().trim_end_matches('s').parse().ok())
            .fold(0.0, f64::max);
        assert!(seconds < 0.01, "reduced motion, yet {motion}");
        journey
            .emulate_media(&[("prefers-color-scheme", "light")])
            .await;
        wait_for_brightness(&journey, false, "the phone is light").await;
    }
    journey.finish().await;
}
