//! The customer's signed-in phones and browsers: review them and end any of them (a lost
//! phone, a shop's tablet left signed in).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use companion_domain::wire::{ErrorBody, SessionList};
use companion_domain::ErrorCode;

use crate::auth::{sessions, Caller};
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiPath;
use crate::state::AppState;
use crate::store;

/// Routes of this module.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/account/sessions", get(list).delete(end_others))
        .route("/v1/account/sessions/{id}", delete(end_one))
}

#[utoipa::path(get, path = "/v1/account/sessions", tag = "account",
    operation_id = "list_sessions", security(("bearer" = [])),
    responses((status = 200, body = SessionList), (status = 401, body = ErrorBody)))]
/// The caller's live sessions, most recently used first; `current` marks the caller's own.
pub async fn list(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<SessionList>> {
    let mut conn = state.db.pool().acquire().await?;
    let sessions = sessions::list(
        &mut conn,
        &caller.account_id,
        caller.staff_role,
        &caller.session_id,
        state.clock.now(),
        &state.settings,
    )
    .await?;
    Ok(Json(SessionList { sessions }))
}

#[utoipa::path(delete, path = "/v1/account/sessions/{id}", tag = "account", security(("bearer" = [])),
    params(("id" = String, Path, description = "A session id from the list")),
    responses(
        (status = 204, description = "Ended: its tokens stop working at once"),
        (status = 404, description = "`session_not_found`: not one of the caller's live sessions", body = ErrorBody),
    ))]
/// Ends one of the caller's sessions (the current one too: that is logging out).
pub async fn end_one(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<StatusCode> {
    let mut conn = state.db.pool().acquire().await?;
    if store::sessions::revoke_own(&mut conn, &caller.account_id, &id, state.clock.now()).await? {
        tracing::info!(target: "security", event = "session_ended", account_id = %caller.account_id, "a session was ended by its owner");
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found(
            ErrorCode::SessionNotFound,
            "This session has already ended.",
        ))
    }
}

#[utoipa::path(delete, path = "/v1/account/sessions", tag = "account", security(("bearer" = [])),
    responses((status = 204, description = "Every other session ended"), (status = 401, body = ErrorBody)))]
/// Ends every session of the caller except the one asking.
pub async fn end_others(State(state): State<AppState>, caller: Caller) -> ApiResult<StatusCode> {
    let mut conn = state.db.pool().acquire().await?;
    store::sessions::revoke_all(
        &mut conn,
        &caller.account_id,
        Some(&caller.session_id),
        state.clock.now(),
    )
    .await?;
    tracing::info!(target: "security", event = "other_sessions_ended", account_id = %caller.account_id, "every other session ended by the owner");
    Ok(StatusCode::NO_CONTENT)
}
