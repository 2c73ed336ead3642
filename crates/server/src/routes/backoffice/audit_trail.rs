//! Reading the audit log (admin).

use super::*;

#[utoipa::path(get, path = "/v1/backoffice/audit", tag = "backoffice", security(("bearer" = [])),
    responses(
        (status = 200, description = "The latest 500 actions, newest first", body = AuditLog),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: admin only", body = ErrorBody),
    ))]
/// The audit log (admin).
pub async fn audit_log(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<AuditLog>> {
    caller.require(&[])?;
    let mut conn = state.db.pool().acquire().await?;
    Ok(Json(AuditLog {
        entries: audit::latest(&mut conn, 500).await?,
    }))
}
