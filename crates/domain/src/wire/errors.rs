//! The error answer every refusal shares.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// Every error answer: `{"error": {"code": "snake_case_code", "message": "..."}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ErrorBody {
    /// The error itself.
    pub error: ErrorDetail,
}

/// A machine-readable code and a human-readable message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ErrorDetail {
    /// Stable snake_case code the app maps to its own translated text.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "invalid_device_id"))]
    pub code: crate::ErrorCode,
    /// English explanation, for logs and developers.
    pub message: String,
}
