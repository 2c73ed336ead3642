//! The loyalty wallet: balance and history, rewards, redemptions.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use companion_domain::wire::{
    ErrorBody, LoyaltyEntryKind, LoyaltySummary, NextTier, RedeemRequest, Redemption, RewardList,
};
use companion_domain::ErrorCode;
use serde::Deserialize;
use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::auth::tokens::new_code;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiQuery, IdempotencyKey};
use crate::idempotency::{Answer, Idempotent};
use crate::state::AppState;
use crate::store::{accounts, ledger, rewards, Order};

/// Routes of this module.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/loyalty", get(summary))
        .route("/v1/rewards", get(list_rewards))
        .route("/v1/redemptions", get(list_redemptions).post(redeem))
}

/// Paging through the history.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HistoryPage {
    /// Only entries older than this (the `next_before` of the previous page).
    before: Option<i64>,
    /// Page size, 1 to 200 (default 50).
    limit: Option<i64>,
}

#[utoipa::path(get, path = "/v1/loyalty", tag = "loyalty", security(("bearer" = [])),
    params(HistoryPage),
    responses((status = 200, body = LoyaltySummary), (status = 401, body = ErrorBody)))]
/// Spendable balance, tier, pending points with the next posting, the next expiry, and a
/// page of history (pending entries included), newest first.
pub async fn summary(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(page): ApiQuery<HistoryPage>,
) -> ApiResult<Json<LoyaltySummary>> {
    let limit = page.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidQuery,
            "limit must be between 1 and 200.",
        ));
    }
    let before = page.before.unwrap_or(i64::MAX);
    let mut conn = state.db.pool().acquire().await?;
    let account = accounts::load(&mut conn, &caller.account_id).await?;
    let (entries, next_before) =
        ledger::history_page(&mut conn, &caller.account_id, before, limit).await?;
    let outlook = ledger::outlook(&mut conn, &caller.account_id).await?;
    let next_tier = account.tier.next().map(|tier| NextTier {
        tier,
        points_needed: (tier.threshold() - account.lifetime_points).max(0),
    });
    Ok(Json(LoyaltySummary {
        balance: account.balance,
        tier: account.tier,
        lifetime_points: account.lifetime_points,
        next_tier,
        entries,
        next_before: next_before.map(|n| n.to_string()),
        outlook,
    }))
}

#[utoipa::path(get, path = "/v1/rewards", tag = "loyalty", security(()),
    responses((status = 200, body = RewardList)))]
/// The reward catalog, cheapest first. Public: shown before sign-up too.
pub async fn list_rewards(State(state): State<AppState>) -> ApiResult<Json<RewardList>> {
    let rewards = rewards::active(&mut *state.db.pool().acquire().await?).await?;
    Ok(Json(RewardList { rewards }))
}

/// The caller's vouchers.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct RedemptionList {
    /// Newest first.
    pub redemptions: Vec<Redemption>,
}

#[utoipa::path(get, path = "/v1/redemptions", tag = "loyalty", security(("bearer" = [])),
    responses((status = 200, body = RedemptionList), (status = 401, body = ErrorBody)))]
/// The caller's vouchers, newest first.
pub async fn list_redemptions(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<RedemptionList>> {
    let mut conn = state.db.pool().acquire().await?;
    let redemptions =
        rewards::redemptions(&mut conn, &caller.account_id, Order::NewestFirst).await?;
    Ok(Json(RedemptionList { redemptions }))
}

#[utoipa::path(post, path = "/v1/redemptions", tag = "loyalty", security(("bearer" = [])),
    request_body = RedeemRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "UUID; a replay returns the first answer")),
    responses(
        (status = 201, description = "Redeemed: the voucher", body = Redemption),
        (status = 404, description = "`unknown_reward`", body = ErrorBody),
        (status = 409, description = "`insufficient_points`: pending points do not count", body = ErrorBody),
    ))]
/// Exchanges posted points for a reward and returns its voucher; the points spent are
/// taken from those that expire first.
pub async fn redeem(
    State(state): State<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<RedeemRequest>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let idempotent = Idempotent::new(
        format!("{}:POST /v1/redemptions", caller.scope()),
        key,
        &body,
    );
    idempotent
        .run(&state.db, now, move |conn| {
            Box::pin(
                async move { redeem_reward(conn, &caller.account_id, &body.reward_id, now).await },
            )
        })
        .await
}

async fn redeem_reward(
    conn: &mut AnyConnection,
    account_id: &str,
    reward_id: &str,
    now: OffsetDateTime,
) -> ApiResult<Answer> {
    let reward = rewards::active_by_id(conn, reward_id)
        .await?
        .ok_or_else(|| {
            ApiError::not_found(
                ErrorCode::UnknownReward,
                "This reward is no longer available.",
            )
        })?;
    let entry = ledger::spend(
        conn,
        account_id,
        reward.cost_points,
        LoyaltyEntryKind::Redemption,
        &reward.name,
        now,
    )
    .await?;
    if entry.is_none() {
        return Err(ApiError::conflict(
            ErrorCode::InsufficientPoints,
            "You do not have enough points for this reward yet.",
        ));
    }
    let redemption = Redemption {
        id: uuid::Uuid::new_v4(),
        reward_id: reward.id.clone(),
        reward_name: reward.name.clone(),
        voucher_code: new_code(12),
        points: reward.cost_points,
        created_at: now,
    };
    rewards::insert_redemption(conn, account_id, &redemption).await?;
    Ok(Answer::new(StatusCode::CREATED, &redemption)?.about(account_id))
}
