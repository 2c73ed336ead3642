//! The replacement workflow (operations): the queue and each step.

use super::*;

#[utoipa::path(get, path = "/v1/backoffice/guarantee-requests", tag = "backoffice", security(("bearer" = [])),
    params(GuaranteeQueueQuery),
    responses(
        (status = 200, description = "Oldest first", body = GuaranteeRequestList),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: operations or admin only", body = ErrorBody),
    ))]
/// The replacement requests to work on (operations): every open one, or those with a status.
pub async fn guarantee_queue(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(client): ClientAddr,
    ApiQuery(query): ApiQuery<GuaranteeQueueQuery>,
) -> ApiResult<Json<GuaranteeRequestList>> {
    let actor = Actor::require(&caller, &client, &[StaffRole::Operations])?;
    let mut conn = state.db.pool().acquire().await?;
    let requests = guarantee::for_operations(&mut conn, query.status).await?;
    drop(conn);
    let filter = match query.status {
        Some(status) => format!("status={}", status.as_str()),
        None => "open".to_string(),
    };
    actor
        .log_read(&state, "guarantee_queue_read", &filter, requests.len())
        .await?;
    Ok(Json(GuaranteeRequestList { requests }))
}

#[utoipa::path(post, path = "/v1/backoffice/guarantee-requests/{id}/status", tag = "backoffice", security(("bearer" = [])),
    params(("id" = String, Path, description = "Replacement request id")),
    request_body = GuaranteeStatusChange,
    responses(
        (status = 200, description = "Moved; the customer's phone learns it through the change feed", body = GuaranteeRequest),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: operations or admin only", body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody),
        (status = 409, description = "`invalid_transition`: not allowed from the current status", body = ErrorBody),
        (status = 422, description = "`invalid_request`: a tracking number is needed to ship, a reason to reject", body = ErrorBody),
    ))]
/// Moves a replacement request along: approved, shipped (with the carrier's tracking
/// number), ready for collection, completed, or rejected (with a reason the customer
/// sees). Only the allowed transitions; the customer is emailed when it is shipped or ready.
pub async fn move_guarantee_request(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(client): ClientAddr,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<GuaranteeStatusChange>,
) -> ApiResult<Json<GuaranteeRequest>> {
    let actor = Actor::require(&caller, &client, &[StaffRole::Operations])?;
    let one_line = |value: &Option<String>, what: &str| {
        value
            .as_deref()
            .map(|v| validate::text(text::RECIPIENT, v, ErrorCode::InvalidRequest, what))
            .transpose()
    };
    let tracking = one_line(&body.tracking_number, "The tracking number")?;
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
    let missing =
        |what: &str| ApiError::unprocessable(ErrorCode::InvalidRequest, format!("Give {what}."));
    match body.status {
        GuaranteeRequestStatus::Shipped if tracking.is_none() => {
            return Err(missing("the carrier's tracking number"))
        }
        GuaranteeRequestStatus::Rejected if reason.is_none() => {
            return Err(missing("the reason the customer will read"))
        }
        _ => {}
    }
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let (account_id, current) = guarantee::find(&mut tx, &id)
        .await?
        .ok_or_else(|| ApiError::not_found(ErrorCode::NotFound, "No such replacement request."))?;
    if !current.status.can_move_to(body.status, &current.delivery) {
        return Err(ApiError::conflict(
            ErrorCode::InvalidTransition,
            format!(
                "A request that is {} cannot become {}.",
                current.status.as_str(),
                body.status.as_str()
            ),
        ));
    }
    let details = guarantee::StatusDetails {
        tracking_number: tracking.as_deref(),
        rejection_reason: reason.as_deref(),
    };
    let moved = guarantee::set_status(&mut tx, &id, body.status, details, now)
        .await?
        .ok_or_else(|| ApiError::not_found(ErrorCode::NotFound, "No such replacement request."))?;
    actor
        .log(
            &mut tx,
            "guarantee_status",
            account_id.as_deref(),
            Some(&id),
            format!("{} -> {}", current.status.as_str(), body.status.as_str()),
            now,
        )
        .await?;
    if let Some(account) = &account_id {
        tell_customer(&mut tx, account, &moved, now).await?;
    }
    tx.commit().await?;
    Ok(Json(moved))
}

/// Tells the customer, in the status change's transaction: a notification in the app for
/// every move, and an email when the replacement is on its way or waiting for them.
async fn tell_customer(
    conn: &mut AnyConnection,
    account_id: &str,
    request: &GuaranteeRequest,
    now: OffsetDateTime,
) -> ApiResult<()> {
    let device_id = request.device_id.display_grouped();
    let mut params = serde_json::Map::new();
    params.insert("status".into(), request.status.as_str().into());
    params.insert("device_id".into(), device_id.clone().into());
    if let Some(tracking) = &request.tracking_number {
        params.insert("tracking_number".into(), tracking.clone().into());
    }
    let id = request.id.to_string();
    notifications::add(
        conn,
        account_id,
        NotificationKind::ReplacementStatus,
        Some(&id),
        params,
        now,
    )
    .await?;
    let email = match (&request.status, &request.delivery) {
        (GuaranteeRequestStatus::Shipped, _) => Mail::ReplacementShipped {
            device_id,
            tracking_number: request.tracking_number.clone().unwrap_or_default(),
        },
        (GuaranteeRequestStatus::ReadyForCollection, Delivery::CollectionPoint { .. }) => {
            Mail::ReplacementReady { device_id }
        }
        _ => return Ok(()),
    };
    let to = mail::recipient(conn, account_id).await?;
    mail::enqueue(conn, &to, &email, now).await?;
    Ok(())
}
