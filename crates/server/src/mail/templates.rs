//! The emails' words, in files under `crates/server/templates/mail/`: for each template
//! and language a text part (`NAME.LANG.txt`, whose `subject` block is the subject) and an
//! HTML part (`NAME.LANG.html`), each extending the language's base with the brand's
//! footer. The files are compiled into the binary, so a deployment cannot miss one, and a
//! unit test renders every template in every language.
//!
//! The engine is minijinja rather than askama: it adds two crates to Cargo.lock
//! (minijinja and memo-map, both without further dependencies) where askama brings a
//! derive macro, a parser and their dependencies; and templates chosen by name at run
//! time (the name stored in the outbox row) are its natural use, where askama would need
//! a struct per template and a match to reach it. HTML parts are escaped automatically
//! (by the `.html` name); text parts are not.

use std::sync::LazyLock;

use companion_domain::wire::Language;
use minijinja::Environment;
use serde_json::Value;

use super::compose::SUPPORT_EMAIL;

/// A template, by the name stored in the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// `password_reset`.
    PasswordReset,
    /// `invitation`: assisted sign-up.
    Invitation,
    /// `staff_invitation`.
    StaffInvitation,
    /// `staff_password_reset`.
    StaffPasswordReset,
    /// `support_reply`.
    SupportReply,
    /// `replacement_shipped`.
    ReplacementShipped,
    /// `replacement_ready`: ready for collection.
    ReplacementReady,
}

impl Template {
    /// Every template.
    pub const ALL: [Template; 7] = [
        Template::PasswordReset,
        Template::Invitation,
        Template::StaffInvitation,
        Template::StaffPasswordReset,
        Template::SupportReply,
        Template::ReplacementShipped,
        Template::ReplacementReady,
    ];

    /// The stored name, also the files' stem.
    pub fn as_str(self) -> &'static str {
        match self {
            Template::PasswordReset => "password_reset",
            Template::Invitation => "invitation",
            Template::StaffInvitation => "staff_invitation",
            Template::StaffPasswordReset => "staff_password_reset",
            Template::SupportReply => "support_reply",
            Template::ReplacementShipped => "replacement_shipped",
            Template::ReplacementReady => "replacement_ready",
        }
    }

    /// Parses a stored name.
    pub fn from_name(name: &str) -> Option<Template> {
        Template::ALL.into_iter().find(|t| t.as_str() == name)
    }
}

/// An email's words in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The subject line.
    pub subject: String,
    /// The text/plain part.
    pub text: String,
    /// The text/html part.
    pub html: String,
}

/// Why an outbox row cannot become an email: a bug or a row from a newer version, never
/// worth retrying.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// No template has this name.
    #[error("no mail template is called {0:?}")]
    Unknown(String),
    /// The template did not render with these values.
    #[error("the mail template {name} ({language}) does not render: {source}")]
    Render {
        /// The template.
        name: &'static str,
        /// The language.
        language: &'static str,
        /// minijinja's explanation.
        source: minijinja::Error,
    },
}

/// Renders `template` in `language` with `params`.
pub fn render(
    template: Template,
    language: Language,
    params: &Value,
) -> Result<Rendered, TemplateError> {
    let failed = |source| TemplateError::Render {
        name: template.as_str(),
        language: language.as_str(),
        source,
    };
    let file = |part: &str| format!("{}.{}.{part}", template.as_str(), language.as_str());
    let text = ENVIRONMENT.get_template(&file("txt")).map_err(failed)?;
    let mut captured = text.render_captured(params).map_err(failed)?;
    let subject = captured
        .with_state_mut(|state| state.render_block("subject"))
        .map_err(failed)?;
    let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = captured.into_output();
    let mut context = match params {
        Value::Object(map) => map.clone(),
        _ => serde_json::Map::new(),
    };
    context.insert("subject".into(), Value::String(subject.clone()));
    let html = ENVIRONMENT
        .get_template(&file("html"))
        .and_then(|html| html.render(&context))
        .map_err(failed)?;
    Ok(Rendered {
        subject,
        text: tidy_text(&text),
        html,
    })
}

/// At most one empty line in a row, none at the start: what the template's blocks leave.
fn tidy_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = true;
    for line in text.lines().map(str::trim_end) {
        if line.is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
        } else {
            out.push_str(line);
            out.push('\n');
            blank = false;
        }
    }
    out
}

macro_rules! files {
    ($($name:literal),+ $(,)?) => {
        &[$(($name, include_str!(concat!("../../templates/mail/", $name)))),+]
    };
}

/// Every file under `templates/mail/`, compiled in.
const FILES: &[(&str, &str)] = files!(
    "_base.pt.txt",
    "_base.en.txt",
    "_base.pt.html",
    "_base.en.html",
    "_role.pt.txt",
    "_role.en.txt",
    "password_reset.pt.txt",
    "password_reset.en.txt",
    "password_reset.pt.html",
    "password_reset.en.html",
    "invitation.pt.txt",
    "invitation.en.txt",
    "invitation.pt.html",
    "invitation.en.html",
    "staff_invitation.pt.txt",
    "staff_invitation.en.txt",
    "staff_invitation.pt.html",
    "staff_invitation.en.html",
    "staff_password_reset.pt.txt",
    "staff_password_reset.en.txt",
    "staff_password_reset.pt.html",
    "staff_password_reset.en.html",
    "support_reply.pt.txt",
    "support_reply.en.txt",
    "support_reply.pt.html",
    "support_reply.en.html",
    "replacement_shipped.pt.txt",
    "replacement_shipped.en.txt",
    "replacement_shipped.pt.html",
    "replacement_shipped.en.html",
    "replacement_ready.pt.txt",
    "replacement_ready.en.txt",
    "replacement_ready.pt.html",
    "replacement_ready.en.html",
);

static ENVIRONMENT: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.add_global("support_email", SUPPORT_EMAIL);
    for (name, source) in FILES {
        if let Err(error) = env.add_template(name, source) {
            // A syntax error in a compiled-in file: the unit test below fails first.
            tracing::error!(%error, name, "a mail template does not parse");
        }
    }
    env
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::Mail;
    use companion_domain::wire::StaffRole;

    fn every_mail() -> Vec<Mail> {
        let code = "ABCDE-FGHJK".to_string();
        vec![
            Mail::PasswordReset { code: code.clone() },
            Mail::Invitation { code: code.clone() },
            Mail::StaffInvitation {
                code: code.clone(),
                role: StaffRole::Support,
            },
            Mail::StaffPasswordReset {
                code,
                role: StaffRole::Sales,
            },
            Mail::SupportReply {
                reference: "S-1234".into(),
                message: "Olá <Ana> & bem-vinda.".into(),
                hint: Some("a***@example.pt".into()),
                reset_sent: true,
            },
            Mail::ReplacementShipped {
                device_id: "ABCD-EFGH-JKMN".into(),
                tracking_number: "CTT-RR1PT".into(),
            },
            Mail::ReplacementReady {
                device_id: "ABCD-EFGH-JKMN".into(),
            },
        ]
    }

    #[test]
    fn every_template_renders_in_every_language_with_the_footer() {
        for mail in every_mail() {
            for language in Language::ALL {
                let out = render(mail.template(), language, &mail.params())
                    .unwrap_or_else(|e| panic!("{e}"));
                assert!(!out.subject.is_empty() && !out.subject.contains('\n'));
                assert!(out.text.contains(SUPPORT_EMAIL), "{}", out.text);
                assert!(out.html.contains(SUPPORT_EMAIL), "{}", out.html);
                assert!(!out.text.starts_with('\n'), "{:?}", out.text);
                assert!(!out.text.contains("\n\n\n"), "{:?}", out.text);
                assert!(!out.html.contains("<Ana>"), "escaped: {}", out.html);
            }
        }
        assert_eq!(Template::ALL.len(), every_mail().len());
        for template in Template::ALL {
            assert_eq!(Template::from_name(template.as_str()), Some(template));
        }
    }

    #[test]
    fn portuguese_and_english_say_the_same_in_their_own_words() {
        let mail = Mail::StaffInvitation {
            code: "ABCDE-FGHJK".into(),
            role: StaffRole::Support,
        };
        let pt = render(mail.template(), Language::Pt, &mail.params()).expect("pt");
        let en = render(mail.template(), Language::En, &mail.params()).expect("en");
        assert!(
            pt.subject.contains("agente de apoio ao cliente"),
            "{}",
            pt.subject
        );
        assert!(pt.text.contains("O seu código: ABCDE-FGHJK"), "{}", pt.text);
        assert!(pt.text.contains("segundo fator"), "{}", pt.text);
        assert!(
            en.subject.contains("customer support agent"),
            "{}",
            en.subject
        );
        assert!(en.text.contains("Your code: ABCDE-FGHJK"), "{}", en.text);
        let sales = Mail::StaffInvitation {
            code: "ABCDE-FGHJK".into(),
            role: StaffRole::Sales,
        };
        let text = render(sales.template(), Language::En, &sales.params()).expect("en");
        assert!(!text.text.contains("authenticator"), "{}", text.text);
    }
}
