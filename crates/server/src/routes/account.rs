//! The signed-in customer's own account: profile, password, data export and erasure.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use companion_domain::wire::{
    Account, AccountExport, ChangeEntity, ChangePasswordRequest, DeleteAccountRequest, ErrorBody,
    ExportedSupportRequest, SessionInfo, SupportTopic, UpdateAccountRequest,
};
use companion_domain::Email;
use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::auth::{sessions, Caller};
use crate::clock::{from_millis, to_millis};
use crate::db::col;
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiJson;
use crate::routes::accounts::sign_up_scope;
use crate::state::AppState;
use crate::store::{accounts, changes, devices, guarantee, ledger, rewards};
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
    responses((status = 200, body = Account), (status = 401, body = ErrorBody)))]
/// The caller's account.
pub async fn get_account(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Account>> {
    let mut conn = state.db.pool().acquire().await?;
    Ok(Json(accounts::load(&mut conn, &caller.account_id).await?))
}

#[utoipa::path(patch, path = "/v1/account", tag = "account", security(("bearer" = [])),
    request_body = UpdateAccountRequest,
    responses((status = 200, body = Account), (status = 422, description = "`invalid_name`", body = ErrorBody)))]
/// Changes names or marketing consent.
pub async fn update_account(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<UpdateAccountRequest>,
) -> ApiResult<Json<Account>> {
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
    sqlx::query(
        "UPDATE accounts SET given_name = COALESCE($1, given_name), family_name = COALESCE($2, family_name),
                marketing_opt_in = COALESCE($3, marketing_opt_in)
         WHERE id = $4",
    )
    .bind(given)
    .bind(family)
    .bind(body.marketing_opt_in.map(i64::from))
    .bind(&caller.account_id)
    .execute(&mut *tx)
    .await?;
    let account = accounts::load(&mut tx, &caller.account_id).await?;
    changes::record(
        &mut tx,
        &caller.account_id,
        ChangeEntity::Account,
        &caller.account_id,
        Some(&account),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(account))
}

/// Checks the caller's current password; 401 `invalid_credentials` if wrong, with the same
/// throttling as logging in.
async fn check_password(state: &AppState, caller: &Caller, password: String) -> ApiResult<()> {
    let now = state.clock.now();
    let key = format!("account:{}", caller.account_id);
    state.login_throttle.guard(&key, "", now)?;
    let stored: Option<String> =
        sqlx::query_scalar("SELECT password_hash FROM accounts WHERE id = $1")
            .bind(&caller.account_id)
            .fetch_one(state.db.pool())
            .await?;
    if state.hasher.verify(password, stored).await? {
        Ok(())
    } else {
        state.login_throttle.record_failure(&key, "", now);
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
    sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(&caller.account_id)
        .execute(&mut *tx)
        .await?;
    sessions::revoke_all(&mut tx, &caller.account_id, Some(&caller.session_id), now).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/v1/account", tag = "account", security(("bearer" = [])),
    request_body = DeleteAccountRequest,
    responses(
        (status = 204, description = "Personal data erased, sessions ended, devices released"),
        (status = 401, description = "`invalid_credentials`", body = ErrorBody),
    ))]
/// Removes the account: erases personal data, releases devices, ends sessions.
pub async fn delete_account(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<DeleteAccountRequest>,
) -> ApiResult<StatusCode> {
    check_password(&state, &caller, body.password).await?;
    let mut tx = state.db.begin_write().await?;
    erase(&mut tx, &caller.account_id, state.clock.now()).await?;
    tx.commit().await?;
    tracing::info!("account erased");
    Ok(StatusCode::NO_CONTENT)
}

/// Erases an account's personal data. Kept, without anything that identifies a person: the
/// account row's anonymous counters, the points ledger and redemptions (accounting), the
/// purchases (till reconciliation), the devices' first registration and bonus marks (so
/// the bonus is never granted twice and the guarantee never restarts), and closed
/// replacement requests stripped of fault text and address.
pub async fn erase(
    conn: &mut AnyConnection,
    account_id: &str,
    now: OffsetDateTime,
) -> ApiResult<()> {
    let email: Option<String> = sqlx::query_scalar("SELECT email FROM accounts WHERE id = $1")
        .bind(account_id)
        .fetch_one(&mut *conn)
        .await?;
    let now = to_millis(now);
    sqlx::query(
        "UPDATE guarantee_requests SET status = 'cancelled', updated_at = $2
         WHERE account_id = $1 AND status NOT IN ('completed', 'rejected', 'cancelled')",
    )
    .bind(account_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    let erasures = [
        "UPDATE guarantee_requests SET fault_description = NULL, delivery_json = NULL WHERE account_id = $1",
        "UPDATE devices SET owner_id = NULL, registered_at = NULL, source = NULL WHERE owner_id = $1",
        "DELETE FROM refresh_tokens WHERE session_id IN (SELECT id FROM sessions WHERE account_id = $1)",
        "DELETE FROM sessions WHERE account_id = $1",
        "DELETE FROM one_time_codes WHERE account_id = $1",
        "DELETE FROM support_requests WHERE account_id = $1",
        "DELETE FROM changes WHERE account_id = $1",
    ];
    for statement in erasures {
        sqlx::query(statement)
            .bind(account_id)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query(
        "UPDATE accounts SET email = NULL, password_hash = NULL, given_name = NULL, family_name = NULL,
                birth_date = NULL, member_code = NULL, marketing_opt_in = 0, erased_at = $2
         WHERE id = $1",
    )
    .bind(account_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    let mut scopes = vec![format!("account:{account_id}")];
    if let Some(email) = email.as_deref().and_then(|e| Email::parse(e).ok()) {
        scopes.push(sign_up_scope(&email));
    }
    for scope in scopes {
        sqlx::query("DELETE FROM idempotency WHERE scope = $1")
            .bind(scope)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

#[utoipa::path(get, path = "/v1/account/export", tag = "account", security(("bearer" = [])),
    responses((status = 200, description = "Everything held about the customer", body = AccountExport)))]
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
    let sql = format!(
        "SELECT {} FROM loyalty_entries WHERE account_id = $1 ORDER BY entry_no",
        ledger::ENTRY_COLUMNS
    );
    let loyalty_entries = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(ledger::from_row)
        .collect::<ApiResult<Vec<_>>>()?;
    let sql = format!(
        "SELECT {} FROM redemptions WHERE account_id = $1 ORDER BY created_at",
        rewards::REDEMPTION_COLUMNS
    );
    let redemptions = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(rewards::redemption_from_row)
        .collect::<ApiResult<Vec<_>>>()?;
    let sql = format!("SELECT {} FROM guarantee_requests WHERE account_id = $1 AND delivery_json IS NOT NULL ORDER BY created_at", guarantee::REQUEST_COLUMNS);
    let guarantee_requests = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(guarantee::from_row)
        .collect::<ApiResult<Vec<_>>>()?;
    let support_requests = sqlx::query(
        "SELECT reference, topic, message, device_id, contact_email, created_at FROM support_requests
         WHERE account_id = $1 ORDER BY created_at",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|row| {
        let topic: String = col(row, "topic")?;
        Ok(ExportedSupportRequest {
            reference: col(row, "reference")?,
            topic: serde_json::from_value(serde_json::Value::String(topic)).unwrap_or(SupportTopic::Other),
            message: col(row, "message")?,
            device_id: col(row, "device_id")?,
            contact_email: col(row, "contact_email")?,
            created_at: from_millis(col(row, "created_at")?),
        })
    })
    .collect::<ApiResult<Vec<_>>>()?;
    let sessions = sqlx::query("SELECT id, created_at FROM sessions WHERE account_id = $1 AND revoked_at IS NULL ORDER BY created_at")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|row| {
            Ok(SessionInfo {
                id: accounts::parse_uuid(&col::<String>(row, "id")?)?,
                created_at: from_millis(col(row, "created_at")?),
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
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
