//! Forgot password: request an emailed single-use code, then confirm it with a new password.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use companion_domain::wire::{ErrorBody, PasswordResetConfirm, PasswordResetRequest};
use companion_domain::ErrorCode;

use crate::auth::throttle::{Bucket, Space};
use crate::client_addr::ClientAddr;
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiJson;
use crate::mail::{self, Mail};
use crate::one_time_codes::{self, Purpose};
use crate::state::AppState;
use crate::store::{accounts, sessions};
use crate::validate;

/// Routes of this module.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/password-resets", post(request_reset))
        .route("/v1/password-resets/confirm", post(confirm_reset))
}

#[utoipa::path(
    post, path = "/v1/password-resets", tag = "session", security(()),
    request_body = PasswordResetRequest,
    responses(
        (status = 202, description = "If an account has this email, a code was sent"),
        (status = 422, description = "`invalid_email`", body = ErrorBody),
        (status = 429, description = "`too_many_attempts`", body = ErrorBody),
    )
)]
/// Sends a reset code if the email has an account; answers the same either way.
pub async fn request_reset(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    ApiJson(body): ApiJson<PasswordResetRequest>,
) -> ApiResult<StatusCode> {
    let now = state.clock.now();
    let email = validate::email(&body.email)?;
    // Every request counts, answered or not: each may send an email.
    let _counted = state
        .throttle
        .attempt(
            vec![
                Bucket::new(Space::ResetEmail, email.as_str()),
                Bucket::new(Space::ResetAddress, &address),
            ],
            now,
        )
        .await?;
    let mut tx = state.db.begin_write().await?;
    if let Some(account_id) = accounts::live_id_by_email(&mut tx, email.as_str()).await? {
        let code =
            one_time_codes::create(&mut tx, &account_id, Purpose::PasswordReset, now).await?;
        let to = mail::recipient(&mut tx, &account_id).await?;
        mail::enqueue(&mut tx, &to, &Mail::PasswordReset { code }, now).await?;
        tx.commit().await?;
    }
    Ok(StatusCode::ACCEPTED)
}

#[utoipa::path(
    post, path = "/v1/password-resets/confirm", tag = "session", security(()),
    request_body = PasswordResetConfirm,
    responses(
        (status = 204, description = "Password set; every session ended"),
        (status = 400, description = "`invalid_token`: unknown, used or expired code", body = ErrorBody),
        (status = 422, description = "`weak_password`", body = ErrorBody),
        (status = 429, description = "`too_many_attempts`, with Retry-After", body = ErrorBody),
    )
)]
/// Sets a new password with an emailed code (also activates an assisted sign-up).
pub async fn confirm_reset(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    ApiJson(body): ApiJson<PasswordResetConfirm>,
) -> ApiResult<StatusCode> {
    let now = state.clock.now();
    let attempt = state
        .throttle
        .attempt(vec![Bucket::new(Space::ResetCodeAddress, &address)], now)
        .await?;
    let invalid = || {
        ApiError::bad_request(
            ErrorCode::InvalidToken,
            "This code is not valid any more. Ask for a new one.",
        )
    };
    let account_id = {
        let mut conn = state.db.pool().acquire().await?;
        match one_time_codes::peek(&mut conn, &body.token, now).await? {
            Some(account_id) => account_id,
            None => {
                tracing::info!(target: "security", event = "reset_code_refused", client = %address, "unknown, used or expired reset code");
                return Err(invalid());
            }
        }
    };
    let personal =
        accounts::personal_words(&mut *state.db.pool().acquire().await?, &account_id).await?;
    validate::new_password(&body.new_password, &personal.each_ref().map(String::as_str))?;
    let hash = state.hasher.hash(body.new_password).await?;
    let mut tx = state.db.begin_write().await?;
    let redeemed = one_time_codes::redeem(&mut tx, &body.token, now).await?;
    if redeemed.as_deref() != Some(account_id.as_str()) {
        return Err(invalid());
    }
    accounts::set_password_hash(&mut tx, &account_id, &hash).await?;
    sessions::revoke_all(&mut tx, &account_id, None, now).await?;
    tx.commit().await?;
    attempt.succeeded().await?;
    // Whoever locked the account out of log-in by guessing, the owner is back in.
    state
        .throttle
        .lift(&Bucket::new(Space::LoginEmail, &personal[0]))
        .await?;
    tracing::info!(target: "security", event = "password_reset", account_id = %account_id, client = %address, "password set with a reset code; sessions ended, log-in lock lifted");
    Ok(StatusCode::NO_CONTENT)
}
