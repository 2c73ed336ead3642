//! The test clock (`TEST_CLOCK=1` only): tests and demos move time and the server runs
//! what fell due.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// `GET /v1/test-clock`, and the answer of an advance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TestClockNow {
    /// The server's "now".
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub now: OffsetDateTime,
}

/// `POST /v1/test-clock/advance`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AdvanceTestClock {
    /// How far to move forward, 1 second to 10 years.
    pub seconds: u64,
}
