//! Help: the questions customers ask most, answered in their language. Public: readable
//! before logging in (after the age gate).

use dioxus::prelude::*;

use crate::i18n::{t, use_lang, Key};
use crate::route::Route;

/// The FAQ, as question/answer pairs.
const FAQ: [(Key, Key); 7] = [
    (Key::FaqRegisterQ, Key::FaqRegisterA),
    (Key::FaqLoyaltyQ, Key::FaqLoyaltyA),
    (Key::FaqGuaranteeQ, Key::FaqGuaranteeA),
    (Key::FaqPasswordQ, Key::FaqPasswordA),
    (Key::FaqEmailQ, Key::FaqEmailA),
    (Key::FaqRemoveQ, Key::FaqRemoveA),
    (Key::FaqAgeQ, Key::FaqAgeA),
];

/// `/help`.
#[component]
pub fn Help() -> Element {
    let lang = use_lang();
    rsx! {
        section { class: "screen", "data-testid": "help",
            h1 { {t(lang, Key::HelpTitle)} }
            div { class: "card faq",
                for (question, answer) in FAQ {
                    details {
                        summary { {t(lang, question)} }
                        p { {t(lang, answer)} }
                    }
                }
            }
            Link { class: "button secondary", to: Route::Support {}, "data-testid": "support-link", {t(lang, Key::SupportLink)} }
            Link { to: Route::Privacy {}, "data-testid": "privacy-link", {t(lang, Key::PrivacyLink)} }
        }
    }
}

/// `/privacy`.
#[component]
pub fn Privacy() -> Element {
    let lang = use_lang();
    let sections = [
        (Key::PrivacyWhatH, Key::PrivacyWhat),
        (Key::PrivacyWhyH, Key::PrivacyWhy),
        (Key::PrivacyRightsH, Key::PrivacyRights),
        (Key::PrivacyPhoneH, Key::PrivacyPhone),
    ];
    rsx! {
        section { class: "screen", "data-testid": "privacy",
            h1 { {t(lang, Key::PrivacyTitle)} }
            div { class: "card",
                for (heading, text) in sections {
                    h2 { {t(lang, heading)} }
                    p { {t(lang, text)} }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::app::App;
    use crate::i18n::{t, Key, Lang};
    use crate::testing::{adult_phone, Screen};

    #[tokio::test]
    async fn help_and_privacy_are_readable_signed_out_in_both_languages() {
        let phone = adult_phone();
        for lang in [Lang::PtPt, Lang::En] {
            let mut screen = Screen::mount(App, &phone, lang);
            screen.settle().await;
            screen.click("help-link");
            screen.settle().await;
            let html = screen.html();
            assert!(html.contains("data-testid=\"help\""), "{html}");
            assert!(
                html.contains(t(lang, Key::FaqEmailQ)) && html.contains("<details>"),
                "{html}"
            );
            screen.click("privacy-link");
            screen.settle().await;
            assert!(
                screen.html().contains(t(lang, Key::PrivacyRightsH)),
                "{}",
                screen.html()
            );
        }
    }
}
