//! The rule for a replacement request's free text and delivery address, called by the
//! API before storing it and by the app before queueing it, so that a request queued
//! offline is never refused hours later for something the phone could have said at once.

use crate::text::{self, Phone, TextError};
use crate::wire::{CreateGuaranteeRequest, Delivery, PostalAddress};

/// A part of a delivery address, to say which one to fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressField {
    /// Who receives it.
    Recipient,
    /// Street, number, floor.
    Line1,
    /// More detail.
    Line2,
    /// City or town.
    City,
}

impl AddressField {
    /// The field's name in English, for API messages.
    pub fn label(self) -> &'static str {
        match self {
            AddressField::Recipient => "recipient",
            AddressField::Line1 => "street",
            AddressField::Line2 => "second address line",
            AddressField::City => "city",
        }
    }
}

/// Why a replacement request cannot be sent as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum GuaranteeRequestError {
    /// The fault description.
    #[error("the description of the fault is {0}")]
    Fault(TextError),
    /// A part of the address.
    #[error("the {} of the address is {error}", field.label())]
    Address {
        /// Which part.
        field: AddressField,
        /// What is wrong with it.
        error: TextError,
    },
    /// Not a Portuguese postal code (`NNNN-NNN`).
    #[error("the postal code must look like 1100-148")]
    PostalCode,
    /// The courier's phone number.
    #[error("{0}")]
    Phone(text::PhoneError),
}

impl CreateGuaranteeRequest {
    /// The request with its text trimmed, the phone in international form, and every
    /// field within its bounds; or what to fix. The device ID is checked on its own.
    pub fn validated(&self) -> Result<CreateGuaranteeRequest, GuaranteeRequestError> {
        let fault_description = text::FAULT_DESCRIPTION
            .clean(&self.fault_description)
            .map_err(GuaranteeRequestError::Fault)?;
        let delivery = match &self.delivery {
            Delivery::Address { address } => Delivery::Address {
                address: validated_address(address)?,
            },
            point @ Delivery::CollectionPoint { .. } => point.clone(),
        };
        Ok(CreateGuaranteeRequest {
            device_id: self.device_id.clone(),
            fault_description,
            fault_code: self.fault_code,
            delivery,
        })
    }
}

fn validated_address(address: &PostalAddress) -> Result<PostalAddress, GuaranteeRequestError> {
    let field = |field: AddressField| move |error| GuaranteeRequestError::Address { field, error };
    let cleaned = PostalAddress {
        recipient: text::RECIPIENT
            .clean(&address.recipient)
            .map_err(field(AddressField::Recipient))?,
        line1: text::ADDRESS_LINE1
            .clean(&address.line1)
            .map_err(field(AddressField::Line1))?,
        line2: text::ADDRESS_LINE2
            .clean_optional(address.line2.as_deref())
            .map_err(field(AddressField::Line2))?,
        postal_code: address.postal_code.trim().to_string(),
        city: text::CITY
            .clean(&address.city)
            .map_err(field(AddressField::City))?,
        phone: match address
            .phone
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            Some(phone) => Some(
                Phone::parse(phone)
                    .map_err(GuaranteeRequestError::Phone)?
                    .to_string(),
            ),
            None => None,
        },
    };
    if !cleaned.has_valid_postal_code() {
        return Err(GuaranteeRequestError::PostalCode);
    }
    Ok(cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to_address(address: PostalAddress) -> CreateGuaranteeRequest {
        CreateGuaranteeRequest {
            device_id: "ANY".into(),
            fault_description: "  It does not heat up any more.  ".into(),
            fault_code: None,
            delivery: Delivery::Address { address },
        }
    }

    fn address() -> PostalAddress {
        PostalAddress {
            recipient: " Ana Silva ".into(),
            line1: "Rua Augusta 1".into(),
            line2: Some("  ".into()),
            postal_code: " 1100-048 ".into(),
            city: "Lisboa".into(),
            phone: Some("912 345 678".into()),
        }
    }

    #[test]
    fn a_good_request_comes_back_cleaned() {
        let valid = to_address(address()).validated().expect("valid");
        assert_eq!(valid.fault_description, "It does not heat up any more.");
        let Delivery::Address { address } = valid.delivery else {
            panic!("an address")
        };
        assert_eq!(address.recipient, "Ana Silva");
        assert_eq!(address.line2, None);
        assert_eq!(address.postal_code, "1100-048");
        assert_eq!(address.phone.as_deref(), Some("+351912345678"));
    }

    #[test]
    fn each_bad_field_is_named() {
        let mut long_line2 = address();
        long_line2.line2 = Some("x".repeat(25_000));
        assert_eq!(
            to_address(long_line2).validated(),
            Err(GuaranteeRequestError::Address {
                field: AddressField::Line2,
                error: TextError::TooLong { max: 200 }
            })
        );
        let mut hostile_phone = address();
        hostile_phone.phone = Some("\u{202E}912345678".into());
        assert!(matches!(
            to_address(hostile_phone).validated(),
            Err(GuaranteeRequestError::Phone(_))
        ));
        let mut long_recipient = address();
        long_recipient.recipient = "r".repeat(121);
        assert!(matches!(
            to_address(long_recipient).validated(),
            Err(GuaranteeRequestError::Address {
                field: AddressField::Recipient,
                ..
            })
        ));
        let mut postal = address();
        postal.postal_code = "1100".into();
        assert_eq!(
            to_address(postal).validated(),
            Err(GuaranteeRequestError::PostalCode)
        );
        let mut short = to_address(address());
        short.fault_description = "broken".into();
        assert_eq!(
            short.validated(),
            Err(GuaranteeRequestError::Fault(TextError::TooShort {
                min: 10
            }))
        );
    }
}
