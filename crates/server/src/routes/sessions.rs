//! Log in, refresh, log out.

use axum::extract::State;
use axum::http::header::USER_AGENT;
use axum::http::HeaderMap;
use axum::http::StatusCode;
use axum::routing::{delete, post};
use axum::{Json, Router};
use companion_domain::wire::{ErrorBody, LoginRequest, RefreshRequest, SessionResponse, TokenPair};

use crate::auth::sessions::{self, RefreshOutcome};
use crate::auth::throttle::{Bucket, Space};
use crate::auth::tokens::hash_token;
use crate::auth::Caller;
use crate::client_addr::ClientAddr;
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiJson;
use crate::state::AppState;
use crate::store::{self, accounts, login_devices};

/// Routes of this module.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/sessions", post(log_in))
        .route("/v1/sessions/refresh", post(refresh))
        .route("/v1/sessions/current", delete(log_out))
}

#[utoipa::path(
    post, path = "/v1/sessions", tag = "session",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = SessionResponse),
        (status = 401, description = "`invalid_credentials` (also for an unknown email)", body = ErrorBody),
        (status = 429, description = "`too_many_attempts`, with Retry-After", body = ErrorBody),
    )
)]
/// Signs in with email and password.
pub async fn log_in(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    ApiJson(body): ApiJson<LoginRequest>,
) -> ApiResult<Json<SessionResponse>> {
    let now = state.clock.now();
    let email = body.email.trim().to_lowercase();
    // A device that signed in to this account before is counted on its own, so that a
    // lock caused by guesses from elsewhere never keeps the owner out; any other client
    // counts against the account.
    let device_token = body.device_token.as_deref().filter(|t| !t.is_empty());
    let known_device = match device_token {
        Some(token) => {
            let mut conn = state.db.pool().acquire().await?;
            login_devices::is_known(&mut conn, token, &email).await?
        }
        None => false,
    };
    let who = match (known_device, device_token) {
        (true, Some(token)) => Bucket::new(Space::LoginDevice, &hash_token(token)),
        _ => Bucket::new(Space::LoginEmail, &email),
    };
    let attempt = state
        .throttle
        .attempt(vec![who, Bucket::new(Space::LoginAddress, &address)], now)
        .await?;
    let credentials =
        accounts::credentials_by_email(&mut *state.db.pool().acquire().await?, &email).await?;
    let (account_id, stored) = match credentials {
        Some(found) => (Some(found.id), found.password_hash),
        None => (None, None),
    };
    let hasher = state.hasher.clone();
    let matches = attempt
        .settle(async move { hasher.verify(body.password, stored).await })
        .await?;
    let Some(account_id) = account_id.clone().filter(|_| matches) else {
        tracing::info!(target: "security", event = "login_failed", account_id = ?account_id, client = %address, "failed log-in");
        return Err(ApiError::InvalidCredentials);
    };
    tracing::info!(target: "security", event = "login", account_id = %account_id, client = %address, known_device, "logged in");
    let mut tx = state.db.begin_write().await?;
    let user_agent = headers.get(USER_AGENT).and_then(|v| v.to_str().ok());
    let client = sessions::describe_client(user_agent);
    let (_, tokens) = sessions::issue(&mut tx, &account_id, &client, now, &state.settings).await?;
    let device_token = login_devices::remember(&mut tx, &account_id, device_token, now).await?;
    let account = accounts::load(&mut tx, &account_id).await?;
    tx.commit().await?;
    Ok(Json(SessionResponse {
        access_token: tokens.access_token,
        refresh_token: tokens.refresh_token,
        token_type: tokens.token_type,
        expires_in: tokens.expires_in,
        account,
        device_token: Some(device_token),
    }))
}

#[utoipa::path(
    post, path = "/v1/sessions/refresh", tag = "session",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new pair; the presented refresh token is spent", body = TokenPair),
        (status = 401, description = "`invalid_token`; reuse of a spent token also ends the session", body = ErrorBody),
    )
)]
/// Exchanges a refresh token for a new pair.
pub async fn refresh(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<RefreshRequest>,
) -> ApiResult<Json<TokenPair>> {
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let outcome = sessions::refresh(&mut tx, &body.refresh_token, now, &state.settings).await?;
    // Commit even a refusal: a detected reuse must stay revoked.
    tx.commit().await?;
    match outcome {
        RefreshOutcome::Rotated(pair) => Ok(Json(pair)),
        RefreshOutcome::Reused => {
            tracing::warn!("spent refresh token presented again; session revoked");
            Err(ApiError::InvalidToken)
        }
        RefreshOutcome::Invalid => Err(ApiError::InvalidToken),
    }
}

#[utoipa::path(
    delete, path = "/v1/sessions/current", tag = "session",
    security(("bearer" = [])),
    responses((status = 204, description = "Signed out"), (status = 401, body = ErrorBody))
)]
/// Ends the caller's session.
pub async fn log_out(State(state): State<AppState>, caller: Caller) -> ApiResult<StatusCode> {
    let mut conn = state.db.pool().acquire().await?;
    store::sessions::revoke(&mut conn, &caller.session_id, state.clock.now()).await?;
    tracing::info!(target: "security", event = "logout", account_id = %caller.account_id, "logged out");
    Ok(StatusCode::NO_CONTENT)
}
