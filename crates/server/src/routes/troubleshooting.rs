//! The troubleshooter's outcomes: the app sends each finished session (queued offline), so
//! the brand learns which faults customers fix at home and which drive replacements.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use companion_domain::wire::{
    ErrorBody, NewTroubleshootingSession, TroubleshootingSessionRecorded,
};
use companion_domain::ErrorCode;

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiJson;
use crate::state::AppState;
use crate::store::{devices, troubleshooting};
use crate::validate;

/// Routes of this module.
pub fn router() -> Router<AppState> {
    Router::new().route("/v1/troubleshooting-sessions", post(record))
}

/// Most steps a session can report: the longest path through the guide is far shorter.
const MAX_STEPS: u32 = 100;

#[utoipa::path(post, path = "/v1/troubleshooting-sessions", tag = "devices",
    operation_id = "record_troubleshooting_session", security(("bearer" = [])),
    request_body = NewTroubleshootingSession,
    responses(
        (status = 201, description = "Recorded (also when this session id was recorded already: it counts once)", body = TroubleshootingSessionRecorded),
        (status = 404, description = "`device_not_found`: not registered to the caller", body = ErrorBody),
        (status = 422, description = "`invalid_device_id`, `invalid_request` (steps)", body = ErrorBody),
    ))]
/// Records how a troubleshooting session of one of the caller's devices ended. Only the
/// device's model, the symptom, the outcome and the number of steps are kept: nothing
/// that leads back to the customer.
pub async fn record(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewTroubleshootingSession>,
) -> ApiResult<(StatusCode, Json<TroubleshootingSessionRecorded>)> {
    let now = state.clock.now();
    let device_id = validate::device_id(&body.device_id)?;
    if !(1..=MAX_STEPS).contains(&body.steps) {
        return Err(ApiError::unprocessable(
            ErrorCode::InvalidRequest,
            format!("A session has between 1 and {MAX_STEPS} steps."),
        ));
    }
    let mut tx = state.db.begin_write().await?;
    let device =
        devices::owned_or_not_found(&mut tx, &caller.account_id, &device_id, now.date()).await?;
    troubleshooting::record(&mut tx, &body, &device.model, now).await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(TroubleshootingSessionRecorded { id: body.id }),
    ))
}
