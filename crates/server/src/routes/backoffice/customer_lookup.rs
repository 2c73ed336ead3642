//! Finding a customer (support), and erasing one at their request.

use super::*;

#[utoipa::path(get, path = "/v1/backoffice/accounts", tag = "backoffice", security(("bearer" = [])),
    params(AccountQuery),
    responses(
        (status = 200, description = "The customer, or none found (`customer` is null)", body = CustomerLookup),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: support or admin only", body = ErrorBody),
        (status = 422, description = "`invalid_request`: give exactly one of device_id, email, member_code; `invalid_device_id`, `invalid_email`", body = ErrorBody),
    ))]
/// Finds a customer by a device ID (as read out, normalised like the app does), email or
/// member code. The lookup is personal-data access: it is audited.
pub async fn find_customer(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(client): ClientAddr,
    ApiQuery(query): ApiQuery<AccountQuery>,
) -> ApiResult<Json<CustomerLookup>> {
    let actor = Actor::require(&caller, &client, &[StaffRole::Support])?;
    let device;
    let email;
    let member_code;
    let (key, by) = match (&query.device_id, &query.email, &query.member_code) {
        (Some(id), None, None) => {
            device = validate::device_id(id)?;
            (CustomerKey::DeviceId(device.as_str()), "device_id")
        }
        (None, Some(text), None) => {
            email = validate::email(text)?;
            (CustomerKey::Email(email.as_str()), "email")
        }
        (None, None, Some(code)) => {
            member_code = code.trim().to_ascii_uppercase();
            (CustomerKey::MemberCode(&member_code), "member_code")
        }
        _ => {
            return Err(ApiError::unprocessable(
                ErrorCode::InvalidRequest,
                "Give exactly one of device_id, email or member_code.",
            ))
        }
    };
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let found = accounts::find_customer(&mut tx, key).await?;
    let customer = match &found {
        Some(id) => Some(customer_record(&mut tx, id, now).await?),
        None => None,
    };
    let outcome = if found.is_some() { "found" } else { "none" };
    actor
        .log(
            &mut tx,
            "customer_lookup",
            found.as_deref(),
            None,
            format!("by {by}: {outcome}"),
            now,
        )
        .await?;
    tx.commit().await?;
    Ok(Json(CustomerLookup { customer }))
}

/// What support sees of a customer.
async fn customer_record(
    conn: &mut AnyConnection,
    account_id: &str,
    now: OffsetDateTime,
) -> ApiResult<CustomerRecord> {
    let account = accounts::load(conn, account_id).await?;
    let devices = devices::all_owned(conn, account_id, now.date())
        .await?
        .into_iter()
        .map(|device| CustomerDevice {
            device_id: device.device_id.as_str().to_string(),
            model: device.model,
            guarantee_until: Some(device.guarantee_until),
        })
        .collect();
    let open_requests = guarantee::of_account(conn, account_id, crate::store::Order::NewestFirst)
        .await?
        .into_iter()
        .filter(|request| request.status.is_open())
        .map(|request| OpenRequestSummary {
            id: request.id,
            device_id: request.device_id,
            status: request.status,
            created_at: request.created_at,
            delivery_kind: match request.delivery {
                Delivery::Address { .. } => "address",
                Delivery::CollectionPoint { .. } => "collection_point",
            }
            .to_string(),
        })
        .collect();
    Ok(CustomerRecord {
        id: account.id,
        email: account.email,
        given_name: account.given_name,
        family_name: account.family_name,
        member_code: account.member_code,
        tier: account.tier,
        devices,
        open_requests,
    })
}

#[utoipa::path(delete, path = "/v1/backoffice/accounts/{id}", tag = "backoffice", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer account id")),
    request_body = ErasureRequest,
    responses(
        (status = 204, description = "Erased exactly as the customer's own removal does"),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: support or admin only; `mfa_required`, `invalid_mfa_code`, `code_reused`: a fresh authenticator code is needed", body = ErrorBody),
        (status = 404, description = "`not_found`: no such live customer", body = ErrorBody),
        (status = 422, description = "`invalid_request`: confirm with ERASE and give the request's reference", body = ErrorBody),
    ))]
/// Erases a customer at their (verified) request: the same code as `DELETE /v1/account`,
/// with a fresh code from the agent's authenticator app.
pub async fn erase_customer(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(client): ClientAddr,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ErasureRequest>,
) -> ApiResult<StatusCode> {
    let actor = Actor::require(&caller, &client, &[StaffRole::Support])?;
    let reference = validate::text(
        text::RECEIPT_REFERENCE,
        &body.reference,
        ErrorCode::InvalidRequest,
        "The reference",
    )?;
    if body.confirm != "ERASE" {
        return Err(ApiError::unprocessable(
            ErrorCode::InvalidRequest,
            "Confirm the erasure with ERASE.",
        ));
    }
    actor
        .step_up(&state, body.mfa_code.as_deref(), "customer_erased")
        .await?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    if !accounts::is_live_customer(&mut tx, &id).await? {
        return Err(ApiError::not_found(
            ErrorCode::NotFound,
            "No such customer.",
        ));
    }
    erasure::erase(&mut tx, &id, now).await?;
    let detail = format!("at the customer's request {reference}");
    actor
        .log(&mut tx, "customer_erased", Some(&id), None, detail, now)
        .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
