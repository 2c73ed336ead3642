//! Support requests, also signed out: "I forgot my email" identifies the customer by a
//! device ID registered to them.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use companion_domain::text;
use companion_domain::wire::{
    CreateSupportRequest, ErrorBody, SupportRequestReceipt, SupportTopic,
};
use companion_domain::ErrorCode;
use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::auth::throttle::{Bucket, Space};
use crate::auth::tokens::new_code;
use crate::auth::MaybeCaller;
use crate::client_addr::ClientAddr;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, IdempotencyKey};
use crate::idempotency::{Answer, Idempotent};
use crate::state::AppState;
use crate::store::support_requests::{self, NewSupportRequest};
use crate::validate;

/// Routes of this module.
pub fn router() -> Router<AppState> {
    Router::new().route("/v1/support-requests", post(create))
}

/// A validated support request.
struct Ticket {
    topic: SupportTopic,
    message: String,
    device_id: Option<String>,
    contact_email: Option<String>,
}

#[utoipa::path(post, path = "/v1/support-requests", tag = "support",
    operation_id = "create_support_request",
    // Signed in or not: the account is taken from the token when there is one.
    security(("bearer" = []), ()),
    request_body = CreateSupportRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "UUID; a replay returns the first answer")),
    responses(
        (status = 201, description = "Received", body = SupportRequestReceipt),
        (status = 422, description = "`invalid_message`, `invalid_device_id`, `invalid_email`, `contact_email_required`, `device_id_required`", body = ErrorBody),
        (status = 429, description = "`too_many_attempts`, with Retry-After", body = ErrorBody),
    ))]
/// Sends a message to customer support, signed in or not.
pub async fn create(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    ClientAddr(address): ClientAddr,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<CreateSupportRequest>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let ticket = Ticket {
        topic: body.topic,
        message: validate::text(
            text::SUPPORT_MESSAGE,
            &body.message,
            ErrorCode::InvalidMessage,
            "The message",
        )?,
        device_id: body
            .device_id
            .as_deref()
            .map(validate::device_id)
            .transpose()?
            .map(|d| d.as_str().to_string()),
        contact_email: body
            .contact_email
            .as_deref()
            .map(validate::email)
            .transpose()?
            .map(String::from),
    };
    if caller.is_none() && ticket.contact_email.is_none() {
        return Err(ApiError::unprocessable(
            ErrorCode::ContactEmailRequired,
            "Tell us an email address where we can answer you.",
        ));
    }
    if ticket.topic == SupportTopic::ForgotEmail && ticket.device_id.is_none() {
        return Err(ApiError::unprocessable(
            ErrorCode::DeviceIdRequired,
            "Enter the ID of a device registered to your account so we can find it.",
        ));
    }
    let scope = match &caller {
        Some(caller) => format!("{}:POST /v1/support-requests", caller.scope()),
        None => "anonymous:POST /v1/support-requests".to_string(),
    };
    let idempotent = Idempotent::new(scope, key, &body);
    let bucket = match &caller {
        Some(caller) => Bucket::new(Space::SupportAccount, &caller.account_id),
        None => Bucket::new(Space::SupportAddress, &address),
    };
    let _counted = state.throttle.attempt(vec![bucket], now).await?;
    let account_id = caller.map(|c| c.account_id);
    idempotent
        .run(&state.db, now, move |conn| {
            Box::pin(async move { record(conn, account_id.as_deref(), &ticket, now).await })
        })
        .await
}

/// Records the request and answers with its reference.
async fn record(
    conn: &mut AnyConnection,
    account_id: Option<&str>,
    ticket: &Ticket,
    now: OffsetDateTime,
) -> ApiResult<Answer> {
    let receipt = SupportRequestReceipt {
        id: uuid::Uuid::new_v4(),
        reference: format!("SR-{}", new_code(8)),
        created_at: now,
    };
    let request = NewSupportRequest {
        id: receipt.id,
        reference: &receipt.reference,
        account_id,
        topic: ticket.topic,
        message: &ticket.message,
        device_id: ticket.device_id.as_deref(),
        contact_email: ticket.contact_email.as_deref(),
        at: now,
    };
    support_requests::insert(conn, &request).await?;
    let answer = Answer::new(StatusCode::CREATED, &receipt)?;
    Ok(match account_id {
        Some(account_id) => answer.about(account_id),
        None => answer,
    })
}
