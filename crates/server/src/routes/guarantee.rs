//! Voluntary Guarantee: replacement requests for faulty registered devices.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use companion_domain::troubleshooting::FaultCode;
use companion_domain::wire::{
    CreateGuaranteeRequest, Delivery, ErrorBody, GuaranteeRequest, GuaranteeRequestList,
    GuaranteeRequestStatus,
};
use companion_domain::ErrorCode;
use companion_domain::{DeviceId, GuaranteeRequestError, GuaranteeStatus};
use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, IdempotencyKey};
use crate::idempotency::{Answer, Idempotent};
use crate::state::AppState;
use crate::store::{collection_points, devices, guarantee, Order};
use crate::validate;

/// Routes of this module.
pub fn router() -> Router<AppState> {
    Router::new().route("/v1/guarantee-requests", get(list).post(create))
}

#[utoipa::path(get, path = "/v1/guarantee-requests", tag = "guarantee",
    operation_id = "list_guarantee_requests", security(("bearer" = [])),
    responses((status = 200, body = GuaranteeRequestList), (status = 401, body = ErrorBody)))]
/// The caller's replacement requests, newest first.
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<GuaranteeRequestList>> {
    let mut conn = state.db.pool().acquire().await?;
    let requests = guarantee::of_account(&mut conn, &caller.account_id, Order::NewestFirst).await?;
    Ok(Json(GuaranteeRequestList { requests }))
}

#[utoipa::path(post, path = "/v1/guarantee-requests", tag = "guarantee",
    operation_id = "create_guarantee_request", security(("bearer" = [])),
    request_body = CreateGuaranteeRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "UUID; a replay returns the first answer")),
    responses(
        (status = 201, description = "Submitted", body = GuaranteeRequest),
        (status = 404, description = "`device_not_found`: not registered to the caller", body = ErrorBody),
        (status = 409, description = "`request_already_open` for this device", body = ErrorBody),
        (status = 422, description = "`guarantee_expired`, `invalid_address`, `unknown_collection_point`, …", body = ErrorBody),
    ))]
/// Requests a replacement for a faulty device, without proof of purchase.
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<CreateGuaranteeRequest>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let device_id = validate::device_id(&body.device_id)?;
    let valid = body.validated().map_err(refusal)?;
    let (fault, delivery) = (valid.fault_description, valid.delivery);
    let fault_code = valid.fault_code.unwrap_or_default();
    let idempotent = Idempotent::new(
        format!("{}:POST /v1/guarantee-requests", caller.scope()),
        key,
        &body,
    );
    idempotent
        .run(&state.db, now, move |conn| {
            Box::pin(async move {
                let fault = Fault {
                    code: fault_code,
                    description: fault,
                };
                submit(conn, &caller.account_id, device_id, fault, delivery, now).await
            })
        })
        .await
}

/// The API's answer to a request the domain's rule refuses.
fn refusal(error: GuaranteeRequestError) -> ApiError {
    match error {
        GuaranteeRequestError::Fault(error) => ApiError::unprocessable(
            ErrorCode::InvalidFaultDescription,
            validate::explain_text("The description of the fault", error),
        ),
        GuaranteeRequestError::Address { field, error } => ApiError::unprocessable(
            ErrorCode::InvalidAddress,
            validate::explain_text(&format!("The {} of the address", field.label()), error),
        ),
        GuaranteeRequestError::PostalCode => ApiError::unprocessable(
            ErrorCode::InvalidAddress,
            "Check the postal code (NNNN-NNN) of the address.",
        ),
        GuaranteeRequestError::Phone(error) => ApiError::unprocessable(
            ErrorCode::InvalidAddress,
            format!("Check the phone number: {error}."),
        ),
    }
}

/// What the customer says is wrong.
struct Fault {
    code: FaultCode,
    description: String,
}

async fn submit(
    conn: &mut AnyConnection,
    account_id: &str,
    device_id: DeviceId,
    fault: Fault,
    delivery: Delivery,
    now: OffsetDateTime,
) -> ApiResult<Answer> {
    let device = devices::owned_or_not_found(conn, account_id, &device_id, now.date()).await?;
    if device.status == GuaranteeStatus::Expired {
        return Err(ApiError::unprocessable(
            ErrorCode::GuaranteeExpired,
            format!(
                "The guarantee of this device ended on {}.",
                device.guarantee_until
            ),
        ));
    }
    if let Delivery::CollectionPoint {
        collection_point_id,
    } = &delivery
    {
        if !collection_points::exists(conn, collection_point_id).await? {
            return Err(ApiError::unprocessable(
                ErrorCode::UnknownCollectionPoint,
                "Choose a collection point from the list.",
            ));
        }
    }
    let already_open = || {
        ApiError::conflict(
            ErrorCode::RequestAlreadyOpen,
            "A replacement request for this device is already in progress.",
        )
    };
    if guarantee::open_for_device(conn, &device_id).await? {
        return Err(already_open());
    }
    let request = GuaranteeRequest {
        id: uuid::Uuid::new_v4(),
        device_id,
        fault_description: fault.description,
        fault_code: fault.code,
        delivery,
        status: GuaranteeRequestStatus::Submitted,
        created_at: now,
        updated_at: now,
        tracking_number: None,
        rejection_reason: None,
    };
    if !guarantee::insert(conn, account_id, &request).await? {
        return Err(already_open());
    }
    Ok(Answer::new(StatusCode::CREATED, &request)?.about(account_id))
}
