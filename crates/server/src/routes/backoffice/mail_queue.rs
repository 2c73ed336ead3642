//! The mail outbox as operations see it: what has not gone out, and a retry for a message
//! given up.

use super::*;

#[utoipa::path(get, path = "/v1/backoffice/mail", tag = "backoffice", security(("bearer" = [])),
    params(MailQueueQuery),
    responses(
        (status = 200, description = "Oldest first, recipients masked, with the counts per status", body = MailQueue),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: operations or admin only", body = ErrorBody),
    ))]
/// The outbox (operations): messages not yet sent by default, or those with a status
/// (`failed` is the one to watch). Never the messages' contents.
pub async fn mail_queue(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(client): ClientAddr,
    ApiQuery(query): ApiQuery<MailQueueQuery>,
) -> ApiResult<Json<MailQueue>> {
    let actor = Actor::require(&caller, &client, &[StaffRole::Operations])?;
    let mut conn = state.db.pool().acquire().await?;
    let messages: Vec<MailMessage> = mail_outbox::list(&mut conn, query.status)
        .await?
        .into_iter()
        .map(|message| MailMessage {
            recipient: masked(&message.recipient),
            ..message
        })
        .collect();
    let counts: MailCounts = mail_outbox::counts(&mut conn).await?;
    drop(conn);
    let filter = match query.status {
        Some(status) => format!("status={}", status.as_str()),
        None => "unsent".to_string(),
    };
    actor
        .log_read(&state, "mail_queue_read", &filter, messages.len())
        .await?;
    Ok(Json(MailQueue { messages, counts }))
}

#[utoipa::path(post, path = "/v1/backoffice/mail/{id}/retry", tag = "backoffice", security(("bearer" = [])),
    params(("id" = String, Path, description = "Outbox message id")),
    responses(
        (status = 204, description = "Queued again, due now, its attempts counted afresh"),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: operations or admin only", body = ErrorBody),
        (status = 404, description = "`not_found`: no failed message with this id", body = ErrorBody),
    ))]
/// Puts a failed message back in the queue (operations), once the cause is fixed (a
/// mailbox full, an address corrected by the customer).
pub async fn retry_mail(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(client): ClientAddr,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<StatusCode> {
    let actor = Actor::require(&caller, &client, &[StaffRole::Operations])?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    if !mail_outbox::retry(&mut tx, &id, now).await? {
        return Err(ApiError::not_found(
            ErrorCode::NotFound,
            "No failed message has this id.",
        ));
    }
    actor
        .log(
            &mut tx,
            "mail_retry",
            None,
            Some(&id),
            "queued again".to_string(),
            now,
        )
        .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `j***@example.pt`; an address that does not parse shows as `***`.
fn masked(address: &str) -> String {
    Email::parse(address)
        .map(|email| email.masked())
        .unwrap_or_else(|_| "***".to_string())
}
