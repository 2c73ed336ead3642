//! The customer's in-app inbox: marking notifications read. The notifications themselves
//! reach the phone through the change feed (`notification` entities).

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use companion_domain::wire::{ErrorBody, Notification, NotificationsRead};
use companion_domain::ErrorCode;

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiPath;
use crate::state::AppState;
use crate::store::notifications;

/// Routes of this module.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/notifications/{id}/read", post(read_one))
        .route("/v1/notifications/read-all", post(read_all))
}

#[utoipa::path(post, path = "/v1/notifications/{id}/read", tag = "notifications", security(("bearer" = [])),
    params(("id" = String, Path, description = "Notification id")),
    responses(
        (status = 200, description = "Read (a second call changes nothing and answers the same)", body = Notification),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 404, description = "`not_found`: not one of the caller's notifications", body = ErrorBody),
    ))]
/// Marks one notification read. Idempotent, so a phone can queue it offline and send it
/// again: the first read time stays.
pub async fn read_one(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<Notification>> {
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let notification = notifications::mark_read(&mut tx, &caller.account_id, &id, now)
        .await?
        .ok_or_else(|| ApiError::not_found(ErrorCode::NotFound, "No such notification."))?;
    tx.commit().await?;
    Ok(Json(notification))
}

#[utoipa::path(post, path = "/v1/notifications/read-all", tag = "notifications", security(("bearer" = [])),
    responses(
        (status = 200, description = "Every unread notification is read", body = NotificationsRead),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
    ))]
/// Marks every notification of the caller read.
pub async fn read_all(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<NotificationsRead>> {
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let marked = notifications::mark_all_read(&mut tx, &caller.account_id, now).await?;
    tx.commit().await?;
    Ok(Json(NotificationsRead { marked }))
}
