//! Sales-assistant endpoints: assisted sign-up (age checked in person) and points for
//! in-store purchases by member code.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use companion_domain::loyalty::points_for_purchase;
use companion_domain::text;
use companion_domain::wire::{
    Account, ErrorBody, LoyaltyEntryKind, Role, StaffPurchaseReceipt, StaffPurchaseRequest,
    StaffSignUpRequest,
};
use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::auth::StaffCaller;
use crate::clock::to_millis;
use crate::db::is_unique_violation;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, IdempotencyKey};
use crate::idempotency::{Answer, Idempotent};
use crate::one_time_codes::{self, Purpose};
use crate::routes::accounts::{self, NewAccount};
use crate::state::AppState;
use crate::store::ledger;
use crate::validate;

/// Routes of this module.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/staff/accounts", post(assisted_sign_up))
        .route("/v1/staff/purchases", post(record_purchase))
}

#[utoipa::path(post, path = "/v1/staff/accounts", tag = "staff", security(("bearer" = [])),
    request_body = StaffSignUpRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "UUID; a replay returns the first answer")),
    responses(
        (status = 201, description = "Created; an invitation to set a password was emailed", body = Account),
        (status = 403, description = "`forbidden`: not a sales assistant", body = ErrorBody),
        (status = 409, description = "`email_taken`", body = ErrorBody),
        (status = 422, description = "`underage`, `age_not_verified`, …", body = ErrorBody),
    ))]
/// Signs a customer up in the shop. The server still enforces the age rule on the date of
/// birth read from the identity document.
pub async fn assisted_sign_up(
    State(state): State<AppState>,
    StaffCaller(staff): StaffCaller,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<StaffSignUpRequest>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    if !body.age_verified_in_person {
        return Err(ApiError::unprocessable(
            "age_not_verified",
            "Check the customer's identity document and confirm they are 18 or older.",
        ));
    }
    validate::terms(body.accept_terms)?;
    let new = NewAccount {
        email: validate::email(&body.email)?,
        given_name: validate::name(&body.given_name, "first name")?,
        family_name: validate::name(&body.family_name, "surname")?,
        birth_date: validate::adult_birth_date(&body.birth_date, now.date())?,
        country: validate::country(&body.country)?,
        marketing_opt_in: body.marketing_opt_in,
    };
    let idempotent = Idempotent::new(
        format!("{}:POST /v1/staff/accounts", staff.scope()),
        key,
        &body,
    );
    let mut tx = state.db.begin_write().await?;
    if let Some(replay) = idempotent.claim(&mut tx, now).await? {
        return Ok(replay);
    }
    let outcome = invite(&mut tx, &new, now).await;
    let invitation = outcome.as_ref().ok().map(|(_, code)| code.clone());
    let response = idempotent
        .finish(&state.db, tx, outcome.map(|(answer, _)| answer), now)
        .await?;
    if let Some(code) = invitation {
        one_time_codes::send_in_background(
            state.mailer.clone(),
            new.email.to_string(),
            Purpose::Invitation,
            code,
        );
    }
    Ok(response)
}

async fn invite(
    conn: &mut AnyConnection,
    new: &NewAccount,
    now: OffsetDateTime,
) -> ApiResult<(Answer, String)> {
    let account = accounts::create(conn, new, None, Role::Customer, now).await?;
    let code =
        one_time_codes::create(conn, &account.id.to_string(), Purpose::Invitation, now).await?;
    let answer = Answer::new(StatusCode::CREATED, &account)?.about(&account.id.to_string());
    Ok((answer, code))
}

#[utoipa::path(post, path = "/v1/staff/purchases", tag = "staff", security(("bearer" = [])),
    request_body = StaffPurchaseRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "UUID; a replay returns the first answer")),
    responses(
        (status = 201, description = "Points added", body = StaffPurchaseReceipt),
        (status = 403, description = "`forbidden`", body = ErrorBody),
        (status = 404, description = "`unknown_member`", body = ErrorBody),
        (status = 409, description = "`duplicate_receipt`: this receipt already earned points", body = ErrorBody),
        (status = 422, description = "`invalid_amount`, `invalid_receipt`", body = ErrorBody),
    ))]
/// Adds points for a purchase, against the member code from the customer's QR.
pub async fn record_purchase(
    State(state): State<AppState>,
    StaffCaller(staff): StaffCaller,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<StaffPurchaseRequest>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    if !(100..=1_000_000).contains(&body.amount_cents) {
        return Err(ApiError::unprocessable(
            "invalid_amount",
            "The amount must be between 1 € and 10 000 €.",
        ));
    }
    let receipt = validate::text(
        text::RECEIPT_REFERENCE,
        &body.receipt_reference,
        "invalid_receipt",
        "The receipt reference",
    )?;
    let member_code = body.member_code.trim().to_ascii_uppercase();
    let idempotent = Idempotent::new(
        format!("{}:POST /v1/staff/purchases", staff.scope()),
        key,
        &body,
    );
    let amount_cents = body.amount_cents;
    idempotent
        .run(&state.db, now, move |conn| {
            Box::pin(async move {
                award(
                    conn,
                    &staff.account_id,
                    &member_code,
                    &receipt,
                    amount_cents,
                    now,
                )
                .await
            })
        })
        .await
}

async fn award(
    conn: &mut AnyConnection,
    staff_id: &str,
    member_code: &str,
    receipt: &str,
    amount_cents: i64,
    now: OffsetDateTime,
) -> ApiResult<Answer> {
    let member: Option<String> =
        sqlx::query_scalar("SELECT id FROM accounts WHERE member_code = $1 AND erased_at IS NULL")
            .bind(member_code)
            .fetch_optional(&mut *conn)
            .await?;
    let member = member.ok_or_else(|| {
        ApiError::not_found(
            "unknown_member",
            "No member has this code. Scan the QR again.",
        )
    })?;
    let seen: Option<String> =
        sqlx::query_scalar("SELECT receipt_reference FROM purchases WHERE receipt_reference = $1")
            .bind(receipt)
            .fetch_optional(&mut *conn)
            .await?;
    if seen.is_some() {
        return Err(ApiError::conflict(
            "duplicate_receipt",
            "This receipt has already earned points.",
        ));
    }
    let points = points_for_purchase(amount_cents);
    let entry = ledger::append(
        conn,
        &member,
        points,
        LoyaltyEntryKind::Purchase,
        &format!("Purchase {receipt}"),
        now,
    )
    .await?
    .ok_or_else(|| anyhow::anyhow!("a positive ledger entry was refused"))?;
    sqlx::query(
        "INSERT INTO purchases (receipt_reference, account_id, entry_id, staff_id, amount_cents, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(receipt)
    .bind(&member)
    .bind(entry.id.to_string())
    .bind(staff_id)
    .bind(amount_cents)
    .bind(to_millis(now))
    .execute(&mut *conn)
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            ApiError::conflict("duplicate_receipt", "This receipt has already earned points.")
        } else {
            e.into()
        }
    })?;
    Answer::new(
        StatusCode::CREATED,
        &StaffPurchaseReceipt {
            entry_id: entry.id,
            points,
        },
    )
}
