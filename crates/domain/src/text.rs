//! Free text typed by people (names, addresses, fault descriptions, messages) and phone
//! numbers: the one rule for what the API stores and the app sends.
//!
//! Text is trimmed and bounded in characters; control characters are refused (a line break
//! only where several lines make sense), and so are the Unicode bidirectional overrides,
//! embeddings and isolates, which can make a courier's label or an agent's screen show
//! something other than what is stored ("Trojan Source").

use std::fmt;

/// Why a piece of text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// Shorter than the minimum (empty, for a required field).
    #[error("too short: at least {min} characters")]
    TooShort {
        /// The minimum, in characters.
        min: usize,
    },
    /// Longer than the maximum.
    #[error("too long: at most {max} characters")]
    TooLong {
        /// The maximum, in characters.
        max: usize,
    },
    /// Holds a control or bidirectional-override character.
    #[error("contains characters that cannot be used")]
    ForbiddenCharacter,
}

/// Whether several lines are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// One line: names, address lines, references.
    One,
    /// Several lines: descriptions and messages (`\r\n` is kept as `\n`).
    Many,
}

/// Bounds of one kind of field, in characters after trimming.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextRule {
    /// Fewest characters.
    pub min: usize,
    /// Most characters.
    pub max: usize,
    /// One line or several.
    pub lines: Lines,
}

impl TextRule {
    /// Checks `text` and returns it trimmed, with line breaks normalised.
    pub fn clean(&self, text: &str) -> Result<String, TextError> {
        let text = text.trim();
        let text = match self.lines {
            Lines::Many => text.replace("\r\n", "\n"),
            Lines::One => text.to_string(),
        };
        if text.chars().any(|c| is_forbidden(c, self.lines)) {
            return Err(TextError::ForbiddenCharacter);
        }
        let length = text.chars().count();
        if length < self.min {
            return Err(TextError::TooShort { min: self.min });
        }
        if length > self.max {
            return Err(TextError::TooLong { max: self.max });
        }
        Ok(text)
    }

    /// The same check for an optional field: blank means absent.
    pub fn clean_optional(&self, text: Option<&str>) -> Result<Option<String>, TextError> {
        match text.map(str::trim).filter(|t| !t.is_empty()) {
            Some(text) => self.clean(text).map(Some),
            None => Ok(None),
        }
    }
}

const fn one_line(min: usize, max: usize) -> TextRule {
    TextRule {
        min,
        max,
        lines: Lines::One,
    }
}

const fn many_lines(min: usize, max: usize) -> TextRule {
    TextRule {
        min,
        max,
        lines: Lines::Many,
    }
}

/// A given name or surname.
pub const PERSON_NAME: TextRule = one_line(1, 80);
/// Who receives a delivery.
pub const RECIPIENT: TextRule = one_line(1, 120);
/// Street, number, floor.
pub const ADDRESS_LINE1: TextRule = one_line(3, 200);
/// More address detail (optional).
pub const ADDRESS_LINE2: TextRule = one_line(1, 200);
/// City or town.
pub const CITY: TextRule = one_line(2, 80);
/// What is wrong with a device.
pub const FAULT_DESCRIPTION: TextRule = many_lines(10, 2000);
/// A message to customer support.
pub const SUPPORT_MESSAGE: TextRule = many_lines(1, 4000);
/// A shop's receipt reference.
pub const RECEIPT_REFERENCE: TextRule = one_line(1, 64);

fn is_forbidden(c: char, lines: Lines) -> bool {
    let allowed_break = lines == Lines::Many && (c == '\n' || c == '\t');
    (c.is_control() && !allowed_break) || is_bidi_control(c)
}

/// The explicit bidirectional formatting characters (Unicode TR9), the zero-width marks
/// excepted: they only nudge neutral characters and cannot reorder text.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A phone number for a courier, stored in international form: `+351912345678`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

/// Why a phone number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a phone number: 9 digits for Portugal, or + and the country code")]
pub struct PhoneError;

impl Phone {
    /// Reads what people type: spaces, dots, dashes and brackets between digits, a leading
    /// `+` or `00`. Nine digits are a Portuguese number (+351); otherwise the country code
    /// must be given, and the whole is 8 to 15 digits (ITU E.164).
    pub fn parse(text: &str) -> Result<Phone, PhoneError> {
        let text = text.trim();
        let (international, rest) = match text.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => match text.strip_prefix("00") {
                Some(rest) => (true, rest),
                None => (false, text),
            },
        };
        let mut digits = String::new();
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '.' | '-' | '(' | ')' => {}
                _ => return Err(PhoneError),
            }
        }
        let full = if international {
            digits
        } else if digits.len() == 9 {
            format!("351{digits}")
        } else {
            return Err(PhoneError);
        };
        if !(8..=15).contains(&full.len()) || full.starts_with('0') {
            return Err(PhoneError);
        }
        if let Some(national) = full.strip_prefix("351") {
            if national.len() != 9 {
                return Err(PhoneError);
            }
        }
        Ok(Phone(format!("+{full}")))
    }

    /// The international form, `+` and digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_bounded_in_characters_not_bytes() {
        assert_eq!(CITY.clean("  Évora "), Ok("Évora".to_string()));
        assert_eq!(CITY.clean("É"), Err(TextError::TooShort { min: 2 }));
        assert_eq!(
            ADDRESS_LINE2.clean(&"x".repeat(25_000)),
            Err(TextError::TooLong { max: 200 })
        );
        assert_eq!(
            CITY.clean(&"ç".repeat(80)).map(|c| c.chars().count()),
            Ok(80)
        );
    }

    #[test]
    fn control_and_bidi_override_characters_are_refused() {
        for hostile in [
            "Rua\u{0}1",
            "Rua \u{1b}[31m",
            "Rua \u{202E}1 ab",
            "a\u{2066}b",
            "a\nb",
        ] {
            assert_eq!(
                ADDRESS_LINE1.clean(hostile),
                Err(TextError::ForbiddenCharacter),
                "{hostile:?}"
            );
        }
        assert_eq!(
            FAULT_DESCRIPTION.clean("Não aquece.\r\nDesliga-se sozinho."),
            Ok("Não aquece.\nDesliga-se sozinho.".to_string())
        );
        assert_eq!(
            FAULT_DESCRIPTION.clean("Não aquece \u{7} nada"),
            Err(TextError::ForbiddenCharacter)
        );
    }

    #[test]
    fn an_optional_blank_field_is_absent() {
        assert_eq!(ADDRESS_LINE2.clean_optional(Some("   ")), Ok(None));
        assert_eq!(ADDRESS_LINE2.clean_optional(None), Ok(None));
        assert_eq!(
            ADDRESS_LINE2.clean_optional(Some(" 3º Esq ")),
            Ok(Some("3º Esq".to_string()))
        );
    }

    #[test]
    fn phone_numbers_are_read_as_typed_and_stored_internationally() {
        for typed in [
            "912 345 678",
            "912-345-678",
            "+351 912 345 678",
            "00351912345678",
            "(+351) 912.345.678",
        ] {
            let parsed = Phone::parse(typed).map(|p| p.as_str().to_string());
            if typed.starts_with('(') {
                assert_eq!(parsed, Err(PhoneError), "{typed}");
            } else {
                assert_eq!(parsed, Ok("+351912345678".to_string()), "{typed}");
            }
        }
        assert_eq!(
            Phone::parse("+44 20 7946 0958").map(|p| p.to_string()),
            Ok("+442079460958".to_string())
        );
        for bad in [
            "12345",
            "+351 12345",
            "912 345 6789",
            "9123456ab",
            "",
            "+",
            "\u{0}912345678",
        ] {
            assert_eq!(Phone::parse(bad), Err(PhoneError), "{bad:?}");
        }
    }
}
