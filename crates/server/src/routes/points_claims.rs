//! `/v1/points-claims`: a customer whose purchase earned no points names the receipt; a
//! matching till record credits it at once, otherwise support decides (the back office).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use companion_domain::loyalty::{check_claim_date, ClaimDateError, CLAIM_WINDOW_DAYS};
use companion_domain::wire::{ErrorBody, NewPointsClaim, PointsClaim, PointsClaimList};
use companion_domain::ErrorCode;

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, IdempotencyKey};
use crate::idempotency::{Answer, Idempotent};
use crate::points::claims::{self, CheckedClaim};
use crate::state::AppState;
use crate::store::{date_from_text, points_claims};
use crate::validate;

/// Routes of this module.
pub fn router() -> Router<AppState> {
    Router::new().route("/v1/points-claims", get(list_claims).post(file_claim))
}

#[utoipa::path(post, path = "/v1/points-claims", tag = "loyalty", security(("bearer" = [])),
    request_body = NewPointsClaim,
    params(("Idempotency-Key" = Option<String>, Header, description = "UUID; a replay returns the first answer")),
    responses(
        (status = 201, description = "Filed (`open`), or credited at once from the till's record (`credited`)", body = PointsClaim),
        (status = 409, description = "`claim_exists`: this receipt is claimed and waiting; `already_credited`: it earned points already", body = ErrorBody),
        (status = 422, description = "`claim_too_late` (over 90 days), `invalid_purchase_date`, `invalid_amount`, `invalid_receipt`", body = ErrorBody),
    ))]
/// Claims the points of a purchase that earned none. Shop and receipt are matched ignoring
/// case and surrounding spaces; a receipt the till recorded without a member code, for an
/// amount within 1 €, credits the claim at once (its points pending for the return window).
pub async fn file_claim(
    State(state): State<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<NewPointsClaim>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let checked = check(&body, now.date())?;
    let idempotent = Idempotent::new(
        format!("{}:POST /v1/points-claims", caller.scope()),
        key,
        &body,
    );
    let rules = state.settings.points;
    idempotent
        .run(&state.db, now, move |conn| {
            Box::pin(async move {
                let claim = claims::file(conn, &caller.account_id, checked, rules, now).await?;
                Ok(Answer::new(StatusCode::CREATED, &claim)?.about(&caller.account_id))
            })
        })
        .await
}

fn check(body: &NewPointsClaim, today: time::Date) -> ApiResult<CheckedClaim> {
    let purchased_on = date_from_text(body.purchased_on.trim()).map_err(|_| {
        ApiError::unprocessable(
            ErrorCode::InvalidPurchaseDate,
            "The purchase date must be a date like 2026-06-15.",
        )
    })?;
    check_claim_date(purchased_on, today).map_err(|error| match error {
        ClaimDateError::TooLate => ApiError::unprocessable(
            ErrorCode::ClaimTooLate,
            format!("Points can be claimed up to {CLAIM_WINDOW_DAYS} days after the purchase."),
        ),
        ClaimDateError::InFuture => ApiError::unprocessable(
            ErrorCode::InvalidPurchaseDate,
            "The purchase date cannot be in the future.",
        ),
    })?;
    Ok(CheckedClaim {
        shop: validate::receipt(&body.shop, "The shop code")?,
        receipt_reference: validate::receipt(&body.receipt_reference, "The receipt reference")?,
        purchased_on,
        amount_cents: validate::purchase_amount(body.amount_cents)?,
    })
}

#[utoipa::path(get, path = "/v1/points-claims", tag = "loyalty", security(("bearer" = [])),
    responses((status = 200, body = PointsClaimList), (status = 401, body = ErrorBody)))]
/// The caller's claims, newest first.
pub async fn list_claims(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<PointsClaimList>> {
    let mut conn = state.db.pool().acquire().await?;
    let claims = points_claims::of_account(&mut conn, &caller.account_id).await?;
    Ok(Json(PointsClaimList { claims }))
}
