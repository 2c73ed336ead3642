//! Email addresses and the password policy (OWASP ASVS level 2, section 2.1).
//!
//! Passwords: at least 12 characters, long passphrases welcome (up to 128), any characters,
//! no composition rules; guessable ones (common passwords, keyboard walks, the customer's
//! own name or email) are refused using zxcvbn's strength estimate rather than a hand-made
//! list.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A syntactically valid email address, trimmed and lower-cased so that one mailbox is one
/// account regardless of how it was typed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

/// Why an email address is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    /// Not an address a mail can be delivered to.
    #[error("Enter a valid email address, like name@example.pt.")]
    Invalid,
}

impl Email {
    /// Longest address accepted (RFC 5321 path limit).
    pub const MAX_LEN: usize = 254;

    /// Parses and normalises an address.
    pub fn parse(text: &str) -> Result<Self, EmailError> {
        let normalized = text.trim().to_lowercase();
        if normalized.len() > Self::MAX_LEN {
            return Err(EmailError::Invalid);
        }
        let parsed =
            email_address::EmailAddress::from_str(&normalized).map_err(|_| EmailError::Invalid)?;
        // A consumer's mailbox lives on a public domain: require a dot, refuse display names.
        if !parsed.domain().contains('.') || parsed.email() != normalized {
            return Err(EmailError::Invalid);
        }
        Ok(Email(normalized))
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A hint that reminds its owner without telling anyone else: the first character of
    /// the mailbox and the whole domain, `a***@mail.pt`.
    pub fn masked(&self) -> String {
        let (mailbox, domain) = self.0.split_once('@').unwrap_or((&self.0, ""));
        let first: String = mailbox.chars().take(1).collect();
        format!("{first}***@{domain}")
    }
}

impl TryFrom<String> for Email {
    type Error = EmailError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Email::parse(&value)
    }
}

impl From<Email> for String {
    fn from(email: Email) -> Self {
        email.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a new password is refused. Messages are for the customer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    /// Shorter than the minimum.
    #[error(
        "Use at least {min} characters; a few unrelated words make a strong, memorable password."
    )]
    TooShort {
        /// The minimum length in characters.
        min: usize,
    },
    /// Longer than we accept.
    #[error("Use at most {max} characters.")]
    TooLong {
        /// The maximum length in characters.
        max: usize,
    },
    /// Long enough but easy to guess.
    #[error("This password is too easy to guess{hint}. Try a few unrelated words.")]
    TooGuessable {
        /// A short explanation from the strength estimator, starting with ": ", or empty.
        hint: String,
    },
}

/// The password rules. One policy serves sign-up, reset and change so they never drift.
#[derive(Debug, Clone, Copy)]
pub struct PasswordPolicy {
    /// Minimum length in characters (Unicode scalar values).
    pub min_chars: usize,
    /// Maximum length in characters.
    pub max_chars: usize,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        PasswordPolicy {
            min_chars: 12,
            max_chars: 128,
        }
    }
}

impl PasswordPolicy {
    /// Characters the strength estimator looks at; its cost grows quickly with length and a
    /// long password's strength is settled well before this.
    const ESTIMATED_PREFIX: usize = 64;

    /// Checks a new password; `personal` holds the customer's email and names, which must
    /// not make up the password.
    pub fn check(&self, password: &str, personal: &[&str]) -> Result<(), PasswordError> {
        let length = password.chars().count();
        if length < self.min_chars {
            return Err(PasswordError::TooShort {
                min: self.min_chars,
            });
        }
        if length > self.max_chars {
            return Err(PasswordError::TooLong {
                max: self.max_chars,
            });
        }
        let prefix: String = password.chars().take(Self::ESTIMATED_PREFIX).collect();
        let mut inputs: Vec<&str> = personal.iter().copied().filter(|s| !s.is_empty()).collect();
        let local_parts: Vec<&str> = personal
            .iter()
            .filter_map(|s| s.split('@').next())
            .collect();
        inputs.extend(local_parts);
        let estimate = zxcvbn::zxcvbn(&prefix, &inputs);
        if (estimate.score() as u8) < 3 {
            let hint = estimate
                .feedback()
                .and_then(|f| f.warning())
                .map(|w| format!(": {w}"))
                .unwrap_or_default();
            return Err(PasswordError::TooGuessable { hint });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_lowercased_and_validated() {
        assert_eq!(
            Email::parse("  Ana.Silva@Example.PT ").map(|e| e.0),
            Ok("ana.silva@example.pt".into())
        );
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.pt",
            "ana@localhost",
            "Ana <ana@example.pt>",
            "a b@example.pt",
        ] {
            assert_eq!(
                Email::parse(bad),
                Err(EmailError::Invalid),
                "{bad:?} accepted"
            );
        }
        let long = format!("{}@example.pt", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(EmailError::Invalid));
    }

    #[test]
    fn short_passwords_are_refused_with_the_minimum() {
        let policy = PasswordPolicy::default();
        assert_eq!(
            policy.check("x7#kQ9!a", &[]),
            Err(PasswordError::TooShort { min: 12 })
        );
    }

    #[test]
    fn common_and_personal_passwords_are_refused() {
        let policy = PasswordPolicy::default();
        for weak in [
            "password1234",
            "123456789012",
            "qwertyuiopas",
            "aaaaaaaaaaaa",
        ] {
            assert!(
                matches!(
                    policy.check(weak, &[]),
                    Err(PasswordError::TooGuessable { .. })
                ),
                "{weak} was accepted"
            );
        }
        let personal = policy.check(
            "ana.silva@example.pt",
            &["ana.silva@example.pt", "Ana", "Silva"],
        );
        assert!(matches!(personal, Err(PasswordError::TooGuessable { .. })));
    }

    #[test]
    fn long_passphrases_and_any_characters_are_welcome() {
        let policy = PasswordPolicy::default();
        assert_eq!(policy.check("cavalo bateria agrafo correto", &[]), Ok(()));
        assert_eq!(policy.check("pão-de-ló às três da tarde", &[]), Ok(()));
        let long = "the quick brown ferret juggles seven lanterns ".repeat(2);
        assert_eq!(policy.check(&long, &[]), Ok(()));
        assert_eq!(
            policy.check(&"x".repeat(129), &[]),
            Err(PasswordError::TooLong { max: 128 })
        );
    }

    #[test]
    fn a_masked_address_keeps_the_first_letter_and_the_domain() {
        let email = Email::parse("ana.silva@mail.pt").expect("valid");
        assert_eq!(email.masked(), "a***@mail.pt");
        assert!(!email.masked().contains("silva"));
    }
}
