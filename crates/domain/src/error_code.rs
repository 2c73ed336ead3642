//! Every error code of the account API, once: the server answers with it, the phone parses
//! it and explains it in the customer's language (the app's i18n matches on it
//! exhaustively, so a new code does not compile until it is explained). Lemmy's shared
//! `LemmyErrorType` is the model.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! error_codes {
    ($($(#[doc = $doc:literal])* $variant:ident => $name:literal,)+) => {
        /// A stable snake_case error code of the API (`{"error": {"code": …}}`).
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $($(#[doc = $doc])* $variant,)+
            /// A code this build does not know (a newer server): kept as sent.
            Other(String),
        }

        impl ErrorCode {
            /// Every known code.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)+];

            /// The wire name.
            pub fn as_str(&self) -> &str {
                match self {
                    $(ErrorCode::$variant => $name,)+
                    ErrorCode::Other(name) => name,
                }
            }

            /// Parses a wire name; unknown names are kept as [`ErrorCode::Other`].
            pub fn from_code(name: &str) -> ErrorCode {
                match name {
                    $($name => ErrorCode::$variant,)+
                    other => ErrorCode::Other(other.to_string()),
                }
            }
        }
    };
}

error_codes! {
    /// Under 18.
    Underage => "underage",
    /// The password policy refused the password.
    WeakPassword => "weak_password",
    /// Not an email address.
    InvalidEmail => "invalid_email",
    /// The date of birth is malformed or implausible.
    InvalidBirthDate => "invalid_birth_date",
    /// A name is empty, too long or holds forbidden characters.
    InvalidName => "invalid_name",
    /// Only Portugal is supported.
    UnsupportedCountry => "unsupported_country",
    /// The terms were not accepted.
    TermsNotAccepted => "terms_not_accepted",
    /// An account already uses this email.
    EmailTaken => "email_taken",
    /// Wrong email or password (the same for an unknown email).
    InvalidCredentials => "invalid_credentials",
    /// Too many attempts; wait (with Retry-After).
    TooManyAttempts => "too_many_attempts",
    /// The session or code is no longer valid.
    InvalidToken => "invalid_token",
    /// Not signed in.
    Unauthenticated => "unauthenticated",
    /// Signed in, but not allowed.
    Forbidden => "forbidden",
    /// Nothing at this address.
    NotFound => "not_found",
    /// The path exists with other methods.
    MethodNotAllowed => "method_not_allowed",
    /// The device ID is malformed.
    InvalidDeviceId => "invalid_device_id",
    /// The device ID is not in the manufacturer's catalog.
    UnknownDevice => "unknown_device",
    /// Someone else registered the device.
    DeviceAlreadyRegistered => "device_already_registered",
    /// The device is not registered to this account.
    DeviceNotFound => "device_not_found",
    /// Not enough points.
    InsufficientPoints => "insufficient_points",
    /// The reward does not exist or is no longer offered.
    UnknownReward => "unknown_reward",
    /// A replacement request for the device is already open.
    RequestAlreadyOpen => "request_already_open",
    /// The guarantee has ended.
    GuaranteeExpired => "guarantee_expired",
    /// The delivery address is incomplete or malformed.
    InvalidAddress => "invalid_address",
    /// The collection point does not exist.
    UnknownCollectionPoint => "unknown_collection_point",
    /// The fault description is too short, too long or holds forbidden characters.
    InvalidFaultDescription => "invalid_fault_description",
    /// A support message is empty, too long or holds forbidden characters.
    InvalidMessage => "invalid_message",
    /// Signed-out support requests need a contact email.
    ContactEmailRequired => "contact_email_required",
    /// "I forgot my email" needs a device ID.
    DeviceIdRequired => "device_id_required",
    /// Staff: no member has this code.
    UnknownMember => "unknown_member",
    /// Staff: the receipt already earned points at this shop.
    DuplicateReceipt => "duplicate_receipt",
    /// Staff: the amount is out of range.
    InvalidAmount => "invalid_amount",
    /// Staff: the receipt reference is empty or too long.
    InvalidReceipt => "invalid_receipt",
    /// Staff: the customer's age was not checked in person.
    AgeNotVerified => "age_not_verified",
    /// Staff: a staff account cannot be credited.
    MemberIsStaff => "member_is_staff",
    /// Staff: the assistant reached the points they may award in 24 hours.
    DailyAwardLimit => "daily_award_limit",
    /// Back office: the request cannot move to that status from where it stands.
    InvalidTransition => "invalid_transition",
    /// Points claim: the purchase was more than 90 days ago.
    ClaimTooLate => "claim_too_late",
    /// Points claim: the purchase date is not a date, or in the future.
    InvalidPurchaseDate => "invalid_purchase_date",
    /// Points claim: this receipt is already claimed and waiting for a decision.
    ClaimExists => "claim_exists",
    /// Points claim: this receipt has already earned points (for any member).
    AlreadyCredited => "already_credited",
    /// A transfer of this device is already waiting for an answer.
    TransferAlreadyPending => "transfer_already_pending",
    /// Nobody owns this device: it can simply be registered.
    DeviceNotRegistered => "device_not_registered",
    /// The device is already the caller's.
    DeviceAlreadyYours => "device_already_yours",
    /// No such transfer for the caller to decide.
    TransferNotFound => "transfer_not_found",
    /// The transfer was decided (or withdrawn) already.
    TransferClosed => "transfer_closed",
    /// Back office: goodwill points must be between 1 and 500 per grant.
    InvalidPoints => "invalid_points",
    /// Staff: this action needs a fresh code from the authenticator app (`mfa_code`).
    MfaRequired => "mfa_required",
    /// Staff: the authenticator code is wrong or out of time.
    InvalidMfaCode => "invalid_mfa_code",
    /// Staff: this authenticator code was used already; wait for the next one.
    CodeReused => "code_reused",
    /// Staff: the last enabled admin cannot be disabled or given another role.
    LastAdmin => "last_admin",
    /// The sync cursor is no longer usable; sync again from the start.
    CursorExpired => "cursor_expired",
    /// The sync cursor is malformed.
    InvalidCursor => "invalid_cursor",
    /// A replayed request concerned an account that has been removed since.
    AccountRemoved => "account_removed",
    /// The same Idempotency-Key was used for another request.
    IdempotencyKeyReused => "idempotency_key_reused",
    /// The same request is still being processed.
    RequestInProgress => "request_in_progress",
    /// The Idempotency-Key header is not a UUID.
    InvalidIdempotencyKey => "invalid_idempotency_key",
    /// The session to end is not one of the caller's live sessions.
    SessionNotFound => "session_not_found",
    /// The body is not JSON.
    MalformedJson => "malformed_json",
    /// The body is JSON of the wrong shape.
    InvalidRequest => "invalid_request",
    /// The body could not be read.
    InvalidBody => "invalid_body",
    /// The query string is malformed.
    InvalidQuery => "invalid_query",
    /// A path parameter is malformed.
    InvalidPath => "invalid_path",
    /// The body is over the limit.
    PayloadTooLarge => "payload_too_large",
    /// The body is not `application/json`.
    UnsupportedMediaType => "unsupported_media_type",
    /// The service is overloaded; try again shortly.
    Unavailable => "unavailable",
    /// The database cannot store for now (a full disk, a server restarting); nothing
    /// accepted before is lost; try again shortly.
    StorageUnavailable => "storage_unavailable",
    /// Something failed on the server's side.
    InternalError => "internal_error",
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Ok(ErrorCode::from_code(&name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_and_names_are_distinct_snake_case() {
        let mut names = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            let name = code.as_str();
            assert!(names.insert(name), "{name} twice");
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{name}"
            );
            assert_eq!(ErrorCode::from_code(name), *code);
            let json = serde_json::to_string(code).expect("serialise");
            assert_eq!(json, format!("\"{name}\""));
            assert_eq!(
                serde_json::from_str::<ErrorCode>(&json).expect("parse"),
                *code
            );
        }
    }

    #[test]
    fn an_unknown_code_is_kept_as_sent() {
        let future: ErrorCode = serde_json::from_str("\"brand_new_rule\"").expect("parse");
        assert_eq!(future, ErrorCode::Other("brand_new_rule".into()));
        assert_eq!(future.as_str(), "brand_new_rule");
    }
}
