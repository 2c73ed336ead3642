//! My Devices: list, register (by scan, typing or photo), release.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{delete, get};
use axum::{Json, Router};
use companion_domain::wire::{
    ChangeEntity, Device, DeviceList, ErrorBody, LoyaltyEntryKind, RegisterDeviceRequest,
};
use companion_domain::ErrorCode;
use companion_domain::{DeviceId, REGISTRATION_BONUS_POINTS};
use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::auth::Caller;
use crate::clock::to_millis;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiPath, IdempotencyKey};
use crate::idempotency::{Answer, Idempotent};
use crate::state::AppState;
use crate::store::{changes, date_to_text, devices, ledger};
use crate::validate;

/// Routes of this module.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/devices", get(list).post(register))
        .route("/v1/devices/{device_id}", delete(release))
}

#[utoipa::path(get, path = "/v1/devices", tag = "devices", security(("bearer" = [])),
    responses((status = 200, body = DeviceList), (status = 401, body = ErrorBody)))]
/// The caller's devices.
pub async fn list(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<DeviceList>> {
    let mut conn = state.db.pool().acquire().await?;
    let devices = devices::all_owned(&mut conn, &caller.account_id, state.clock.today()).await?;
    Ok(Json(DeviceList { devices }))
}

#[utoipa::path(post, path = "/v1/devices", tag = "devices", security(("bearer" = [])),
    request_body = RegisterDeviceRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "UUID; a replay returns the first answer")),
    responses(
        (status = 201, description = "Registered", body = Device),
        (status = 200, description = "Already registered to the caller", body = Device),
        (status = 404, description = "`unknown_device`: not in the manufacturer's catalog", body = ErrorBody),
        (status = 409, description = "`device_already_registered` to someone else", body = ErrorBody),
        (status = 422, description = "`invalid_device_id`", body = ErrorBody),
    ))]
/// Registers a device to the caller. The first registration ever of a device earns the
/// registration bonus; it is never granted again for that device.
pub async fn register(
    State(state): State<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<RegisterDeviceRequest>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let device_id = validate::device_id(&body.device_id)?;
    let idempotent = Idempotent::new(
        format!("{}:POST /v1/devices", caller.scope()),
        key,
        &(device_id, body.source),
    );
    let source = body.source;
    idempotent
        .run(&state.db, now, move |conn| {
            Box::pin(async move {
                claim_device(conn, &caller.account_id, &device_id, source.as_str(), now).await
            })
        })
        .await
}

/// Registers a device for an account outside a request (demo data), with the same rules.
pub async fn register_for(
    state: &AppState,
    account_id: &str,
    body: &RegisterDeviceRequest,
) -> ApiResult<()> {
    let device_id = validate::device_id(&body.device_id)?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    claim_device(&mut tx, account_id, &device_id, body.source.as_str(), now).await?;
    tx.commit().await?;
    Ok(())
}

async fn claim_device(
    conn: &mut AnyConnection,
    account_id: &str,
    device_id: &DeviceId,
    source: &str,
    now: OffsetDateTime,
) -> ApiResult<Answer> {
    // One conditional update decides ownership: of two simultaneous claims, one matches
    // `owner_id IS NULL` and the other finds the row already taken.
    let claimed = sqlx::query(
        "UPDATE devices SET owner_id = $1, registered_at = $2, source = $3,
                first_registered_on = COALESCE(first_registered_on, $4)
         WHERE device_id = $5 AND owner_id IS NULL",
    )
    .bind(account_id)
    .bind(to_millis(now))
    .bind(source)
    .bind(date_to_text(now.date()))
    .bind(device_id.as_str())
    .execute(&mut *conn)
    .await?;
    if claimed.rows_affected() == 0 {
        let owner: Option<Option<String>> =
            sqlx::query_scalar("SELECT owner_id FROM devices WHERE device_id = $1")
                .bind(device_id.as_str())
                .fetch_optional(&mut *conn)
                .await?;
        return match owner {
            None => Err(ApiError::not_found(
                ErrorCode::UnknownDevice,
                "We do not know this device ID. Check it against the label, or contact support.",
            )),
            Some(Some(owner)) if owner == account_id => {
                let device = devices::owned(conn, account_id, device_id, now.date()).await?;
                Ok(Answer::new(StatusCode::OK, &device)?.about(account_id))
            }
            Some(_) => Err(ApiError::conflict(
                ErrorCode::DeviceAlreadyRegistered,
                "This device is registered to another account. If it is yours, contact support.",
            )),
        };
    }
    let bonus = sqlx::query("UPDATE devices SET bonus_granted_at = $1 WHERE device_id = $2 AND bonus_granted_at IS NULL")
        .bind(to_millis(now))
        .bind(device_id.as_str())
        .execute(&mut *conn)
        .await?;
    if bonus.rows_affected() == 1 {
        let description = format!("Device {}", device_id.display_grouped());
        ledger::append(
            conn,
            account_id,
            REGISTRATION_BONUS_POINTS,
            LoyaltyEntryKind::RegistrationBonus,
            &description,
            now,
        )
        .await?;
    }
    let device = devices::owned(conn, account_id, device_id, now.date())
        .await?
        .ok_or_else(|| anyhow::anyhow!("device vanished after registration"))?;
    changes::record(
        conn,
        account_id,
        ChangeEntity::Device,
        device_id.as_str(),
        Some(&device),
    )
    .await?;
    Ok(Answer::new(StatusCode::CREATED, &device)?.about(account_id))
}

#[utoipa::path(delete, path = "/v1/devices/{device_id}", tag = "devices", security(("bearer" = [])),
    params(("device_id" = String, Path, description = "The device ID")),
    responses(
        (status = 204, description = "Released: it can be registered by a new owner"),
        (status = 404, description = "`device_not_found`: not registered to the caller", body = ErrorBody),
    ))]
/// Releases a device (sold or given away). Its open replacement request is cancelled.
pub async fn release(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(device_id): ApiPath<String>,
) -> ApiResult<StatusCode> {
    let not_found = || {
        ApiError::not_found(
            ErrorCode::DeviceNotFound,
            "This device is not registered to your account.",
        )
    };
    let device_id = DeviceId::parse(&device_id).map_err(|_| not_found())?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let released = sqlx::query(
        "UPDATE devices SET owner_id = NULL, registered_at = NULL, source = NULL WHERE device_id = $1 AND owner_id = $2",
    )
    .bind(device_id.as_str())
    .bind(&caller.account_id)
    .execute(&mut *tx)
    .await?;
    if released.rows_affected() == 0 {
        return Err(not_found());
    }
    crate::routes::guarantee::cancel_open_requests(&mut tx, &caller.account_id, &device_id, now)
        .await?;
    changes::record(
        &mut tx,
        &caller.account_id,
        ChangeEntity::Device,
        device_id.as_str(),
        None::<&Device>,
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
