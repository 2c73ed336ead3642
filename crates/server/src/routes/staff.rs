//! Sales-assistant endpoints: assisted sign-up (age checked in person) and points for
//! in-store purchases by member code.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use companion_domain::loyalty::points_for_purchase;
use companion_domain::wire::{
    AccountView, ErrorBody, Language, LoyaltyEntryKind, Role, StaffPurchaseReceipt,
    StaffPurchaseRequest, StaffSignUpRequest, UnclaimedReceipt,
};
use companion_domain::{ErrorCode, NewAccount};
use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::auth::StaffCaller;
use crate::client_addr::ClientAddr;
use crate::db::is_unique_violation;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, IdempotencyKey};
use crate::idempotency::{Answer, Idempotent};
use crate::mail::{self, Mail};
use crate::one_time_codes::{self, Purpose};
use crate::points::claims;
use crate::routes::accounts;
use crate::state::AppState;
use crate::store::{self, ledger, purchases};
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
        (status = 201, description = "Created; an invitation to set a password was emailed", body = AccountView),
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
            ErrorCode::AgeNotVerified,
            "Check the customer's identity document and confirm they are 18 or older.",
        ));
    }
    let new = validate::new_account(body.new_account(now.date()))?;
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
    idempotent.finish(&state.db, tx, outcome, now).await
}

/// Creates the account and queues the invitation in the same transaction.
async fn invite(
    conn: &mut AnyConnection,
    new: &NewAccount,
    now: OffsetDateTime,
) -> ApiResult<Answer> {
    let account = accounts::create(conn, new, None, Language::default(), now).await?;
    let id = account.account.id.to_string();
    let code = one_time_codes::create(conn, &id, Purpose::Invitation, now).await?;
    let to = mail::recipient(conn, &id).await?;
    mail::enqueue(conn, &to, &Mail::Invitation { code }, now).await?;
    Answer::new(StatusCode::CREATED, &account).map(|answer| answer.about(&id))
}

#[utoipa::path(post, path = "/v1/staff/purchases", tag = "staff", security(("bearer" = [])),
    request_body = StaffPurchaseRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "UUID; a replay returns the first answer")),
    responses(
        (status = 201, description = "Points added (pending for the return window), or, without `member_code`, the receipt recorded unclaimed (an `UnclaimedReceipt`)", body = StaffPurchaseReceipt),
        (status = 403, description = "`forbidden`", body = ErrorBody),
        (status = 404, description = "`unknown_member`", body = ErrorBody),
        (status = 409, description = "`duplicate_receipt`: this receipt already earned points", body = ErrorBody),
        (status = 422, description = "`invalid_amount`, `invalid_receipt`, `member_is_staff`, `daily_award_limit`", body = ErrorBody),
    ))]
/// Adds points for a purchase, against the member code from the customer's QR; they stay
/// pending for the return window (`POINTS_PENDING_HOURS`). Without a member code the
/// receipt is recorded unclaimed for the assistant's shop, and credits the member whose
/// missing-points claim matches it (now, or when they file one).
pub async fn record_purchase(
    State(state): State<AppState>,
    StaffCaller(staff): StaffCaller,
    ClientAddr(address): ClientAddr,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<StaffPurchaseRequest>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let amount_cents = validate::purchase_amount(body.amount_cents)?;
    let receipt = validate::receipt(&body.receipt_reference, "The receipt reference")?;
    let member_code = body.member_code.trim().to_ascii_uppercase();
    let idempotent = Idempotent::new(
        format!("{}:POST /v1/staff/purchases", staff.scope()),
        key,
        &body,
    );
    let daily_cap = state.settings.staff_daily_points_cap;
    let rules = state.settings.points;
    idempotent
        .run(&state.db, now, move |conn| {
            Box::pin(async move {
                let details = Award {
                    staff_id: &staff.account_id,
                    member_code: &member_code,
                    receipt: &receipt,
                    amount_cents,
                    daily_cap,
                    client: &address,
                    rules,
                };
                if member_code.is_empty() {
                    record_unclaimed(conn, details, now).await
                } else {
                    award(conn, details, now).await
                }
            })
        })
        .await
}

/// What one award needs to know besides the transaction.
struct Award<'a> {
    staff_id: &'a str,
    member_code: &'a str,
    receipt: &'a str,
    amount_cents: i64,
    daily_cap: i64,
    client: &'a str,
    rules: crate::points::Rules,
}

fn duplicate_receipt() -> ApiError {
    ApiError::conflict(
        ErrorCode::DuplicateReceipt,
        "This receipt has already earned points.",
    )
}

/// Records a purchase without a member code, and credits a matching open claim at once.
async fn record_unclaimed(
    conn: &mut AnyConnection,
    award: Award<'_>,
    now: OffsetDateTime,
) -> ApiResult<Answer> {
    let shop = purchases::lock_assistant(conn, award.staff_id).await?;
    if purchases::receipt_used(conn, &shop, award.receipt).await? {
        return Err(duplicate_receipt());
    }
    let receipt = purchases::UnclaimedReceipt {
        shop,
        receipt_reference: award.receipt.to_string(),
        staff_id: award.staff_id.to_string(),
        amount_cents: award.amount_cents,
        at: now,
    };
    purchases::insert_unclaimed(conn, &receipt)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                duplicate_receipt()
            } else {
                e.into()
            }
        })?;
    let credited_claim = claims::match_receipt(conn, &receipt, award.rules, now).await?;
    tracing::info!(target: "security", event = "staff_unclaimed_receipt", staff_id = %award.staff_id,
        shop = %receipt.shop, amount_cents = award.amount_cents, credited = credited_claim.is_some(),
        client = %award.client, "purchase recorded without a member code");
    Answer::new(
        StatusCode::CREATED,
        &UnclaimedReceipt {
            shop: receipt.shop,
            receipt_reference: receipt.receipt_reference,
            amount_cents: receipt.amount_cents,
            credited_claim,
        },
    )
}

async fn award(
    conn: &mut AnyConnection,
    award: Award<'_>,
    now: OffsetDateTime,
) -> ApiResult<Answer> {
    let shop = purchases::lock_assistant(conn, award.staff_id).await?;
    let member = store::accounts::find_by_member_code(conn, award.member_code)
        .await?
        .ok_or_else(|| {
            ApiError::not_found(
                ErrorCode::UnknownMember,
                "No member has this code. Scan the QR again.",
            )
        })?;
    if member.role != Role::Customer {
        return Err(ApiError::unprocessable(
            ErrorCode::MemberIsStaff,
            "Points are for customers: a staff account cannot be credited.",
        ));
    }
    if purchases::receipt_used(conn, &shop, award.receipt).await? {
        return Err(duplicate_receipt());
    }
    let points = points_for_purchase(award.amount_cents);
    let awarded_today =
        purchases::points_awarded_since(conn, award.staff_id, now - time::Duration::DAY).await?;
    if awarded_today + points > award.daily_cap {
        tracing::warn!(target: "security", event = "staff_award_refused", staff_id = %award.staff_id,
            points, awarded_today, cap = award.daily_cap, client = %award.client, "daily award cap reached");
        return Err(ApiError::unprocessable(
            ErrorCode::DailyAwardLimit,
            format!(
                "You have awarded {awarded_today} points in the last 24 hours; the limit is {}. Ask a manager.",
                award.daily_cap
            ),
        ));
    }
    let entry = ledger::earn(
        conn,
        &member.id,
        points,
        LoyaltyEntryKind::Purchase,
        &format!("Purchase {}", award.receipt),
        award.rules.in_store(now),
        now,
    )
    .await?;
    let purchase = purchases::NewPurchase {
        shop: &shop,
        receipt_reference: award.receipt,
        account_id: &member.id,
        entry_id: &entry.id.to_string(),
        staff_id: award.staff_id,
        amount_cents: award.amount_cents,
        at: now,
    };
    purchases::insert(conn, &purchase).await.map_err(|e| {
        if is_unique_violation(&e) {
            duplicate_receipt()
        } else {
            e.into()
        }
    })?;
    tracing::info!(target: "security", event = "staff_award", staff_id = %award.staff_id, shop = %shop,
        account_id = %member.id, points, amount_cents = award.amount_cents, client = %award.client, "points awarded in store");
    Answer::new(
        StatusCode::CREATED,
        &StaffPurchaseReceipt {
            entry_id: entry.id,
            points,
        },
    )
}
