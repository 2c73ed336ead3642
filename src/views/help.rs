//! Help: the questions customers ask most, answered in their language, who we are, and the
//! ways to complain; the privacy policy and the accessibility statement. Public: readable
//! before logging in (after the age gate).

use dioxus::prelude::*;

use crate::components::{ExternalLink, Icon, IconName};
use crate::i18n::{format_date, t, tf, use_lang, Key};
use crate::legal::{ACCESSIBILITY_STATEMENT_DATE, BRAND, COMPLAINTS_BOOK_URL};
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
            Link { class: "button secondary", to: Route::Support {}, "data-testid": "support-link",
                Icon { name: IconName::Chat }
                {t(lang, Key::SupportLink)}
            }
            ul { class: "link-list",
                li { Link { to: Route::Privacy {}, "data-testid": "privacy-link", {t(lang, Key::PrivacyLink)} } }
                li { Link { to: Route::AccessibilityStatement {}, "data-testid": "accessibility-link", {t(lang, Key::AccessibilityTitle)} } }
                li { ExternalLink { href: COMPLAINTS_BOOK_URL, text: t(lang, Key::ComplaintsBookLink), testid: "complaints-book" } }
            }
            div { class: "card legal-identity", "data-testid": "legal-identity",
                h2 { {t(lang, Key::LegalIdentityH)} }
                p { {legal_identity(lang)} }
            }
        }
    }
}

/// The brand's identity line (name, tax number, address, contact).
fn legal_identity(lang: crate::i18n::Lang) -> String {
    tf(
        lang,
        Key::LegalIdentity,
        &[
            ("company", BRAND.company),
            ("tax_number", BRAND.tax_number),
            ("address", BRAND.address),
            ("email", BRAND.email),
        ],
    )
}

/// `/accessibility`: the accessibility statement, in the EU model's parts (commitment,
/// status, how it is checked, contact and complaints, date).
#[component]
pub fn AccessibilityStatement() -> Element {
    let lang = use_lang();
    let date = format_date(ACCESSIBILITY_STATEMENT_DATE);
    rsx! {
        section { class: "screen", "data-testid": "accessibility-statement",
            h1 { {t(lang, Key::AccessibilityTitle)} }
            div { class: "card",
                p { {tf(lang, Key::AccessibilityIntro, &[("brand", BRAND.brand)])} }
                h2 { {t(lang, Key::AccessibilityStatusH)} }
                p { {t(lang, Key::AccessibilityStatus)} }
                h2 { {t(lang, Key::AccessibilityTestedH)} }
                p { {t(lang, Key::AccessibilityTested)} }
                h2 { {t(lang, Key::AccessibilityContactH)} }
                p { {tf(lang, Key::AccessibilityContact, &[("email", BRAND.email)])} }
                p { ExternalLink { href: COMPLAINTS_BOOK_URL, text: t(lang, Key::ComplaintsBookLink), testid: "complaints-book" } }
                p { class: "hint", {tf(lang, Key::AccessibilityDate, &[("date", &date)])} }
            }
            Link { class: "button secondary", to: Route::Support {}, "data-testid": "support-link", {t(lang, Key::SupportLink)} }
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

    #[tokio::test]
    async fn help_names_the_trader_links_the_complaints_book_and_the_accessibility_statement() {
        let phone = adult_phone();
        for lang in [Lang::PtPt, Lang::En] {
            let mut screen = Screen::mount_at(App, &phone, lang, "/help");
            screen.settle().await;
            let html = screen.html();
            assert!(
                html.contains(r#"href="https://www.livroreclamacoes.pt""#)
                    && html.contains(r#"rel="noopener noreferrer""#)
                    && html.contains(t(lang, Key::OpensOutside)),
                "the complaints book, marked as leaving the app: {html}"
            );
            assert!(
                html.contains(crate::legal::BRAND.company)
                    && html.contains(crate::legal::BRAND.tax_number),
                "{html}"
            );
            screen.click("accessibility-link");
            screen.settle().await;
            let html = screen.html();
            assert!(
                html.contains("data-testid=\"accessibility-statement\"")
                    && html.contains(t(lang, Key::AccessibilityStatusH))
                    && html.contains("82/2022")
                    && html.contains("03/12/2026"),
                "{html}"
            );
        }
    }
}
