//! Reading the audit log (admin): pages, newest first, filtered by customer, staff member,
//! action and time, so a customer's entries stay findable however many others are
//! written. Reading it is itself audited.

use super::*;

/// Entries per page unless asked.
const DEFAULT_PAGE: i64 = 100;
/// The most entries one page may hold.
const MAX_PAGE: i64 = 500;

#[utoipa::path(get, path = "/v1/backoffice/audit", tag = "backoffice", security(("bearer" = [])),
    params(AuditQuery),
    responses(
        (status = 200, description = "A page of entries, newest first; `next_before` continues to older ones", body = AuditLog),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: admin only", body = ErrorBody),
        (status = 422, description = "`invalid_query`: a limit outside 1–500, a time that is not RFC 3339, a malformed cursor", body = ErrorBody),
    ))]
/// The audit log (admin).
pub async fn audit_log(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(client): ClientAddr,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> ApiResult<Json<AuditLog>> {
    let actor = Actor::require(&caller, &client, &[])?;
    let limit = query.limit.unwrap_or(DEFAULT_PAGE);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(bad_query("The limit is a number from 1 to 500."));
    }
    let filter = audit::Filter {
        account_id: query.account_id.map(|id| id.to_string()),
        actor_id: query.actor_id.map(|id| id.to_string()),
        action: query.action.clone().filter(|a| !a.trim().is_empty()),
        from: query.from.as_deref().map(instant).transpose()?,
        to: query.to.as_deref().map(instant).transpose()?,
        before: query.before.as_deref().map(cursor).transpose()?,
    };
    let mut conn = state.db.pool().acquire().await?;
    let entries = audit::page(&mut conn, &filter, limit).await?;
    drop(conn);
    let next_before = match entries.last() {
        Some(last) if entries.len() as i64 == limit => {
            Some(format!("{}_{}", crate::clock::to_millis(last.at), last.id))
        }
        _ => None,
    };
    actor
        .log_read(&state, "audit_read", &describe(&query), entries.len())
        .await?;
    Ok(Json(AuditLog {
        entries,
        next_before,
    }))
}

/// The filter as the audit entry of this read records it.
fn describe(query: &AuditQuery) -> String {
    let mut parts = Vec::new();
    if let Some(id) = query.account_id {
        parts.push(format!("account_id={id}"));
    }
    if let Some(id) = query.actor_id {
        parts.push(format!("actor_id={id}"));
    }
    for (name, value) in [
        ("action", &query.action),
        ("from", &query.from),
        ("to", &query.to),
        ("before", &query.before),
    ] {
        if let Some(value) = value {
            parts.push(format!("{name}={value}"));
        }
    }
    if parts.is_empty() {
        "none".to_string()
    } else {
        parts.join(" ")
    }
}

fn bad_query(message: &str) -> ApiError {
    ApiError::unprocessable(ErrorCode::InvalidQuery, message)
}

fn instant(text: &str) -> ApiResult<OffsetDateTime> {
    OffsetDateTime::parse(text.trim(), &time::format_description::well_known::Rfc3339)
        .map_err(|_| bad_query("Times are RFC 3339, e.g. 2026-12-03T09:00:00Z."))
}

/// A `next_before` cursor: `<unix millis>_<entry id>`.
fn cursor(text: &str) -> ApiResult<(i64, String)> {
    let malformed = || bad_query("The cursor is malformed: pass a page's next_before as it is.");
    let (at, id) = text.split_once('_').ok_or_else(malformed)?;
    let at = at.parse::<i64>().map_err(|_| malformed())?;
    let id = uuid::Uuid::parse_str(id).map_err(|_| malformed())?;
    Ok((at, id.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let id = uuid::Uuid::new_v4();
        assert_eq!(
            cursor(&format!("1780000000000_{id}")).expect("cursor"),
            (1_780_000_000_000, id.to_string())
        );
        for bad in ["", "12", "x_y", "12_not-a-uuid", "_"] {
            assert!(cursor(bad).is_err(), "{bad}");
        }
    }
}
