//! Deciding what a decoded code means: a device ID, a wrong device ID, or something else.

use companion_domain::{DeviceId, DeviceIdError};

use crate::error::ScanError;
use crate::read::Payload;

/// Turns a payload into a device ID. The ID's check character is always verified (by
/// [`DeviceId::from_code_payload`]), so a misread that slipped past the code's own error
/// correction still cannot come out as an ID.
pub fn device_id(payload: Payload) -> Result<DeviceId, ScanError> {
    match DeviceId::from_code_payload(&payload.text) {
        Ok(id) => Ok(id),
        Err(DeviceIdError::Checksum) => Err(ScanError::WrongCheckCharacter {
            format: payload.format,
            payload: payload.text,
        }),
        Err(reason) => Err(ScanError::NotADeviceId {
            format: payload.format,
            payload: payload.text,
            reason,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CodeFormat;

    fn qr(text: &str) -> Payload {
        Payload {
            format: CodeFormat::Qr,
            text: text.to_string(),
            points: Vec::new(),
        }
    }

    #[test]
    fn a_url_ending_in_a_valid_id_is_that_id() {
        let id = DeviceId::with_check_character("7K3M2Q9W4X1").expect("valid body");
        let url = format!("https://example.pt/d/{}", id.display_grouped());
        assert_eq!(device_id(qr(&url)).ok(), Some(id));
    }

    #[test]
    fn a_wrong_check_character_is_its_own_error() {
        let id = DeviceId::with_check_character("7K3M2Q9W4X1").expect("valid body");
        let last = id.as_str().as_bytes()[11];
        let wrong = if last == b'0' { '1' } else { '0' };
        let text = format!("{}{wrong}", &id.as_str()[..11]);
        assert!(matches!(
            device_id(qr(&text)),
            Err(ScanError::WrongCheckCharacter { .. })
        ));
    }

    #[test]
    fn other_text_is_not_a_device_id() {
        assert!(matches!(
            device_id(qr("https://example.com/hello")),
            Err(ScanError::NotADeviceId {
                reason: DeviceIdError::WrongLength { found: 5 },
                ..
            })
        ));
    }
}
