//! `GET /v1/changes`: the sync feed the phone pulls from its stored cursor.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use companion_domain::wire::{ChangesPage, ErrorBody};
use companion_domain::ErrorCode;
use serde::Deserialize;

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiQuery;
use crate::state::AppState;
use crate::store::changes;

/// Routes of this module.
pub fn router() -> Router<AppState> {
    Router::new().route("/v1/changes", get(feed))
}

/// Where to continue from.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Since {
    /// The `cursor` of the last applied page; absent for a first sync.
    since: Option<String>,
    /// Page size, 1 to 1000 (default 500).
    limit: Option<i64>,
}

#[utoipa::path(get, path = "/v1/changes", tag = "sync", security(("bearer" = [])),
    params(Since),
    responses(
        (status = 200, body = ChangesPage),
        (status = 400, description = "`invalid_cursor`", body = ErrorBody),
        (status = 410, description = "`cursor_expired`: sync again from the start", body = ErrorBody),
    ))]
/// The caller's changes after `since`, oldest first.
pub async fn feed(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<Since>,
) -> ApiResult<Json<ChangesPage>> {
    let limit = query.limit.unwrap_or(500);
    if !(1..=1000).contains(&limit) {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidQuery,
            "limit must be between 1 and 1000.",
        ));
    }
    let since = match query.since.as_deref().map(str::trim) {
        None | Some("") => 0,
        Some(text) => text
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .ok_or_else(|| {
                ApiError::bad_request(ErrorCode::InvalidCursor, "This sync cursor is not valid.")
            })?,
    };
    let mut conn = state.db.pool().acquire().await?;
    let latest = changes::latest_seq(&mut conn, &caller.account_id).await?;
    // A cursor from the future belongs to another database (restored or reset): the
    // phone's cache cannot be trusted to line up, so it starts over.
    if since > latest {
        return Err(ApiError::CursorExpired);
    }
    let (changes, cursor, has_more) =
        changes::page(&mut conn, &caller.account_id, since, limit).await?;
    Ok(Json(ChangesPage {
        cursor: cursor.to_string(),
        changes,
        has_more,
    }))
}
