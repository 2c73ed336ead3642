//! Device transfers nobody answered (support decides, with a reason) and the
//! troubleshooter's statistics (operations sees which faults drive replacements).

use companion_domain::wire::{
    QueuedTransfer, SupportTransferDecision, TransferQueue, TransferQueueQuery, TransferStatus,
    TroubleshootingStats, TroubleshootingStatsQuery,
};

use super::*;
use crate::routes::transfers::{settle, Decision};
use crate::store::{transfers, troubleshooting};

#[utoipa::path(get, path = "/v1/backoffice/device-transfers", tag = "backoffice", security(("bearer" = [])),
    params(TransferQueueQuery),
    responses(
        (status = 200, description = "Oldest first", body = TransferQueue),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: support or admin only", body = ErrorBody),
    ))]
/// Device transfers for support: the escalated ones (14 days unanswered), or those in
/// `status`, each with both accounts' ids for a look-up.
pub async fn transfer_queue(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(client): ClientAddr,
    ApiQuery(query): ApiQuery<TransferQueueQuery>,
) -> ApiResult<Json<TransferQueue>> {
    let actor = Actor::require(&caller, &client, &[StaffRole::Support])?;
    let status = query.status.unwrap_or(TransferStatus::Escalated);
    let mut conn = state.db.pool().acquire().await?;
    let transfers = transfers::with_status(&mut conn, status)
        .await?
        .iter()
        .map(transfers::Transfer::queued)
        .collect::<ApiResult<Vec<QueuedTransfer>>>()?;
    drop(conn);
    actor
        .log_read(
            &state,
            "device_transfers_read",
            &format!("status={}", status.as_str()),
            transfers.len(),
        )
        .await?;
    Ok(Json(TransferQueue { transfers }))
}

#[utoipa::path(post, path = "/v1/backoffice/device-transfers/{id}/decision", tag = "backoffice", security(("bearer" = [])),
    params(("id" = String, Path, description = "Transfer id")),
    request_body = SupportTransferDecision,
    responses(
        (status = 200, description = "Decided: accepted moves the device to the requester", body = QueuedTransfer),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: support or admin only", body = ErrorBody),
        (status = 404, description = "`transfer_not_found`", body = ErrorBody),
        (status = 409, description = "`invalid_transition`: the owner still has time to answer; `transfer_closed`; `request_already_open`", body = ErrorBody),
        (status = 422, description = "`invalid_request`: a reason is required", body = ErrorBody),
    ))]
/// Decides an escalated transfer (the owner did not answer in 14 days, or their account
/// is gone): accept moves the device, decline keeps it. The reason is kept and audited.
pub async fn decide_transfer(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(client): ClientAddr,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<SupportTransferDecision>,
) -> ApiResult<Json<QueuedTransfer>> {
    let actor = Actor::require(&caller, &client, &[StaffRole::Support])?;
    let reason = validate::text(
        text::SUPPORT_MESSAGE,
        &body.reason,
        ErrorCode::InvalidRequest,
        "The reason",
    )?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let transfer = transfers::find(&mut tx, &id).await?.ok_or_else(|| {
        ApiError::not_found(ErrorCode::TransferNotFound, "There is no such transfer.")
    })?;
    if transfer.status == TransferStatus::Pending {
        return Err(ApiError::conflict(
            ErrorCode::InvalidTransition,
            "The owner still has time to answer: support decides once the transfer is escalated.",
        ));
    }
    let decision = Decision {
        decision: body.decision,
        by: &caller.account_id,
        reason: Some(&reason),
    };
    let decided = settle(&mut tx, &transfer, decision, now).await?;
    let detail = format!(
        "{} -> {}; device {}; owner {}; reason: {reason}",
        transfer.status.as_str(),
        decided.status.as_str(),
        decided.device_id.as_str(),
        transfer.owner_id.as_deref().unwrap_or("(erased)"),
    );
    actor
        .log(
            &mut tx,
            "device_transfer_decided",
            decided.requester_id.as_deref(),
            Some(&decided.id.to_string()),
            detail,
            now,
        )
        .await?;
    tx.commit().await?;
    Ok(Json(decided.queued()?))
}

#[utoipa::path(get, path = "/v1/backoffice/troubleshooting/stats", tag = "backoffice", security(("bearer" = [])),
    params(TroubleshootingStatsQuery),
    responses(
        (status = 200, description = "By model, then symptom", body = TroubleshootingStats),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: operations or admin only", body = ErrorBody),
    ))]
/// Which faults customers fix at home and which drive replacements: per model and
/// symptom, the troubleshooting sessions, how many ended solved, how many led to a
/// request, and the replacement requests naming the symptom.
pub async fn troubleshooting_stats(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(client): ClientAddr,
    ApiQuery(query): ApiQuery<TroubleshootingStatsQuery>,
) -> ApiResult<Json<TroubleshootingStats>> {
    let actor = Actor::require(&caller, &client, &[StaffRole::Operations])?;
    let model = query
        .model
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty());
    let mut conn = state.db.pool().acquire().await?;
    let rows = troubleshooting::stats(&mut conn, model).await?;
    drop(conn);
    actor
        .log_read(
            &state,
            "troubleshooting_stats_read",
            &format!("model={}", model.unwrap_or("*")),
            rows.len(),
        )
        .await?;
    Ok(Json(TroubleshootingStats { rows }))
}
