//! `/v1/test-clock` (only with `TEST_CLOCK=1`): read the server's "now", or move it
//! forward and run whatever fell due before answering, so that "72 hours later" or "a
//! year later" is a request, not a wait (Stripe's test clocks are the model). Without
//! `TEST_CLOCK` these routes are not mounted (404) and not in the OpenAPI document.

use std::time::Duration;

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use companion_domain::wire::{AdvanceTestClock, ErrorBody, TestClockNow};
use companion_domain::ErrorCode;

use crate::clock::{Clock, ManualClock};
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiJson;
use crate::state::AppState;
use crate::{maintenance, points};

/// Longest single move: ten years.
const MAX_ADVANCE_SECS: u64 = 10 * 366 * 24 * 3600;

/// Routes of this module; merged only when the state has a test clock.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/test-clock", get(now))
        .route("/v1/test-clock/advance", post(advance))
}

/// The paths of this module, for the OpenAPI document when the test clock is on.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(now, advance),
    tags((name = "test-clock", description = "The test clock (`TEST_CLOCK=1` only)"))
)]
pub struct TestClockDoc;

fn test_clock(state: &AppState) -> ApiResult<&ManualClock> {
    state.test_clock.as_deref().ok_or_else(|| {
        ApiError::not_found(ErrorCode::NotFound, "There is nothing at this address.")
    })
}

#[utoipa::path(get, path = "/v1/test-clock", tag = "test-clock", security(()),
    responses((status = 200, body = TestClockNow), (status = 404, description = "No test clock", body = ErrorBody)))]
/// The test clock's "now".
pub async fn now(State(state): State<AppState>) -> ApiResult<Json<TestClockNow>> {
    Ok(Json(TestClockNow {
        now: test_clock(&state)?.now(),
    }))
}

#[utoipa::path(post, path = "/v1/test-clock/advance", tag = "test-clock", security(()),
    request_body = AdvanceTestClock,
    responses(
        (status = 200, description = "Moved; what fell due has run", body = TestClockNow),
        (status = 404, description = "No test clock", body = ErrorBody),
        (status = 422, description = "`invalid_request`: 1 second to 10 years", body = ErrorBody),
    ))]
/// Moves the test clock forward, then posts and expires the points that fell due and runs
/// the housekeeping, before answering.
pub async fn advance(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<AdvanceTestClock>,
) -> ApiResult<Json<TestClockNow>> {
    let clock = test_clock(&state)?;
    if !(1..=MAX_ADVANCE_SECS).contains(&body.seconds) {
        return Err(ApiError::unprocessable(
            ErrorCode::InvalidRequest,
            "Move the clock forward by 1 second to 10 years.",
        ));
    }
    clock.advance(Duration::from_secs(body.seconds));
    let now = clock.now();
    tracing::warn!(seconds = body.seconds, %now, "test clock moved");
    run_due(&state).await?;
    Ok(Json(TestClockNow { now }))
}

/// Everything timed, as of the state's clock.
async fn run_due(state: &AppState) -> ApiResult<()> {
    points::due::run_once(state).await?;
    maintenance::run_once(state).await?;
    Ok(())
}
