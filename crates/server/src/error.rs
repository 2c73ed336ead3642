//! The one error type of the API and how it becomes an HTTP answer.
//!
//! Every refusal carries a stable snake_case code the app translates; database and other
//! internal failures become a logged 500 with no detail leaked.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use companion_domain::wire::{ErrorBody, ErrorDetail};
use companion_domain::ErrorCode;

use crate::db::is_storage_unavailable;

/// Seconds a client is asked to wait before retrying while storage is unavailable.
pub const STORAGE_RETRY_AFTER_SECS: u64 = 5;

/// Why a request was refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request itself is malformed (bad JSON, bad query, bad header).
    #[error("{message}")]
    BadRequest {
        /// Error code.
        code: ErrorCode,
        /// Explanation.
        message: String,
    },
    /// 422: well-formed but a business rule refuses it.
    #[error("{message}")]
    Unprocessable {
        /// Error code.
        code: ErrorCode,
        /// Explanation.
        message: String,
    },
    /// 401: wrong email or password (the same answer for an unknown email).
    #[error("The email or password is not correct.")]
    InvalidCredentials,
    /// 401: the token is unknown, expired, spent or revoked.
    #[error("Your session has ended. Please log in again.")]
    InvalidToken,
    /// 401: no bearer token on a private endpoint.
    #[error("Log in to continue.")]
    Unauthenticated,
    /// 403: signed in, but not allowed.
    #[error("You are not allowed to do this.")]
    Forbidden,
    /// 403: a dangerous back-office action without a fresh authenticator code
    /// (`mfa_required`), or with a wrong (`invalid_mfa_code`) or spent one (`code_reused`).
    #[error("{message}")]
    StepUpRefused {
        /// Error code.
        code: ErrorCode,
        /// Explanation.
        message: &'static str,
    },
    /// 401: the authenticator code of a staff log-in is wrong (`invalid_mfa_code`) or
    /// spent (`code_reused`).
    #[error("{message}")]
    LoginCodeRefused {
        /// Error code.
        code: ErrorCode,
        /// Explanation.
        message: &'static str,
    },
    /// 404: no such thing, or not the caller's.
    #[error("{message}")]
    NotFound {
        /// Error code.
        code: ErrorCode,
        /// Explanation.
        message: String,
    },
    /// 405: the path exists with other methods.
    #[error("This method is not allowed here.")]
    MethodNotAllowed,
    /// 409: conflicts with the current state.
    #[error("{message}")]
    Conflict {
        /// Error code.
        code: ErrorCode,
        /// Explanation.
        message: String,
    },
    /// 410: the sync cursor is no longer usable; the client starts over.
    #[error("The sync cursor has expired; sync again from the start.")]
    CursorExpired,
    /// 410: a replayed request's answer concerned an account that has since been removed;
    /// its personal data is gone and the request is not run again.
    #[error("The account this request concerned has been removed.")]
    AccountRemoved,
    /// 413: the body is over the limit.
    #[error("The request is too large.")]
    PayloadTooLarge,
    /// 415: not JSON.
    #[error("Send the request body as application/json.")]
    UnsupportedMediaType,
    /// 429: too many attempts; try again after this many seconds.
    #[error("Too many attempts. Try again in {retry_after_secs} seconds.")]
    TooManyAttempts {
        /// Seconds until the next attempt may succeed.
        retry_after_secs: u64,
    },
    /// 503: the request ran past its deadline (the database is overloaded or stuck).
    #[error("The service is busy. Please try again in a moment.")]
    Unavailable,
    /// 500: a database failure; 503 `storage_unavailable` when the database cannot store
    /// for now ([`crate::db::is_storage_unavailable`]: a full disk, a stopped server).
    #[error("database error")]
    Database(#[from] sqlx::Error),
    /// 500: anything else unexpected.
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    /// A 422 with a code and message.
    pub fn unprocessable(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError::Unprocessable {
            code,
            message: message.into(),
        }
    }

    /// A 400 with a code and message.
    pub fn bad_request(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError::BadRequest {
            code,
            message: message.into(),
        }
    }

    /// A 404 with a code and message.
    pub fn not_found(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError::NotFound {
            code,
            message: message.into(),
        }
    }

    /// The 404 `device_not_found` of every route about one of the caller's devices: it is
    /// not registered to the caller (whether it exists, or is someone else's, is never
    /// said).
    pub fn device_not_found() -> Self {
        ApiError::not_found(
            ErrorCode::DeviceNotFound,
            "This device is not registered to your account.",
        )
    }

    /// A 409 with a code and message.
    pub fn conflict(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError::Conflict {
            code,
            message: message.into(),
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::InvalidCredentials
            | ApiError::InvalidToken
            | ApiError::Unauthenticated
            | ApiError::LoginCodeRefused { .. } => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden | ApiError::StepUpRefused { .. } => StatusCode::FORBIDDEN,
            ApiError::NotFound { .. } => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::CursorExpired | ApiError::AccountRemoved => StatusCode::GONE,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable | ApiError::Database(sqlx::Error::PoolTimedOut) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ApiError::Database(error) if is_storage_unavailable(error) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ApiError::Database(_) | ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::BadRequest { code, .. }
            | ApiError::Unprocessable { code, .. }
            | ApiError::NotFound { code, .. }
            | ApiError::Conflict { code, .. }
            | ApiError::StepUpRefused { code, .. }
            | ApiError::LoginCodeRefused { code, .. } => code.clone(),
            ApiError::InvalidCredentials => ErrorCode::InvalidCredentials,
            ApiError::InvalidToken => ErrorCode::InvalidToken,
            ApiError::Unauthenticated => ErrorCode::Unauthenticated,
            ApiError::Forbidden => ErrorCode::Forbidden,
            ApiError::MethodNotAllowed => ErrorCode::MethodNotAllowed,
            ApiError::CursorExpired => ErrorCode::CursorExpired,
            ApiError::AccountRemoved => ErrorCode::AccountRemoved,
            ApiError::PayloadTooLarge => ErrorCode::PayloadTooLarge,
            ApiError::UnsupportedMediaType => ErrorCode::UnsupportedMediaType,
            ApiError::TooManyAttempts { .. } => ErrorCode::TooManyAttempts,
            ApiError::Unavailable | ApiError::Database(sqlx::Error::PoolTimedOut) => {
                ErrorCode::Unavailable
            }
            ApiError::Database(error) if is_storage_unavailable(error) => {
                ErrorCode::StorageUnavailable
            }
            ApiError::Database(_) | ApiError::Internal(_) => ErrorCode::InternalError,
        }
    }

    /// The JSON body.
    pub fn body(&self) -> ErrorBody {
        let message = match self {
            ApiError::Database(sqlx::Error::PoolTimedOut) => ApiError::Unavailable.to_string(),
            ApiError::Database(error) if is_storage_unavailable(error) => {
                "We cannot save anything right now. Please try again in a moment.".to_string()
            }
            ApiError::Database(_) | ApiError::Internal(_) => {
                "Something went wrong on our side. Please try again.".to_string()
            }
            other => other.to_string(),
        };
        ErrorBody {
            error: ErrorDetail {
                code: self.code(),
                message,
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            ApiError::Database(error) => tracing::error!(error = %error, "database error"),
            ApiError::Internal(error) => {
                tracing::error!(error = format!("{error:#}"), "internal error")
            }
            _ => {}
        }
        let status = self.status();
        let mut response = (status, Json(self.body())).into_response();
        let headers = response.headers_mut();
        match self {
            ApiError::TooManyAttempts { retry_after_secs } => {
                headers.insert(
                    header::RETRY_AFTER,
                    HeaderValue::from(retry_after_secs.max(1)),
                );
            }
            ApiError::InvalidToken | ApiError::Unauthenticated => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            // Storage heals by itself (space freed, the server back): say when to retry.
            ApiError::Database(error) if is_storage_unavailable(&error) => {
                headers.insert(
                    header::RETRY_AFTER,
                    HeaderValue::from(STORAGE_RETRY_AFTER_SECS),
                );
            }
            _ => {}
        }
        response
    }
}

/// Handlers answer with this.
pub type ApiResult<T> = Result<T, ApiError>;
