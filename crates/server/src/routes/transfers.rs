//! Device transfers between accounts: a would-be owner asks, the owner decides (or support,
//! once 14 days pass unanswered). The requester never learns who the owner is.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use companion_domain::wire::{
    DeviceTransferList, ErrorBody, NewDeviceTransfer, NotificationKind, TransferDecision,
    TransferDecisionRequest, TransferDirection, TransferStatus,
};
use companion_domain::{DeviceId, ErrorCode};
use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::auth::throttle::{Bucket, Space};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiPath, IdempotencyKey};
use crate::idempotency::{Answer, Idempotent};
use crate::state::AppState;
use crate::store::devices::Ownership;
use crate::store::transfers::{self, Decided, Transfer};
use crate::store::{devices, guarantee, notifications};
use crate::validate;

/// The `decided_by` of an owner's own answer.
const BY_OWNER: &str = "owner";

/// Routes of this module.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/device-transfers", get(list).post(ask))
        .route("/v1/device-transfers/{id}/decision", post(decide))
}

#[utoipa::path(get, path = "/v1/device-transfers", tag = "devices",
    operation_id = "list_device_transfers", security(("bearer" = [])),
    responses((status = 200, body = DeviceTransferList), (status = 401, body = ErrorBody)))]
/// The caller's transfers: asked of them (`incoming`) and asked by them (`outgoing`).
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<DeviceTransferList>> {
    let mut conn = state.db.pool().acquire().await?;
    Ok(Json(
        transfers::of_account(&mut conn, &caller.account_id).await?,
    ))
}

#[utoipa::path(post, path = "/v1/device-transfers", tag = "devices",
    operation_id = "ask_device_transfer", security(("bearer" = [])),
    request_body = NewDeviceTransfer,
    params(("Idempotency-Key" = Option<String>, Header, description = "UUID; a replay returns the first answer")),
    responses(
        (status = 202, description = "Asked: the owner decides (nothing about them in the answer)", body = companion_domain::wire::DeviceTransfer),
        (status = 200, description = "The caller's own request for this device, already waiting", body = companion_domain::wire::DeviceTransfer),
        (status = 404, description = "`unknown_device`: not in the manufacturer's catalog", body = ErrorBody),
        (status = 409, description = "`device_not_registered` (register it instead), `device_already_yours`, `request_already_open` (a replacement is in progress), `transfer_already_pending`", body = ErrorBody),
        (status = 422, description = "`invalid_device_id`", body = ErrorBody),
        (status = 429, description = "`too_many_attempts`, with Retry-After", body = ErrorBody),
    ))]
/// Asks for a device registered to someone else. Its owner is told in the app and decides;
/// unanswered after 14 days, support decides.
pub async fn ask(
    State(state): State<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<NewDeviceTransfer>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let device_id = validate::device_id(&body.device_id)?;
    let idempotent = Idempotent::new(
        format!("{}:POST /v1/device-transfers", caller.scope()),
        key,
        &device_id,
    );
    let _counted = state
        .throttle
        .attempt(
            vec![Bucket::new(Space::TransferAccount, &caller.account_id)],
            now,
        )
        .await?;
    idempotent
        .run(&state.db, now, move |conn| {
            Box::pin(async move { open(conn, &caller.account_id, &device_id, now).await })
        })
        .await
}

/// Opens a transfer of `device_id` to `requester`, after the checks.
async fn open(
    conn: &mut AnyConnection,
    requester: &str,
    device_id: &DeviceId,
    now: OffsetDateTime,
) -> ApiResult<Answer> {
    let owner =
        match devices::ownership(conn, device_id).await? {
            Ownership::NotInCatalog => return Err(ApiError::not_found(
                ErrorCode::UnknownDevice,
                "We do not know this device ID. Check it against the label, or contact support.",
            )),
            Ownership::Unowned => {
                return Err(ApiError::conflict(
                    ErrorCode::DeviceNotRegistered,
                    "Nobody has registered this device: register it as yours instead.",
                ))
            }
            Ownership::OwnedBy(owner) if owner == requester => {
                return Err(ApiError::conflict(
                    ErrorCode::DeviceAlreadyYours,
                    "This device is already registered to you.",
                ))
            }
            Ownership::OwnedBy(owner) => owner,
        };
    if guarantee::open_for_device(conn, device_id).await? {
        return Err(replacement_in_progress());
    }
    let already = || {
        ApiError::conflict(
            ErrorCode::TransferAlreadyPending,
            "A transfer of this device is already waiting for an answer.",
        )
    };
    if let Some(open) = transfers::open_for_device(conn, device_id).await? {
        if open.requester_id.as_deref() == Some(requester) {
            let seen = open.seen_as(TransferDirection::Outgoing);
            return Ok(Answer::new(StatusCode::OK, &seen)?.about(requester));
        }
        return Err(already());
    }
    let transfer = transfers::insert(conn, device_id, requester, &owner, now)
        .await?
        .ok_or_else(already)?;
    notifications::add(
        conn,
        &owner,
        NotificationKind::TransferRequested,
        Some(&transfer.id.to_string()),
        params(&transfer, None),
        now,
    )
    .await?;
    let seen = transfer.seen_as(TransferDirection::Outgoing);
    Ok(Answer::new(StatusCode::ACCEPTED, &seen)?.about(requester))
}

fn replacement_in_progress() -> ApiError {
    ApiError::conflict(
        ErrorCode::RequestAlreadyOpen,
        "A replacement request for this device is in progress: it cannot change owner until it ends.",
    )
}

/// A notification's params: the device, and the outcome once decided.
fn params(
    transfer: &Transfer,
    status: Option<TransferStatus>,
) -> serde_json::Map<String, serde_json::Value> {
    let mut params = serde_json::Map::new();
    params.insert("device_id".into(), transfer.device_id.as_str().into());
    params.insert("model".into(), transfer.model.clone().into());
    if let Some(status) = status {
        params.insert("status".into(), status.as_str().into());
    }
    params
}

#[utoipa::path(post, path = "/v1/device-transfers/{id}/decision", tag = "devices",
    operation_id = "decide_device_transfer", security(("bearer" = [])),
    params(("id" = String, Path, description = "Transfer id"),
        ("Idempotency-Key" = Option<String>, Header, description = "UUID; a replay returns the first answer")),
    request_body = TransferDecisionRequest,
    responses(
        (status = 200, description = "Decided: accepted moves the device to the requester", body = companion_domain::wire::DeviceTransfer),
        (status = 404, description = "`transfer_not_found`: not a transfer of the caller's device", body = ErrorBody),
        (status = 409, description = "`transfer_closed`: decided or withdrawn already; `request_already_open`", body = ErrorBody),
    ))]
/// The owner accepts (the device moves to the requester at once, without a second
/// registration bonus) or declines (the requester learns only that).
pub async fn decide(
    State(state): State<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<TransferDecisionRequest>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let idempotent = Idempotent::new(
        format!("{}:POST /v1/device-transfers/{id}/decision", caller.scope()),
        key,
        &body,
    );
    idempotent
        .run(&state.db, now, move |conn| {
            Box::pin(async move {
                let not_found = || {
                    ApiError::not_found(
                        ErrorCode::TransferNotFound,
                        "There is no such transfer of your devices.",
                    )
                };
                let transfer = transfers::find(conn, &id).await?.ok_or_else(not_found)?;
                if transfer.owner_id.as_deref() != Some(caller.account_id.as_str()) {
                    return Err(not_found());
                }
                let decision = Decision {
                    decision: body.decision,
                    by: BY_OWNER,
                    reason: None,
                };
                let decided = settle(conn, &transfer, decision, now).await?;
                let seen = decided.seen_as(TransferDirection::Incoming);
                Ok(Answer::new(StatusCode::OK, &seen)?.about(&caller.account_id))
            })
        })
        .await
}

/// A decision on an open transfer, by its owner or by support.
pub struct Decision<'a> {
    /// Accept or decline.
    pub decision: TransferDecision,
    /// [`BY_OWNER`] or the staff member's id.
    pub by: &'a str,
    /// Support's reason.
    pub reason: Option<&'a str>,
}

/// Carries out a decision in the caller's transaction: an accepted transfer releases the
/// device from whoever owns it as the transfer's owner and registers it to the requester
/// (keeping its first registration, so the guarantee dates stay with the device, and
/// granting no bonus); either way the requester is told. 409 `transfer_closed` if it was
/// decided already.
pub async fn settle(
    conn: &mut AnyConnection,
    transfer: &Transfer,
    decision: Decision<'_>,
    now: OffsetDateTime,
) -> ApiResult<Transfer> {
    let closed = || {
        ApiError::conflict(
            ErrorCode::TransferClosed,
            "This transfer has already been answered.",
        )
    };
    if !transfer.status.is_open() {
        return Err(closed());
    }
    let status = match decision.decision {
        TransferDecision::Accept => {
            hand_over(conn, transfer, now).await?;
            TransferStatus::Accepted
        }
        TransferDecision::Decline => TransferStatus::Declined,
    };
    let decided = Decided {
        status,
        by: Some(decision.by),
        reason: decision.reason,
    };
    let open = [TransferStatus::Pending, TransferStatus::Escalated];
    let moved = transfers::move_on(conn, transfer.id, &open, decided, now)
        .await?
        .ok_or_else(closed)?;
    if let Some(requester) = &moved.requester_id {
        notifications::add(
            conn,
            requester,
            NotificationKind::TransferDecided,
            Some(&moved.id.to_string()),
            params(&moved, Some(status)),
            now,
        )
        .await?;
    }
    Ok(moved)
}

/// Moves the device from the transfer's owner (or from nobody, once the owner's account
/// is gone) to the requester.
async fn hand_over(
    conn: &mut AnyConnection,
    transfer: &Transfer,
    now: OffsetDateTime,
) -> ApiResult<()> {
    let requester = transfer.requester_id.as_deref().ok_or_else(|| {
        ApiError::conflict(
            ErrorCode::TransferClosed,
            "The account that asked for this device is gone.",
        )
    })?;
    if guarantee::open_for_device(conn, &transfer.device_id).await? {
        return Err(replacement_in_progress());
    }
    match devices::ownership(conn, &transfer.device_id).await? {
        Ownership::OwnedBy(current) if transfer.owner_id.as_deref() == Some(current.as_str()) => {
            devices::release(conn, &current, &transfer.device_id).await?;
        }
        Ownership::Unowned => {}
        Ownership::OwnedBy(_) | Ownership::NotInCatalog => {
            return Err(ApiError::conflict(
                ErrorCode::DeviceAlreadyRegistered,
                "This device has changed hands since the transfer was asked for.",
            ))
        }
    }
    if !devices::claim(conn, &transfer.device_id, requester, "transfer", now).await? {
        return Err(anyhow::anyhow!(
            "a released device could not be claimed in the same transaction"
        )
        .into());
    }
    devices::publish(conn, requester, &transfer.device_id, now.date()).await?;
    Ok(())
}
