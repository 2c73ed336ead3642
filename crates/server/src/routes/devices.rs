//! My Devices: list, register (by scan, typing or photo), release.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{delete, get};
use axum::{Json, Router};
use companion_domain::wire::{
    Device, DeviceList, ErrorBody, LoyaltyEntryKind, RegisterDeviceRequest,
};
use companion_domain::ErrorCode;
use companion_domain::{DeviceId, REGISTRATION_BONUS_POINTS};
use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiPath, IdempotencyKey};
use crate::idempotency::{Answer, Idempotent};
use crate::state::AppState;
use crate::store::devices::Ownership;
use crate::store::{devices, guarantee, ledger, transfers};
use crate::validate;

/// Routes of this module.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/devices", get(list).post(register))
        .route("/v1/devices/{device_id}", delete(release))
}

#[utoipa::path(get, path = "/v1/devices", tag = "devices",
    operation_id = "list_devices", security(("bearer" = [])),
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
    let bonus = state.settings.points.at_once(now);
    idempotent
        .run(&state.db, now, move |conn| {
            Box::pin(async move {
                let claim = Claim {
                    account_id: &caller.account_id,
                    device_id: &device_id,
                    source: source.as_str(),
                    bonus,
                };
                claim_device(conn, claim, now).await
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
    let claim = Claim {
        account_id,
        device_id: &device_id,
        source: body.source.as_str(),
        bonus: state.settings.points.at_once(now),
    };
    claim_device(&mut tx, claim, now).await?;
    tx.commit().await?;
    Ok(())
}

/// A registration to make.
struct Claim<'a> {
    account_id: &'a str,
    device_id: &'a DeviceId,
    source: &'a str,
    /// When a first registration's bonus counts and expires.
    bonus: crate::points::Validity,
}

async fn claim_device(
    conn: &mut AnyConnection,
    claim: Claim<'_>,
    now: OffsetDateTime,
) -> ApiResult<Answer> {
    let Claim {
        account_id,
        device_id,
        source,
        bonus,
    } = claim;
    if !devices::claim(conn, device_id, account_id, source, now).await? {
        return match devices::ownership(conn, device_id).await? {
            Ownership::NotInCatalog => Err(ApiError::not_found(
                ErrorCode::UnknownDevice,
                "We do not know this device ID. Check it against the label, or contact support.",
            )),
            Ownership::OwnedBy(owner) if owner == account_id => {
                let device = devices::owned(conn, account_id, device_id, now.date()).await?;
                Ok(Answer::new(StatusCode::OK, &device)?.about(account_id))
            }
            // Unowned here means it was released between the claim and this read: it
            // was someone else's when the claim was refused.
            Ownership::OwnedBy(_) | Ownership::Unowned => Err(ApiError::conflict(
                ErrorCode::DeviceAlreadyRegistered,
                "This device is registered to another account. If it is yours, contact support.",
            )),
        };
    }
    if devices::mark_bonus_granted(conn, device_id, now).await? {
        let description = format!("Device {}", device_id.display_grouped());
        ledger::earn(
            conn,
            account_id,
            REGISTRATION_BONUS_POINTS,
            LoyaltyEntryKind::RegistrationBonus,
            &description,
            bonus,
            now,
        )
        .await?;
    }
    let device = devices::publish(conn, account_id, device_id, now.date()).await?;
    Ok(Answer::new(StatusCode::CREATED, &device)?.about(account_id))
}

#[utoipa::path(delete, path = "/v1/devices/{device_id}", tag = "devices", security(("bearer" = [])),
    params(("device_id" = String, Path, description = "The device ID")),
    responses(
        (status = 204, description = "Released: it can be registered by a new owner"),
        (status = 404, description = "`device_not_found`: not registered to the caller", body = ErrorBody),
    ))]
/// Releases a device (sold or given away). Its open replacement request is cancelled, and
/// so is a transfer someone asked for (they can now register it).
pub async fn release(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(device_id): ApiPath<String>,
) -> ApiResult<StatusCode> {
    let device_id = DeviceId::parse(&device_id).map_err(|_| ApiError::device_not_found())?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    if !devices::release(&mut tx, &caller.account_id, &device_id).await? {
        return Err(ApiError::device_not_found());
    }
    guarantee::cancel_open_for_device(&mut tx, &caller.account_id, &device_id, now).await?;
    transfers::cancel_open_for_device(&mut tx, &device_id, now).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
