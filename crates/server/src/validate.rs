//! Parsing request fields into domain values, with the API's error codes. Each rule is
//! written once here and used by every endpoint that takes that field.

use companion_domain::text::{self, TextError, TextRule};
use companion_domain::ErrorCode;
use companion_domain::{
    BirthDateError, DeviceId, Email, NewAccount, NewAccountError, PasswordPolicy,
};

use crate::error::ApiError;

/// An email address (422 `invalid_email`).
pub fn email(text: &str) -> Result<Email, ApiError> {
    Email::parse(text).map_err(|e| ApiError::unprocessable(ErrorCode::InvalidEmail, e.to_string()))
}

/// A new password checked against the policy and the person's own details
/// (422 `weak_password`).
pub fn new_password(password: &str, personal: &[&str]) -> Result<(), ApiError> {
    PasswordPolicy::default()
        .check(password, personal)
        .map_err(|e| ApiError::unprocessable(ErrorCode::WeakPassword, e.to_string()))
}

/// A person's name part: trimmed, 1 to 80 characters, no control or bidi-override
/// characters (422 `invalid_name`).
pub fn name(text: &str, field: &str) -> Result<String, ApiError> {
    text::PERSON_NAME.clean(text).map_err(|_| {
        ApiError::unprocessable(
            ErrorCode::InvalidName,
            format!("Enter your {field} (up to 80 characters)."),
        )
    })
}

/// A new account's details, with the API's code for the first problem found.
pub fn new_account(checked: Result<NewAccount, NewAccountError>) -> Result<NewAccount, ApiError> {
    checked.map_err(|error| match error {
        NewAccountError::Email(e) => {
            ApiError::unprocessable(ErrorCode::InvalidEmail, e.to_string())
        }
        NewAccountError::Name(field, _) => ApiError::unprocessable(
            ErrorCode::InvalidName,
            format!("Enter your {} (up to 80 characters).", field.label()),
        ),
        NewAccountError::BirthDate(BirthDateError::Underage) => {
            ApiError::unprocessable(ErrorCode::Underage, BirthDateError::Underage.to_string())
        }
        NewAccountError::BirthDate(other) => {
            ApiError::unprocessable(ErrorCode::InvalidBirthDate, other.to_string())
        }
        NewAccountError::Country => ApiError::unprocessable(
            ErrorCode::UnsupportedCountry,
            "The app is available in Portugal only.",
        ),
        NewAccountError::TermsNotAccepted => ApiError::unprocessable(
            ErrorCode::TermsNotAccepted,
            "Please accept the terms of use to continue.",
        ),
    })
}

/// A device ID (422 `invalid_device_id` with the parser's explanation).
pub fn device_id(text: &str) -> Result<DeviceId, ApiError> {
    DeviceId::parse(text)
        .map_err(|e| ApiError::unprocessable(ErrorCode::InvalidDeviceId, e.to_string()))
}

/// Free text by its rule: trimmed, bounded, no control or bidi-override characters
/// (422 with the given code; the message names `what` and says what is wrong).
pub fn text(rule: TextRule, text: &str, code: ErrorCode, what: &str) -> Result<String, ApiError> {
    rule.clean(text)
        .map_err(|error| ApiError::unprocessable(code, explain_text(what, error)))
}

/// "`what` must be …": the English explanation of a refused text.
pub fn explain_text(what: &str, error: TextError) -> String {
    match error {
        TextError::TooShort { min } => format!("{what} must have at least {min} characters."),
        TextError::TooLong { max } => format!("{what} must have at most {max} characters."),
        TextError::ForbiddenCharacter => {
            format!("{what} contains control or text-direction characters; remove them.")
        }
    }
}

/// An amount paid in a shop, in cents: 1 € to 10 000 € (422 `invalid_amount`). The till
/// and a missing-points claim take the same range.
pub fn purchase_amount(amount_cents: i64) -> Result<i64, ApiError> {
    if (100..=1_000_000).contains(&amount_cents) {
        Ok(amount_cents)
    } else {
        Err(ApiError::unprocessable(
            ErrorCode::InvalidAmount,
            "The amount must be between 1 € and 10 000 €.",
        ))
    }
}

/// A receipt reference or a shop code as printed (422 `invalid_receipt`).
pub fn receipt(text_in: &str, what: &str) -> Result<String, ApiError> {
    text(
        text::RECEIPT_REFERENCE,
        text_in,
        ErrorCode::InvalidReceipt,
        what,
    )
}
