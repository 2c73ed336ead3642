//! Staff accounts (admin). Creating, disabling, re-enabling, changing a role and resetting
//! a factor are dangerous: each asks for a fresh code from the admin's authenticator app,
//! and the last enabled admin can be neither disabled nor demoted.

use super::*;

#[utoipa::path(get, path = "/v1/backoffice/staff", tag = "backoffice", security(("bearer" = [])),
    responses(
        (status = 200, body = StaffList),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: admin only", body = ErrorBody),
    ))]
/// Every staff account (admin).
pub async fn staff_list(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(client): ClientAddr,
) -> ApiResult<Json<StaffList>> {
    let actor = Actor::require(&caller, &client, &[])?;
    let mut conn = state.db.pool().acquire().await?;
    let staff = accounts::staff_list(&mut conn).await?;
    drop(conn);
    actor
        .log_read(&state, "staff_list_read", "none", staff.len())
        .await?;
    Ok(Json(StaffList { staff }))
}

#[utoipa::path(post, path = "/v1/backoffice/staff", tag = "backoffice", security(("bearer" = [])),
    request_body = NewStaffRequest,
    responses(
        (status = 201, description = "Created; an invitation to set a password was emailed", body = StaffList),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: admin only; `mfa_required`, `invalid_mfa_code`, `code_reused`: a fresh authenticator code is needed", body = ErrorBody),
        (status = 409, description = "`email_taken`", body = ErrorBody),
        (status = 422, description = "`invalid_email`, `invalid_name`", body = ErrorBody),
    ))]
/// Creates a staff account (admin). Its owner sets the password from the emailed
/// invitation, so no admin ever knows it.
pub async fn create_staff(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(client): ClientAddr,
    ApiJson(body): ApiJson<NewStaffRequest>,
) -> ApiResult<(StatusCode, Json<StaffList>)> {
    let actor = Actor::require(&caller, &client, &[])?;
    let email = validate::email(&body.email)?;
    let name = validate::name(&body.name, "name")?;
    let shop = match body.shop.as_deref() {
        Some(shop) => validate::text(
            text::RECEIPT_REFERENCE,
            shop,
            ErrorCode::InvalidRequest,
            "The shop",
        )?,
        None => purchases::DEFAULT_SHOP.to_string(),
    };
    actor
        .step_up(&state, body.mfa_code.as_deref(), "staff_created")
        .await?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    if accounts::live_id_by_email(&mut tx, email.as_str())
        .await?
        .is_some()
    {
        return Err(ApiError::conflict(
            ErrorCode::EmailTaken,
            "An account with this email already exists.",
        ));
    }
    let row = accounts::NewAccountRow {
        email: email.as_str(),
        password_hash: None,
        given_name: &name,
        family_name: "",
        birth_date: None,
        country: "PT",
        staff_role: Some(body.role),
        marketing_opt_in: false,
        terms_accepted_at: None,
        shop: Some(&shop),
        created_at: now,
    };
    let id = accounts::insert(&mut tx, &row).await?;
    let code = one_time_codes::create(&mut tx, &id, Purpose::Invitation, now).await?;
    let to = mail::recipient(&mut tx, &id).await?;
    let invitation = Mail::StaffInvitation {
        code,
        role: body.role,
    };
    mail::enqueue(&mut tx, &to, &invitation, now).await?;
    let detail = format!("role {}", body.role.as_str());
    actor
        .log(&mut tx, "staff_created", Some(&id), None, detail, now)
        .await?;
    let staff = accounts::staff_list(&mut tx).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(StaffList { staff })))
}

/// 404 for an id that is no staff account.
fn no_such_staff() -> ApiError {
    ApiError::not_found(ErrorCode::NotFound, "No such staff account.")
}

/// 409 when the change would leave no enabled admin.
async fn keep_an_admin(conn: &mut AnyConnection, id: &str) -> ApiResult<()> {
    let is_enabled_admin = accounts::staff_role_of(conn, id).await? == Some(StaffRole::Admin)
        && accounts::is_enabled(conn, id).await?;
    if is_enabled_admin && accounts::enabled_admins(conn).await? <= 1 {
        return Err(ApiError::conflict(
            ErrorCode::LastAdmin,
            "This is the last enabled admin: make another admin first.",
        ));
    }
    Ok(())
}

#[utoipa::path(post, path = "/v1/backoffice/staff/{id}/disable", tag = "backoffice", security(("bearer" = [])),
    params(("id" = String, Path, description = "Staff account id")),
    request_body = StepUp,
    responses(
        (status = 204, description = "Disabled; every session of the account ended"),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: admin only; `mfa_required`, `invalid_mfa_code`, `code_reused`: a fresh authenticator code is needed", body = ErrorBody),
        (status = 404, description = "`not_found`: no such active staff account", body = ErrorBody),
        (status = 409, description = "`last_admin`: the last enabled admin", body = ErrorBody),
    ))]
/// Disables a staff account (admin): it can no longer log in and its sessions end at once.
pub async fn disable_staff(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(client): ClientAddr,
    ApiPath(id): ApiPath<String>,
    StepUpBody(body): StepUpBody,
) -> ApiResult<StatusCode> {
    let actor = Actor::require_with_code(
        &caller,
        &client,
        &[],
        &state,
        body.mfa_code.as_deref(),
        "staff_disabled",
    )
    .await?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    keep_an_admin(&mut tx, &id).await?;
    if !accounts::disable_staff(&mut tx, &id, now).await? {
        return Err(ApiError::not_found(
            ErrorCode::NotFound,
            "No such active staff account.",
        ));
    }
    sessions::revoke_all(&mut tx, &id, None, now).await?;
    actor
        .log(
            &mut tx,
            "staff_disabled",
            Some(&id),
            None,
            "enabled -> disabled; sessions ended".to_string(),
            now,
        )
        .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/v1/backoffice/staff/{id}/enable", tag = "backoffice", security(("bearer" = [])),
    params(("id" = String, Path, description = "Staff account id")),
    request_body = StepUp,
    responses(
        (status = 204, description = "Enabled again: the account can log in"),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: admin only; `mfa_required`, `invalid_mfa_code`, `code_reused`: a fresh authenticator code is needed", body = ErrorBody),
        (status = 404, description = "`not_found`: no such disabled staff account", body = ErrorBody),
    ))]
/// Re-enables a disabled staff account (admin).
pub async fn enable_staff(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(client): ClientAddr,
    ApiPath(id): ApiPath<String>,
    StepUpBody(body): StepUpBody,
) -> ApiResult<StatusCode> {
    let actor = Actor::require_with_code(
        &caller,
        &client,
        &[],
        &state,
        body.mfa_code.as_deref(),
        "staff_enabled",
    )
    .await?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    if !accounts::enable_staff(&mut tx, &id).await? {
        return Err(ApiError::not_found(
            ErrorCode::NotFound,
            "No such disabled staff account.",
        ));
    }
    actor
        .log(
            &mut tx,
            "staff_enabled",
            Some(&id),
            None,
            "disabled -> enabled".to_string(),
            now,
        )
        .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/v1/backoffice/staff/{id}/role", tag = "backoffice", security(("bearer" = [])),
    params(("id" = String, Path, description = "Staff account id")),
    request_body = StaffRoleChange,
    responses(
        (status = 204, description = "The role changed; the account's sessions ended, so the next log-in has the new rights"),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: admin only; `mfa_required`, `invalid_mfa_code`, `code_reused`: a fresh authenticator code is needed", body = ErrorBody),
        (status = 404, description = "`not_found`: no such staff account", body = ErrorBody),
        (status = 409, description = "`last_admin`: the last enabled admin cannot be demoted", body = ErrorBody),
    ))]
/// Gives a staff member another role (admin).
pub async fn change_staff_role(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(client): ClientAddr,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<StaffRoleChange>,
) -> ApiResult<StatusCode> {
    let actor = Actor::require_with_code(
        &caller,
        &client,
        &[],
        &state,
        body.mfa_code.as_deref(),
        "staff_role_changed",
    )
    .await?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let before = accounts::staff_role_of(&mut tx, &id)
        .await?
        .ok_or_else(no_such_staff)?;
    if before == StaffRole::Admin && body.role != StaffRole::Admin {
        keep_an_admin(&mut tx, &id).await?;
    }
    if !accounts::set_staff_role(&mut tx, &id, body.role).await? {
        return Err(no_such_staff());
    }
    sessions::revoke_all(&mut tx, &id, None, now).await?;
    let detail = format!("{} -> {}", before.as_str(), body.role.as_str());
    actor
        .log(&mut tx, "staff_role_changed", Some(&id), None, detail, now)
        .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/v1/backoffice/staff/{id}/reset-mfa", tag = "backoffice", security(("bearer" = [])),
    params(("id" = String, Path, description = "Staff account id")),
    request_body = StepUp,
    responses(
        (status = 204, description = "The factor is gone and the account's sessions ended: the next log-in enrols again"),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: admin only; `mfa_required`, `invalid_mfa_code`, `code_reused`: a fresh authenticator code is needed", body = ErrorBody),
        (status = 404, description = "`not_found`: no such staff account", body = ErrorBody),
    ))]
/// Resets a staff member's second factor (admin), e.g. when the phone with the
/// authenticator app is lost.
pub async fn reset_staff_factor(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(client): ClientAddr,
    ApiPath(id): ApiPath<String>,
    StepUpBody(body): StepUpBody,
) -> ApiResult<StatusCode> {
    let actor = Actor::require_with_code(
        &caller,
        &client,
        &[],
        &state,
        body.mfa_code.as_deref(),
        "staff_mfa_reset",
    )
    .await?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    accounts::staff_role_of(&mut tx, &id)
        .await?
        .ok_or_else(no_such_staff)?;
    let had_factor = crate::store::staff_factors::remove(&mut tx, &id).await?;
    sessions::revoke_all(&mut tx, &id, None, now).await?;
    let detail = if had_factor {
        "factor removed; sessions ended"
    } else {
        "no factor; sessions ended"
    };
    actor
        .log(
            &mut tx,
            "staff_mfa_reset",
            Some(&id),
            None,
            detail.to_string(),
            now,
        )
        .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/v1/backoffice/staff/{id}/reset", tag = "backoffice", security(("bearer" = [])),
    params(("id" = String, Path, description = "Staff account id")),
    responses(
        (status = 204, description = "A reset code was emailed to the account; its sessions ended; its second factor stays"),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: admin only", body = ErrorBody),
        (status = 404, description = "`not_found`: no such staff account", body = ErrorBody),
    ))]
/// Resets a staff member's password (admin): a code to the account's own email, and
/// every session ends. The second factor is untouched.
pub async fn reset_staff_password(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(client): ClientAddr,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<StatusCode> {
    let actor = Actor::require(&caller, &client, &[])?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    accounts::staff_email(&mut tx, &id)
        .await?
        .ok_or_else(no_such_staff)?;
    let role = accounts::staff_role_of(&mut tx, &id)
        .await?
        .ok_or_else(no_such_staff)?;
    let code = one_time_codes::create(&mut tx, &id, Purpose::PasswordReset, now).await?;
    let to = mail::recipient(&mut tx, &id).await?;
    mail::enqueue(&mut tx, &to, &Mail::StaffPasswordReset { code, role }, now).await?;
    sessions::revoke_all(&mut tx, &id, None, now).await?;
    actor
        .log(
            &mut tx,
            "staff_password_reset",
            Some(&id),
            None,
            "reset code emailed; sessions ended".to_string(),
            now,
        )
        .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
