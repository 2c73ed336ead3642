//! Parsing request fields into domain values, with the API's error codes. Each rule is
//! written once here and used by every endpoint that takes that field.

use companion_domain::text::{self, TextError, TextRule};
use companion_domain::ErrorCode;
use companion_domain::{BirthDate, BirthDateError, DeviceId, Email, PasswordPolicy};
use time::Date;

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

/// A date of birth of an adult (422 `underage` or `invalid_birth_date`).
pub fn adult_birth_date(text: &str, today: Date) -> Result<BirthDate, ApiError> {
    BirthDate::parse_adult(text, today).map_err(|e| match e {
        BirthDateError::Underage => ApiError::unprocessable(ErrorCode::Underage, e.to_string()),
        other => ApiError::unprocessable(ErrorCode::InvalidBirthDate, other.to_string()),
    })
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

/// The country; only Portugal for now (422 `unsupported_country`).
pub fn country(text: &str) -> Result<String, ApiError> {
    let code = text.trim().to_ascii_uppercase();
    if code == "PT" {
        Ok(code)
    } else {
        Err(ApiError::unprocessable(
            ErrorCode::UnsupportedCountry,
            "The app is available in Portugal only.",
        ))
    }
}

/// The terms must be accepted (422 `terms_not_accepted`).
pub fn terms(accepted: bool) -> Result<(), ApiError> {
    if accepted {
        Ok(())
    } else {
        Err(ApiError::unprocessable(
            ErrorCode::TermsNotAccepted,
            "Please accept the terms of use to continue.",
        ))
    }
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
