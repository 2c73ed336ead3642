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
