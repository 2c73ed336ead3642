//! The signed-in customer's own account: profile, password, data export and erasure.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use companion_domain::wire::{
    AccountExport, AccountPatch, AccountView, ChangePasswordRequest, DeleteAccountRequest,
    ErrorBody,
};

use crate::auth::throttle::{Bucket, Space};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiJson;
use crate::state::AppState;
use crate::store::{
    accounts, devices, erasure, guarantee, ledger, one_time_codes, rewards, sessions,
    support_requests, Order,
};
use crate::validate;

/// Routes of this module.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/v1/account",
            get(get_account)
                .patch(update_account)
                .delete(delete_account),
        )
        .route("/v1/account/password", post(change_password))
        .route("/v1/account/export", get(export))
}

#[utoipa::path(get, path = "/v1/account", tag = "account", security(("bearer" = [])),
    responses((status = 200, body = AccountView), (status = 401, body = ErrorBody)))]
/// The caller's account, with the language of its emails.
pub async fn get_account(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<AccountView>> {
    let mut conn = state.db.pool().acquire().await?;
    Ok(Json(
        accounts::load_view(&mut conn, &caller.account_id).await?,
    ))
}

#[utoipa::path(patch, path = "/v1/account", tag = "account", security(("bearer" = [])),
    request_body = AccountPatch,
    responses((status = 200, body = AccountView), (status = 422, description = "`invalid_name`", body = ErrorBody)))]
/// Changes names, marketing consent or the language of the account's emails.
pub async fn update_account(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(AccountPatch {
        fields: body,
        language,
    }): ApiJson<AccountPatch>,
) -> ApiResult<Json<AccountView>> {
    let given = body
        .given_name
        .as_deref()
        .map(|n| validate::name(n, "first name"))
        .transpose()?;
    let family = body
        .family_name
        .as_deref()
        .map(|n| validate::name(n, "surname"))
        .transpose()?;
    let mut tx = state.db.begin_write().await?;
    accounts::update_profile(
        &mut tx,
        &caller.account_id,
        given.as_deref(),
        family.as_deref(),
        body.marketing_opt_in,
    )
    .await?;
    if let Some(language) = language {
        accounts::set_language(&mut tx, &caller.account_id, language).await?;
    }
    let account = accounts::publish(&mut tx, &caller.account_id).await?;
    tx.commit().await?;
    Ok(Json(account))
}

/// Checks the caller's current password; 401 `invalid_credentials` if wrong, with the same
/// throttling as logging in.
async fn check_password(state: &AppState, caller: &Caller, password: String) -> ApiResult<()> {
    let now = state.clock.now();
    let attempt = state
        .throttle
        .attempt(
            vec![Bucket::new(Space::PasswordCheck, &caller.account_id)],
            now,
        )
        .await?;
    let stored =
        accounts::password_hash(&mut *state.db.pool().acquire().await?, &caller.account_id).await?;
    let hasher = state.hasher.clone();
    if attempt
        .settle(async move { hasher.verify(password, stored).await })
        .await?
    {
        Ok(())
    } else {
        tracing::info!(target: "security", event = "password_check_failed", account_id = %caller.account_id, "wrong current password");
        Err(ApiError::InvalidCredentials)
    }
}

#[utoipa::path(post, path = "/v1/account/password", tag = "account", security(("bearer" = [])),
    request_body = ChangePasswordRequest,
    responses(
        (status = 204, description = "Changed; the caller's other sessions ended"),
        (status = 401, description = "`invalid_credentials`: the current password is wrong", body = ErrorBody),
        (status = 422, description = "`weak_password`", body = ErrorBody),
    ))]
/// Changes the password and ends every other session.
pub async fn change_password(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<ChangePasswordRequest>,
) -> ApiResult<StatusCode> {
    check_password(&state, &caller, body.current_password).await?;
    let account =
        accounts::load(&mut *state.db.pool().acquire().await?, &caller.account_id).await?;
    validate::new_password(
        &body.new_password,
        &[&account.email, &account.given_name, &account.family_name],
    )?;
    let hash = state.hasher.hash(body.new_password).await?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    accounts::set_password_hash(&mut tx, &caller.account_id, &hash).await?;
    sessions::revoke_all(&mut tx, &caller.account_id, Some(&caller.session_id), now).await?;
    one_time_codes::spend_all(&mut tx, &caller.account_id, now).await?;
    tx.commit().await?;
    tracing::info!(target: "security", event = "password_changed", account_id = %caller.account_id, "password changed; other sessions and open reset codes ended");
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/v1/account", tag = "account", security(("bearer" = [])),
    request_body = DeleteAccountRequest,
    responses(
        (status = 204, description = "Personal data erased, sessions ended, devices released"),
        (status = 401, description = "`invalid_credentials`", body = ErrorBody),
        (status = 403, description = "`forbidden`: a staff account is disabled by an admin, never erased by its owner", body = ErrorBody),
    ))]
/// Removes the account: erases personal data, releases devices, ends sessions. Staff
/// accounts cannot remove themselves: the audit trail must keep naming who acted.
pub async fn delete_account(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<DeleteAccountRequest>,
) -> ApiResult<StatusCode> {
    if caller.staff_role.is_some() {
        return Err(ApiError::Forbidden);
    }
    check_password(&state, &caller, body.password).await?;
    let mut tx = state.db.begin_write().await?;
    erasure::erase(&mut tx, &caller.account_id, state.clock.now()).await?;
    tx.commit().await?;
    tracing::info!(target: "security", event = "account_erased", account_id = %caller.account_id, "account erased");
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/v1/account/export", tag = "account", security(("bearer" = [])),
    responses(
        (status = 200, description = "Everything held about the customer", body = AccountExport),
        (status = 401, body = ErrorBody),
    ))]
/// Everything held about the caller, as JSON (GDPR access and portability).
pub async fn export(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<AccountExport>> {
    let mut conn = state.db.pool().acquire().await?;
    let id = caller.account_id.as_str();
    let today = state.clock.today();
    let account = accounts::load(&mut conn, id).await?;
    let devices = devices::all_owned(&mut conn, id, today).await?;
    let loyalty_entries = ledger::all_entries(&mut conn, id).await?;
    let redemptions = rewards::redemptions(&mut conn, id, Order::OldestFirst).await?;
    let guarantee_requests = guarantee::of_account(&mut conn, id, Order::OldestFirst).await?;
    let support_requests = support_requests::for_export(&mut conn, id, &account.email).await?;
    let sessions = sessions::open_for_export(&mut conn, id).await?;
    Ok(Json(AccountExport {
        account,
        devices,
        loyalty_entries,
        redemptions,
        guarantee_requests,
        support_requests,
        sessions,
    }))
}
