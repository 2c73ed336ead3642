//! Errors from the account API, typed so that the UI can explain each one in the
//! customer's language and the sync engine can decide whether to retry.

use std::time::Duration;

/// Every error code the account API answers with. Unknown codes (a newer server) are kept
/// as text so nothing is lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorCode {
    /// Under 18.
    Underage,
    /// The password policy refused the password.
    WeakPassword,
    /// Not an email address.
    InvalidEmail,
    /// The date of birth is malformed or implausible.
    InvalidBirthDate,
    /// A name is empty or too long.
    InvalidName,
    /// Only Portugal is supported.
    UnsupportedCountry,
    /// The terms were not accepted.
    TermsNotAccepted,
    /// An account already uses this email.
    EmailTaken,
    /// Wrong email or password.
    InvalidCredentials,
    /// Too many attempts; wait.
    TooManyAttempts,
    /// Session or code no longer valid.
    InvalidToken,
    /// Not signed in.
    Unauthenticated,
    /// Not allowed.
    Forbidden,
    /// The device ID is malformed.
    InvalidDeviceId,
    /// The device ID is not in the manufacturer's catalog.
    UnknownDevice,
    /// Someone else registered the device.
    DeviceAlreadyRegistered,
    /// The device is not registered to this account.
    DeviceNotFound,
    /// Not enough points.
    InsufficientPoints,
    /// The reward no longer exists.
    UnknownReward,
    /// A replacement request for the device is already open.
    RequestAlreadyOpen,
    /// The guarantee has ended.
    GuaranteeExpired,
    /// The delivery address is incomplete.
    InvalidAddress,
    /// The collection point does not exist.
    UnknownCollectionPoint,
    /// The fault description is too short or too long.
    InvalidFaultDescription,
    /// A support message is empty or too long.
    InvalidMessage,
    /// Signed out support requests need a contact email.
    ContactEmailRequired,
    /// "I forgot my email" needs a device ID.
    DeviceIdRequired,
    /// Staff: no member has this code.
    UnknownMember,
    /// Staff: the receipt already earned points.
    DuplicateReceipt,
    /// Staff: the amount is out of range.
    InvalidAmount,
    /// Staff: the customer's age was not checked.
    AgeNotVerified,
    /// Staff: the receipt reference is empty or too long.
    InvalidReceipt,
    /// Staff: the member code belongs to a staff account, which cannot earn points.
    MemberIsStaff,
    /// Staff: the assistant reached the points they may award in 24 hours.
    DailyAwardLimit,
    /// A replayed request concerned an account that has been removed since.
    AccountRemoved,
    /// The sync cursor must be dropped.
    CursorExpired,
    /// The same idempotency key was used for another request.
    IdempotencyKeyReused,
    /// The same request is being processed.
    RequestInProgress,
    /// A code this client does not know.
    Other(String),
}

const CODES: &[(&str, ErrorCode)] = &[
    ("underage", ErrorCode::Underage),
    ("weak_password", ErrorCode::WeakPassword),
    ("invalid_email", ErrorCode::InvalidEmail),
    ("invalid_birth_date", ErrorCode::InvalidBirthDate),
    ("invalid_name", ErrorCode::InvalidName),
    ("unsupported_country", ErrorCode::UnsupportedCountry),
    ("terms_not_accepted", ErrorCode::TermsNotAccepted),
    ("email_taken", ErrorCode::EmailTaken),
    ("invalid_credentials", ErrorCode::InvalidCredentials),
    ("too_many_attempts", ErrorCode::TooManyAttempts),
    ("invalid_token", ErrorCode::InvalidToken),
    ("unauthenticated", ErrorCode::Unauthenticated),
    ("forbidden", ErrorCode::Forbidden),
    ("invalid_device_id", ErrorCode::InvalidDeviceId),
    ("unknown_device", ErrorCode::UnknownDevice),
    (
        "device_already_registered",
        ErrorCode::DeviceAlreadyRegistered,
    ),
    ("device_not_found", ErrorCode::DeviceNotFound),
    ("insufficient_points", ErrorCode::InsufficientPoints),
    ("unknown_reward", ErrorCode::UnknownReward),
    ("request_already_open", ErrorCode::RequestAlreadyOpen),
    ("guarantee_expired", ErrorCode::GuaranteeExpired),
    ("invalid_address", ErrorCode::InvalidAddress),
    (
        "unknown_collection_point",
        ErrorCode::UnknownCollectionPoint,
    ),
    (
        "invalid_fault_description",
        ErrorCode::InvalidFaultDescription,
    ),
    ("invalid_message", ErrorCode::InvalidMessage),
    ("contact_email_required", ErrorCode::ContactEmailRequired),
    ("device_id_required", ErrorCode::DeviceIdRequired),
    ("unknown_member", ErrorCode::UnknownMember),
    ("duplicate_receipt", ErrorCode::DuplicateReceipt),
    ("invalid_amount", ErrorCode::InvalidAmount),
    ("age_not_verified", ErrorCode::AgeNotVerified),
    ("invalid_receipt", ErrorCode::InvalidReceipt),
    ("member_is_staff", ErrorCode::MemberIsStaff),
    ("daily_award_limit", ErrorCode::DailyAwardLimit),
    ("account_removed", ErrorCode::AccountRemoved),
    ("cursor_expired", ErrorCode::CursorExpired),
    ("idempotency_key_reused", ErrorCode::IdempotencyKeyReused),
    ("request_in_progress", ErrorCode::RequestInProgress),
];

impl ErrorCode {
    /// Every code this client knows, so that tests can check each is explained.
    pub fn known() -> impl Iterator<Item = &'static ErrorCode> {
        CODES.iter().map(|(_, code)| code)
    }

    /// Parses the API's snake_case code.
    pub fn from_code(code: &str) -> Self {
        CODES
            .iter()
            .find(|(name, _)| *name == code)
            .map(|(_, value)| value.clone())
            .unwrap_or_else(|| ErrorCode::Other(code.to_string()))
    }

    /// The API's snake_case code.
    pub fn as_str(&self) -> &str {
        match self {
            ErrorCode::Other(code) => code,
            known => CODES
                .iter()
                .find(|(_, value)| value == known)
                .map(|(name, _)| *name)
                .unwrap_or("unknown"),
        }
    }
}

/// Why a call to the account API did not give the expected answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// The server could not be reached or the connection broke (offline, refused, reset,
    /// timed out). Retry later.
    #[error("No connection to the server: {0}")]
    Offline(String),
    /// The server failed (5xx). Retry later.
    #[error("The server had a problem (HTTP {status}).")]
    Server {
        /// HTTP status.
        status: u16,
    },
    /// Too many requests; retry after the given delay if the server said.
    #[error("The server asks us to slow down.")]
    RateLimited {
        /// The server's Retry-After.
        retry_after: Option<Duration>,
    },
    /// The server refused the request for a business reason (4xx). Do not retry.
    #[error("{message}")]
    Refused {
        /// HTTP status.
        status: u16,
        /// The stable code.
        code: ErrorCode,
        /// The server's English message.
        message: String,
    },
    /// No session, or the session ended (refresh refused): the customer must log in.
    #[error("You are signed out. Please log in again.")]
    SignedOut,
    /// The answer could not be understood (garbage, truncated, wrong shape).
    #[error("The server's answer could not be read: {0}")]
    BadResponse(String),
    /// The session could not be read or saved on this device.
    #[error("The session could not be stored on this device: {0}")]
    Storage(String),
}

impl ApiError {
    /// The code, for refusals.
    pub fn code(&self) -> Option<&ErrorCode> {
        match self {
            ApiError::Refused { code, .. } => Some(code),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_are_kept() {
        for (name, code) in CODES {
            assert_eq!(ErrorCode::from_code(name), *code);
            assert_eq!(code.as_str(), *name);
        }
        let future = ErrorCode::from_code("brand_new_rule");
        assert_eq!(future, ErrorCode::Other("brand_new_rule".into()));
        assert_eq!(future.as_str(), "brand_new_rule");
    }
}
