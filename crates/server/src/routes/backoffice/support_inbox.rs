//! The support inbox and the agent's reply.

use super::*;

#[utoipa::path(get, path = "/v1/backoffice/support-requests", tag = "backoffice", security(("bearer" = [])),
    params(SupportInboxQuery),
    responses(
        (status = 200, description = "Oldest first, each with the account it matches", body = SupportInbox),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: support or admin only", body = ErrorBody),
    ))]
/// The support inbox: open requests by default.
pub async fn support_inbox(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(client): ClientAddr,
    ApiQuery(query): ApiQuery<SupportInboxQuery>,
) -> ApiResult<Json<SupportInbox>> {
    let actor = Actor::require(&caller, &client, &[StaffRole::Support])?;
    let status = query.status.unwrap_or(SupportStatus::Open);
    let mut conn = state.db.pool().acquire().await?;
    let requests = support_requests::inbox(&mut conn, status).await?;
    drop(conn);
    let filter = match status {
        SupportStatus::Open => "status=open",
        SupportStatus::Closed => "status=closed",
    };
    actor
        .log_read(&state, "support_inbox_read", filter, requests.len())
        .await?;
    Ok(Json(SupportInbox { requests }))
}

#[utoipa::path(post, path = "/v1/backoffice/support-requests/{id}/reply", tag = "backoffice", security(("bearer" = [])),
    params(("id" = String, Path, description = "Support request id")),
    request_body = SupportReply,
    responses(
        (status = 204, description = "Queued for email to the customer (and in their app when the request is theirs); the request is closed"),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: support or admin only", body = ErrorBody),
        (status = 404, description = "`not_found`: no such request", body = ErrorBody),
        (status = 409, description = "`request_in_progress`: already answered", body = ErrorBody),
        (status = 422, description = "`invalid_message` (also when a forgot-email reply would give the address away); `not_found` for a hint or reset with no matching account", body = ErrorBody),
    ))]
/// Answers a request by email and closes it. For "I forgot my email" the account's address
/// is never written in clear: the agent adds a masked hint, or sends a password-reset code
/// to the account's own address.
pub async fn reply(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(client): ClientAddr,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<SupportReply>,
) -> ApiResult<StatusCode> {
    let actor = Actor::require(&caller, &client, &[StaffRole::Support])?;
    let message = validate::text(
        text::SUPPORT_MESSAGE,
        &body.message,
        ErrorCode::InvalidMessage,
        "The reply",
    )?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let request = support_requests::find(&mut tx, &id)
        .await?
        .ok_or_else(|| ApiError::not_found(ErrorCode::NotFound, "No such support request."))?;
    let account = match request.account_id {
        Some(account) => Some(accounts::load(&mut tx, &account.to_string()).await?),
        None => None,
    };
    let account_email = account.as_ref().map(|account| account.email.clone());
    if request.topic == SupportTopic::ForgotEmail {
        if let Some(email) = &account_email {
            if message.to_lowercase().contains(email.as_str()) {
                return Err(ApiError::unprocessable(
                    ErrorCode::InvalidMessage,
                    "Never write the account's email in a reply: send a sign-in hint or a password reset instead.",
                ));
            }
        }
    }
    // Where the answer goes: the address the customer gave, else the account's own.
    let to = request
        .contact_email
        .clone()
        .or_else(|| account_email.clone())
        .ok_or_else(|| {
            ApiError::unprocessable(
                ErrorCode::ContactEmailRequired,
                "This request has no address to answer to.",
            )
        })?;
    let needs_account = || {
        ApiError::unprocessable(
            ErrorCode::NotFound,
            "No account matches this request: a hint or a reset needs one.",
        )
    };
    let mut hint = None;
    let mut reset_sent = false;
    match body.action {
        ReplyAction::None => {}
        ReplyAction::SignInHint => {
            let email = account_email.as_deref().ok_or_else(needs_account)?;
            hint = Some(
                Email::parse(email)
                    .map(|e| e.masked())
                    .map_err(|e| anyhow::anyhow!("a stored email does not parse: {e}"))?,
            );
        }
        ReplyAction::PasswordReset => {
            let account = request.account_id.ok_or_else(needs_account)?.to_string();
            let code =
                one_time_codes::create(&mut tx, &account, Purpose::PasswordReset, now).await?;
            let owner = mail::recipient(&mut tx, &account).await?;
            mail::enqueue(&mut tx, &owner, &Mail::PasswordReset { code }, now).await?;
            reset_sent = true;
        }
    }
    // Written in the customer's language when the request is theirs; to the address they
    // asked to be answered at.
    let recipient = match request.account_id {
        Some(account) => Recipient {
            address: to.clone(),
            ..mail::recipient(&mut tx, &account.to_string()).await?
        },
        None => Recipient::address_only(&to),
    };
    let answer = Mail::SupportReply {
        reference: request.reference.clone(),
        message: message.clone(),
        hint,
        reset_sent,
    };
    mail::enqueue(&mut tx, &recipient, &answer, now).await?;
    if let Some(account) = request.account_id {
        let mut params = serde_json::Map::new();
        params.insert("reference".into(), request.reference.clone().into());
        notifications::add(
            &mut tx,
            &account.to_string(),
            NotificationKind::SupportReply,
            Some(&id),
            params,
            now,
        )
        .await?;
    }
    if !support_requests::close(&mut tx, &id, now).await? {
        return Err(ApiError::conflict(
            ErrorCode::RequestInProgress,
            "This request has already been answered.",
        ));
    }
    let account_id = request.account_id.map(|id| id.to_string());
    let action = match body.action {
        ReplyAction::None => "reply",
        ReplyAction::SignInHint => "reply with a sign-in hint",
        ReplyAction::PasswordReset => "reply with a password reset",
    };
    // The text as sent, but never the customer's own email or name: the audit log
    // outlives an erasure, and carries ids only.
    let mut known: Vec<&str> = vec![to.as_str()];
    if let Some(account) = &account {
        known.extend([
            account.email.as_str(),
            account.given_name.as_str(),
            account.family_name.as_str(),
        ]);
    }
    let detail = format!("{action}: {}", redact(&message, &known));
    actor
        .log(
            &mut tx,
            "support_reply",
            account_id.as_deref(),
            Some(&id),
            detail,
            now,
        )
        .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `text` with every case-insensitive occurrence of the `known` words (the customer's
/// email and names) replaced by `[customer]`.
fn redact(text: &str, known: &[&str]) -> String {
    let mut out = text.to_string();
    for word in known
        .iter()
        .map(|w| w.trim())
        .filter(|w| w.chars().count() >= 2)
    {
        let lower = out.to_lowercase();
        let needle = word.to_lowercase();
        // Lower-casing can change byte lengths outside ASCII; redact only where it did not.
        if lower.len() != out.len() {
            out = out.replace(word, "[customer]");
            continue;
        }
        let mut result = String::with_capacity(out.len());
        let mut rest = 0;
        for (at, _) in lower.match_indices(&needle) {
            if at < rest {
                continue;
            }
            result.push_str(&out[rest..at]);
            result.push_str("[customer]");
            rest = at + needle.len();
        }
        result.push_str(&out[rest..]);
        out = result;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn the_customers_email_and_names_never_reach_the_audit_log() {
        let text = "Olá Beatriz COSTA, a conta beatriz@example.pt está ativa. Obrigado, Beatriz.";
        let out = redact(text, &["beatriz@example.pt", "Beatriz", "Costa"]);
        assert_eq!(
            out,
            "Olá [customer] [customer], a conta [customer] está ativa. Obrigado, [customer]."
        );
        assert_eq!(redact("Sem nomes.", &["", "x"]), "Sem nomes.");
    }
}
