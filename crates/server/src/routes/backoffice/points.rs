//! Points in the back office (support): the queue of missing-points claims, the decision
//! on each, and goodwill points for a customer. All audited; the customer's phone learns
//! the outcome through the change feed.

use std::collections::HashMap;

use companion_domain::loyalty::{points_for_purchase, GOODWILL_MAX_POINTS};
use companion_domain::wire::{
    ClaimCustomer, ClaimDecision, ClaimDecisionRequest, GoodwillRequest, LoyaltyEntry,
    LoyaltyEntryKind, PointsClaim, PointsClaimQuery, PointsClaimQueue, PointsClaimStatus,
    QueuedPointsClaim, Role,
};

use super::*;
use crate::points::claims::{self, SupportDecision};
use crate::store::points_claims::Owned;
use crate::store::{goodwill, ledger, points_claims};

/// Most points support may credit for one claim: what the largest purchase earns.
const MAX_CLAIM_POINTS: i64 = 10_000;

/// How many of the customer's latest purchases come with each claim in the queue.
const QUEUED_CLAIM_PURCHASES: i64 = 5;

#[utoipa::path(get, path = "/v1/backoffice/points-claims", tag = "backoffice", security(("bearer" = [])),
    params(PointsClaimQuery),
    responses(
        (status = 200, description = "Oldest first, each with its customer, their latest purchases and the points the earn rule suggests", body = PointsClaimQueue),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: support or admin only", body = ErrorBody),
    ))]
/// Missing-points claims to decide (support): the open ones, or those in `status`. Beside
/// each, who filed it and their latest purchases, so a receipt that earned points already
/// is seen before crediting it again.
pub async fn claims_queue(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(client): ClientAddr,
    ApiQuery(query): ApiQuery<PointsClaimQuery>,
) -> ApiResult<Json<PointsClaimQueue>> {
    let actor = Actor::require(&caller, &client, &[StaffRole::Support])?;
    let status = query.status.unwrap_or(PointsClaimStatus::Open);
    let mut conn = state.db.pool().acquire().await?;
    let owned = points_claims::with_status(&mut conn, status).await?;
    // Each customer is read once, however many of their claims wait.
    let mut customers: HashMap<String, (Option<ClaimCustomer>, Vec<LoyaltyEntry>)> = HashMap::new();
    let mut claims = Vec::with_capacity(owned.len());
    for Owned { account_id, claim } in owned {
        if !customers.contains_key(&account_id) {
            let about = claim_customer(&mut conn, &account_id).await?;
            customers.insert(account_id.clone(), about);
        }
        let (customer, recent_purchases) = customers[&account_id].clone();
        claims.push(QueuedPointsClaim {
            suggested_points: points_for_purchase(claim.amount_cents),
            claim,
            customer,
            recent_purchases,
        });
    }
    drop(conn);
    actor
        .log_read(
            &state,
            "points_claims_read",
            &format!("status={}", status.as_str()),
            claims.len(),
        )
        .await?;
    Ok(Json(PointsClaimQueue { claims }))
}

/// The customer behind a queued claim and their latest purchases; none once the account
/// was erased (what is left of its history identifies no one).
async fn claim_customer(
    conn: &mut AnyConnection,
    account_id: &str,
) -> ApiResult<(Option<ClaimCustomer>, Vec<LoyaltyEntry>)> {
    let account = match accounts::load(conn, account_id).await {
        Ok(account) => account,
        Err(ApiError::InvalidToken) => return Ok((None, Vec::new())),
        Err(error) => return Err(error),
    };
    let purchases = ledger::latest_of_kind(
        conn,
        account_id,
        LoyaltyEntryKind::Purchase,
        QUEUED_CLAIM_PURCHASES,
    )
    .await?;
    let customer = ClaimCustomer {
        id: account.id,
        member_code: account.member_code,
        given_name: account.given_name,
        family_name: account.family_name,
    };
    Ok((Some(customer), purchases))
}

#[utoipa::path(post, path = "/v1/backoffice/points-claims/{id}/decision", tag = "backoffice", security(("bearer" = [])),
    params(("id" = String, Path, description = "Points claim id")),
    request_body = ClaimDecisionRequest,
    responses(
        (status = 200, description = "Decided: credited points post at once", body = PointsClaim),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: support or admin only", body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody),
        (status = 409, description = "`invalid_transition`: decided already", body = ErrorBody),
        (status = 422, description = "`invalid_request`: a reason is needed to reject; `invalid_points`", body = ErrorBody),
    ))]
/// Credits an open claim (points posted at once; by default the normal earn rule on the
/// claimed amount) or rejects it with a reason the customer reads.
pub async fn decide_claim(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(client): ClientAddr,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ClaimDecisionRequest>,
) -> ApiResult<Json<PointsClaim>> {
    let actor = Actor::require(&caller, &client, &[StaffRole::Support])?;
    let reason = body
        .reason
        .as_deref()
        .map(|v| {
            validate::text(
                text::SUPPORT_MESSAGE,
                v,
                ErrorCode::InvalidRequest,
                "The reason",
            )
        })
        .transpose()?;
    let decision = match body.decision {
        ClaimDecision::Credit => {
            if let Some(points) = body.points {
                if !(1..=MAX_CLAIM_POINTS).contains(&points) {
                    return Err(ApiError::unprocessable(
                        ErrorCode::InvalidPoints,
                        format!("Credit between 1 and {MAX_CLAIM_POINTS} points."),
                    ));
                }
            }
            SupportDecision::Credit {
                points: body.points,
                reason,
            }
        }
        ClaimDecision::Reject => SupportDecision::Reject {
            reason: reason.ok_or_else(|| {
                ApiError::unprocessable(
                    ErrorCode::InvalidRequest,
                    "Give the reason the customer will read.",
                )
            })?,
        },
    };
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let decided = claims::decide(&mut tx, &id, decision, state.settings.points, now).await?;
    let detail = match decided.claim.points {
        Some(points) => format!("credited {points} points"),
        None => "rejected".to_string(),
    };
    actor
        .log(
            &mut tx,
            "points_claim_decision",
            Some(&decided.account_id),
            Some(&id),
            detail,
            now,
        )
        .await?;
    tx.commit().await?;
    Ok(Json(decided.claim))
}

#[utoipa::path(post, path = "/v1/backoffice/accounts/{id}/points", tag = "backoffice", security(("bearer" = [])),
    params(("id" = String, Path, description = "The customer's account id")),
    request_body = GoodwillRequest,
    responses(
        (status = 201, description = "Granted; posted at once", body = LoyaltyEntry),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: support or admin only", body = ErrorBody),
        (status = 404, description = "`not_found`: no such customer", body = ErrorBody),
        (status = 422, description = "`invalid_points` (1–500), `invalid_request` (the reason), `daily_award_limit`", body = ErrorBody),
    ))]
/// Grants goodwill points to a customer (support): 1 to 500 at a time, posted at once, the
/// reason shown in their history; each agent may grant up to `GOODWILL_DAILY_POINTS_CAP`
/// in 24 hours.
pub async fn grant_goodwill(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(client): ClientAddr,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<GoodwillRequest>,
) -> ApiResult<(StatusCode, Json<LoyaltyEntry>)> {
    let actor = Actor::require(&caller, &client, &[StaffRole::Support])?;
    if !(1..=GOODWILL_MAX_POINTS).contains(&body.points) {
        return Err(ApiError::unprocessable(
            ErrorCode::InvalidPoints,
            format!("Give between 1 and {GOODWILL_MAX_POINTS} points at a time."),
        ));
    }
    let reason = validate::text(
        text::RECEIPT_REFERENCE,
        &body.reason,
        ErrorCode::InvalidRequest,
        "The reason",
    )?;
    let now = state.clock.now();
    let cap = state.settings.goodwill_daily_cap;
    let mut tx = state.db.begin_write().await?;
    // The agent's row lock: two grants by one agent are checked against the cap in turn.
    purchases::lock_assistant(&mut tx, &caller.account_id).await?;
    let not_found = || ApiError::not_found(ErrorCode::NotFound, "No such customer.");
    let customer = match accounts::load(&mut tx, &id).await {
        Ok(customer) => customer,
        Err(ApiError::InvalidToken) => return Err(not_found()),
        Err(error) => return Err(error),
    };
    if customer.role != Role::Customer {
        return Err(not_found());
    }
    let granted =
        goodwill::granted_since(&mut tx, &caller.account_id, now - time::Duration::DAY).await?;
    if granted + body.points > cap {
        return Err(ApiError::unprocessable(
            ErrorCode::DailyAwardLimit,
            format!("You have granted {granted} goodwill points in the last 24 hours; the limit is {cap}."),
        ));
    }
    let entry = ledger::earn(
        &mut tx,
        &id,
        body.points,
        LoyaltyEntryKind::Goodwill,
        &reason,
        state.settings.points.at_once(now),
        now,
    )
    .await?;
    goodwill::record(
        &mut tx,
        &entry.id.to_string(),
        &caller.account_id,
        &id,
        body.points,
        now,
    )
    .await?;
    actor
        .log(
            &mut tx,
            "goodwill_points",
            Some(&id),
            Some(&entry.id.to_string()),
            format!("{} points", body.points),
            now,
        )
        .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(entry)))
}
