//! Staff accounts (admin).

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
) -> ApiResult<Json<StaffList>> {
    caller.require(&[])?;
    let mut conn = state.db.pool().acquire().await?;
    Ok(Json(StaffList {
        staff: accounts::staff_list(&mut conn).await?,
    }))
}

#[utoipa::path(post, path = "/v1/backoffice/staff", tag = "backoffice", security(("bearer" = [])),
    request_body = NewStaffRequest,
    responses(
        (status = 201, description = "Created; an invitation to set a password was emailed", body = StaffList),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: admin only", body = ErrorBody),
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
    let detail = format!("role {}", body.role.as_str());
    actor
        .log(&mut tx, "staff_created", Some(&id), None, detail, now)
        .await?;
    let staff = accounts::staff_list(&mut tx).await?;
    tx.commit().await?;
    one_time_codes::send_in_background(
        state.mailer.clone(),
        email.to_string(),
        Purpose::Invitation,
        code,
    );
    Ok((StatusCode::CREATED, Json(StaffList { staff })))
}

#[utoipa::path(post, path = "/v1/backoffice/staff/{id}/disable", tag = "backoffice", security(("bearer" = [])),
    params(("id" = String, Path, description = "Staff account id")),
    responses(
        (status = 204, description = "Disabled; every session of the account ended"),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: admin only", body = ErrorBody),
        (status = 404, description = "`not_found`: no such active staff account", body = ErrorBody),
    ))]
/// Disables a staff account (admin): it can no longer log in and its sessions end at once.
pub async fn disable_staff(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(client): ClientAddr,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<StatusCode> {
    let actor = Actor::require(&caller, &client, &[])?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
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
            String::new(),
            now,
        )
        .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/v1/backoffice/staff/{id}/reset", tag = "backoffice", security(("bearer" = [])),
    params(("id" = String, Path, description = "Staff account id")),
    responses(
        (status = 204, description = "A reset code was emailed to the account; its sessions ended"),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: admin only", body = ErrorBody),
        (status = 404, description = "`not_found`: no such staff account", body = ErrorBody),
    ))]
/// Resets a staff member's password (admin): a code to the account's own email, and
/// every session ends.
pub async fn reset_staff_password(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(client): ClientAddr,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<StatusCode> {
    let actor = Actor::require(&caller, &client, &[])?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let email = accounts::staff_email(&mut tx, &id)
        .await?
        .ok_or_else(|| ApiError::not_found(ErrorCode::NotFound, "No such staff account."))?;
    let code = one_time_codes::create(&mut tx, &id, Purpose::PasswordReset, now).await?;
    sessions::revoke_all(&mut tx, &id, None, now).await?;
    actor
        .log(
            &mut tx,
            "staff_password_reset",
            Some(&id),
            None,
            String::new(),
            now,
        )
        .await?;
    tx.commit().await?;
    one_time_codes::send_in_background(state.mailer.clone(), email, Purpose::PasswordReset, code);
    Ok(StatusCode::NO_CONTENT)
}
