//! Log-in, tokens and password resets.

use serde::{Deserialize, Serialize};

use super::*;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// `POST /v1/sessions`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LoginRequest {
    /// Login email.
    pub email: String,
    /// Password.
    pub password: String,
    /// The token this device was given at an earlier log-in to this account, if any: it
    /// lets the owner in while failed attempts from elsewhere have locked the account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_token: Option<String>,
}

/// A fresh access and refresh token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TokenPair {
    /// Bearer token for API calls; short-lived.
    pub access_token: String,
    /// Exchanges for a new pair once; reuse of a spent one ends the session.
    pub refresh_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
}

/// `POST /v1/sessions` answer: the tokens and who they belong to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SessionResponse {
    /// Bearer token for API calls; short-lived.
    pub access_token: String,
    /// Exchanges for a new pair once.
    pub refresh_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// The signed-in account.
    pub account: Account,
    /// Keep and send with the next log-in to this account (see `LoginRequest`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_token: Option<String>,
}

/// `POST /v1/sessions` for staff who see customers' data (support, operations, admin):
/// the password was right, and a code from the authenticator app must follow
/// (`POST /v1/sessions/mfa`). No token is issued until it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MfaChallenge {
    /// Always true: tells this answer from a [`SessionResponse`].
    pub mfa_required: bool,
    /// Single use; send it with the code. It dies after a few wrong codes.
    pub mfa_token: String,
    /// Seconds the `mfa_token` lives (at most 300).
    pub expires_in: i64,
    /// Only at the first log-in, before a factor exists: the secret to add to an
    /// authenticator app. Never shown again once a code from it has been accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enrolment: Option<MfaEnrolment>,
}

/// A new TOTP factor (RFC 6238: SHA-1, 6 digits, 30-second steps, as authenticator apps
/// expect).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MfaEnrolment {
    /// The shared secret, base32 (to type into the app).
    pub secret: String,
    /// `otpauth://totp/Companion:<email>?secret=…&issuer=Companion` (what the QR encodes).
    pub otpauth_uri: String,
    /// The same URI as a QR code: an SVG `data:` URL for an `<img>`.
    pub qr_code: String,
}

/// What `POST /v1/sessions` answers: tokens, or (staff with a second factor) a challenge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(untagged)]
pub enum LoginAnswer {
    /// Signed in.
    Session(SessionResponse),
    /// Password accepted; the second factor must follow.
    Mfa(MfaChallenge),
}

/// `POST /v1/sessions/mfa`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MfaVerifyRequest {
    /// From the `POST /v1/sessions` answer.
    pub mfa_token: String,
    /// The 6 digits the authenticator app shows now.
    pub code: String,
}

/// `POST /v1/sessions/refresh`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RefreshRequest {
    /// The current refresh token.
    pub refresh_token: String,
}

/// `POST /v1/password-resets`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PasswordResetRequest {
    /// Where to send the code, if an account has it.
    pub email: String,
}

/// `POST /v1/password-resets/confirm`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PasswordResetConfirm {
    /// The single-use code from the email.
    pub token: String,
    /// The new password.
    pub new_password: String,
}
