//! `/v1/backoffice/…`: the brand's staff at work. Support finds customers and answers the
//! inbox; operations moves replacement requests along; an admin reads the audit log. Every
//! endpoint checks the caller's staff role (customers and sales assistants get 403), and
//! every action, lookups included, is written to the audit log with who, what and from where.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use companion_domain::wire::{
    AccountQuery, AuditEntry, AuditLog, CataloguePoint, CatalogueReward, CustomerDevice,
    CustomerLookup, CustomerRecord, Delivery, ErasureRequest, ErrorBody, GuaranteeQueueQuery,
    GuaranteeRequest, GuaranteeRequestList, GuaranteeRequestStatus, GuaranteeStatusChange,
    NewStaffRequest, PointCatalogue, ReplyAction, RewardCatalogue, StaffList, StaffRole,
    SupportInbox, SupportInboxQuery, SupportReply, SupportStatus, SupportTopic,
};
use companion_domain::{text, Email, ErrorCode};
use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::auth::Caller;
use crate::catalogues;
use crate::client_addr::ClientAddr;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::one_time_codes::{self, Purpose};
use crate::state::AppState;
use crate::store::accounts::{self, CustomerKey};
use crate::store::{
    audit, collection_points, devices, erasure, guarantee, purchases, rewards, sessions,
    support_requests,
};
use crate::validate;

/// Routes of this module.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/backoffice/accounts", get(find_customer))
        .route("/v1/backoffice/support-requests", get(support_inbox))
        .route("/v1/backoffice/support-requests/{id}/reply", post(reply))
        .route("/v1/backoffice/guarantee-requests", get(guarantee_queue))
        .route(
            "/v1/backoffice/guarantee-requests/{id}/status",
            post(move_guarantee_request),
        )
        .route("/v1/backoffice/audit", get(audit_log))
        .route("/v1/backoffice/accounts/{id}", delete(erase_customer))
        .route("/v1/backoffice/staff", get(staff_list).post(create_staff))
        .route("/v1/backoffice/staff/{id}/disable", post(disable_staff))
        .route("/v1/backoffice/rewards", get(reward_catalogue))
        .route("/v1/backoffice/rewards/{id}", put(save_reward))
        .route("/v1/backoffice/collection-points", get(point_catalogue))
        .route("/v1/backoffice/collection-points/{id}", put(save_point))
        .route(
            "/v1/backoffice/staff/{id}/reset",
            post(reset_staff_password),
        )
}

/// Who is acting, for the audit log.
struct Actor<'a> {
    caller: &'a Caller,
    role: StaffRole,
    client: &'a str,
}

impl Actor<'_> {
    /// Appends what was done to the audit log.
    async fn log(
        &self,
        conn: &mut AnyConnection,
        action: &str,
        account_id: Option<&str>,
        target_id: Option<&str>,
        detail: String,
        now: OffsetDateTime,
    ) -> ApiResult<()> {
        let entry = AuditEntry {
            at: now,
            actor_id: accounts::parse_uuid(&self.caller.account_id)?,
            actor_role: self.role,
            action: action.to_string(),
            account_id: account_id.map(accounts::parse_uuid).transpose()?,
            target_id: target_id.map(str::to_string),
            client: self.client.to_string(),
            detail,
        };
        audit::append(conn, &entry).await?;
        tracing::info!(target: "security", event = "backoffice", action, actor_id = %self.caller.account_id,
            account_id = ?account_id, client = %self.client, "back-office action");
        Ok(())
    }
}

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
    let role = caller.require(&[StaffRole::Support])?;
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
    let actor = Actor {
        caller: &caller,
        role,
        client: &client,
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
    ApiQuery(query): ApiQuery<SupportInboxQuery>,
) -> ApiResult<Json<SupportInbox>> {
    caller.require(&[StaffRole::Support])?;
    let mut conn = state.db.pool().acquire().await?;
    let requests =
        support_requests::inbox(&mut conn, query.status.unwrap_or(SupportStatus::Open)).await?;
    Ok(Json(SupportInbox { requests }))
}

#[utoipa::path(post, path = "/v1/backoffice/support-requests/{id}/reply", tag = "backoffice", security(("bearer" = [])),
    params(("id" = String, Path, description = "Support request id")),
    request_body = SupportReply,
    responses(
        (status = 204, description = "Emailed to the customer; the request is closed"),
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
    let role = caller.require(&[StaffRole::Support])?;
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
    let account_email = match request.account_id {
        Some(account) => Some(accounts::load(&mut tx, &account.to_string()).await?.email),
        None => None,
    };
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
    let mut text = format!(
        "Hello,\n\n{message}\n\n— Companion customer support (reference {})\n",
        request.reference
    );
    let mut reset = None;
    match body.action {
        ReplyAction::None => {}
        ReplyAction::SignInHint => {
            let email = account_email.as_deref().ok_or_else(needs_account)?;
            let masked = Email::parse(email)
                .map(|e| e.masked())
                .map_err(|e| anyhow::anyhow!("a stored email does not parse: {e}"))?;
            text.push_str(&format!(
                "\nThe account linked to your device signs in with {masked}.\n"
            ));
        }
        ReplyAction::PasswordReset => {
            let email = account_email.clone().ok_or_else(needs_account)?;
            let account = request.account_id.ok_or_else(needs_account)?;
            let code =
                one_time_codes::create(&mut tx, &account.to_string(), Purpose::PasswordReset, now)
                    .await?;
            reset = Some((email, code));
            text.push_str(
                "\nWe have sent a code to set a new password to the address linked to your account.\n",
            );
        }
    }
    if !support_requests::close(&mut tx, &id, now).await? {
        return Err(ApiError::conflict(
            ErrorCode::RequestInProgress,
            "This request has already been answered.",
        ));
    }
    let actor = Actor {
        caller: &caller,
        role,
        client: &client,
    };
    let account_id = request.account_id.map(|id| id.to_string());
    let action = match body.action {
        ReplyAction::None => "reply",
        ReplyAction::SignInHint => "reply with a sign-in hint",
        ReplyAction::PasswordReset => "reply with a password reset",
    };
    actor
        .log(
            &mut tx,
            "support_reply",
            account_id.as_deref(),
            Some(&id),
            action.to_string(),
            now,
        )
        .await?;
    tx.commit().await?;
    state
        .mailer
        .send(
            &to,
            &format!("Your support request {}", request.reference),
            text,
        )
        .await
        .map_err(|e| anyhow::anyhow!("the reply could not be sent: {e}"))?;
    if let Some((email, code)) = reset {
        one_time_codes::send_in_background(
            state.mailer.clone(),
            email,
            Purpose::PasswordReset,
            code,
        );
    }
    Ok(StatusCode::NO_CONTENT)
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
    let role = caller.require(&[StaffRole::Operations])?;
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
    let actor = Actor {
        caller: &caller,
        role,
        client: &client,
    };
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
    let notify = match &account_id {
        Some(account) => Some(accounts::load(&mut tx, account).await?.email),
        None => None,
    };
    tx.commit().await?;
    if let Some(email) = notify {
        notify_customer(&state, email, &moved);
    }
    Ok(Json(moved))
}

/// Emails the customer when the replacement is on its way or waiting for them.
fn notify_customer(state: &AppState, email: String, request: &GuaranteeRequest) {
    let device = request.device_id.display_grouped();
    let body = match (&request.status, &request.delivery) {
        (GuaranteeRequestStatus::Shipped, _) => format!(
            "Hello,\n\nThe replacement for your device {device} is on its way.\nTracking number: {}\n",
            request.tracking_number.as_deref().unwrap_or("-")
        ),
        (GuaranteeRequestStatus::ReadyForCollection, Delivery::CollectionPoint { .. }) => format!(
            "Hello,\n\nThe replacement for your device {device} is waiting for you at the collection point you chose.\n"
        ),
        _ => return,
    };
    let mailer = state.mailer.clone();
    tokio::spawn(async move {
        if let Err(error) = mailer.send(&email, "Your replacement device", body).await {
            tracing::error!(%error, "could not send a replacement status email");
        }
    });
}

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

#[utoipa::path(delete, path = "/v1/backoffice/accounts/{id}", tag = "backoffice", security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer account id")),
    request_body = ErasureRequest,
    responses(
        (status = 204, description = "Erased exactly as the customer's own removal does"),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: support or admin only", body = ErrorBody),
        (status = 404, description = "`not_found`: no such live customer", body = ErrorBody),
        (status = 422, description = "`invalid_request`: confirm with ERASE and give the request's reference", body = ErrorBody),
    ))]
/// Erases a customer at their (verified) request: the same code as `DELETE /v1/account`.
pub async fn erase_customer(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(client): ClientAddr,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ErasureRequest>,
) -> ApiResult<StatusCode> {
    let role = caller.require(&[StaffRole::Support])?;
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
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    if !accounts::is_live_customer(&mut tx, &id).await? {
        return Err(ApiError::not_found(
            ErrorCode::NotFound,
            "No such customer.",
        ));
    }
    erasure::erase(&mut tx, &id, now).await?;
    let actor = Actor {
        caller: &caller,
        role,
        client: &client,
    };
    let detail = format!("at the customer's request {reference}");
    actor
        .log(&mut tx, "customer_erased", Some(&id), None, detail, now)
        .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

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
    let role = caller.require(&[])?;
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
    let actor = Actor {
        caller: &caller,
        role,
        client: &client,
    };
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
    let role = caller.require(&[])?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    if !accounts::disable_staff(&mut tx, &id, now).await? {
        return Err(ApiError::not_found(
            ErrorCode::NotFound,
            "No such active staff account.",
        ));
    }
    sessions::revoke_all(&mut tx, &id, None, now).await?;
    let actor = Actor {
        caller: &caller,
        role,
        client: &client,
    };
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
    let role = caller.require(&[])?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let email = accounts::staff_email(&mut tx, &id)
        .await?
        .ok_or_else(|| ApiError::not_found(ErrorCode::NotFound, "No such staff account."))?;
    let code = one_time_codes::create(&mut tx, &id, Purpose::PasswordReset, now).await?;
    sessions::revoke_all(&mut tx, &id, None, now).await?;
    let actor = Actor {
        caller: &caller,
        role,
        client: &client,
    };
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

#[utoipa::path(get, path = "/v1/backoffice/rewards", tag = "backoffice", security(("bearer" = [])),
    responses(
        (status = 200, body = RewardCatalogue),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: operations or admin only", body = ErrorBody),
    ))]
/// The rewards catalogue, offered or not (operations).
pub async fn reward_catalogue(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<RewardCatalogue>> {
    caller.require(&[StaffRole::Operations])?;
    let mut conn = state.db.pool().acquire().await?;
    let rewards = rewards::catalogue(&mut conn)
        .await?
        .into_iter()
        .map(|(reward, active)| {
            let (name_en, description_en) = reward.text("en");
            CatalogueReward {
                name_en: name_en.to_string(),
                description_en: description_en.to_string(),
                id: reward.id,
                category: reward.category,
                cost_points: reward.cost_points,
                name_pt: reward.name,
                description_pt: reward.description,
                active,
            }
        })
        .collect();
    Ok(Json(RewardCatalogue { rewards }))
}

#[utoipa::path(put, path = "/v1/backoffice/rewards/{id}", tag = "backoffice", security(("bearer" = [])),
    params(("id" = String, Path, description = "Reward id (must match the body's)")),
    request_body = CatalogueReward,
    responses(
        (status = 200, description = "Saved; the app shows the change at its next catalogue refresh", body = CatalogueReward),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: operations or admin only", body = ErrorBody),
        (status = 422, description = "`invalid_request`: what is wrong, field by field", body = ErrorBody),
    ))]
/// Adds or edits a reward (operations), checked exactly like a line of the rewards CSV.
pub async fn save_reward(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(client): ClientAddr,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<CatalogueReward>,
) -> ApiResult<Json<CatalogueReward>> {
    let role = caller.require(&[StaffRole::Operations])?;
    same_id(&id, &body.id)?;
    let line = catalogues::check_reward(body.clone()).map_err(refused)?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let added = rewards::upsert(&mut tx, &line.reward, line.active).await?;
    let actor = Actor {
        caller: &caller,
        role,
        client: &client,
    };
    let detail = format!("{} reward", if added { "added" } else { "edited" });
    actor
        .log(&mut tx, "reward_saved", None, Some(&id), detail, now)
        .await?;
    tx.commit().await?;
    Ok(Json(body))
}

#[utoipa::path(get, path = "/v1/backoffice/collection-points", tag = "backoffice", security(("bearer" = [])),
    responses(
        (status = 200, body = PointCatalogue),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: operations or admin only", body = ErrorBody),
    ))]
/// The collection points, offered or not (operations).
pub async fn point_catalogue(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<PointCatalogue>> {
    caller.require(&[StaffRole::Operations])?;
    let mut conn = state.db.pool().acquire().await?;
    Ok(Json(PointCatalogue {
        collection_points: collection_points::catalogue(&mut conn).await?,
    }))
}

#[utoipa::path(put, path = "/v1/backoffice/collection-points/{id}", tag = "backoffice", security(("bearer" = [])),
    params(("id" = String, Path, description = "Collection point id (must match the body's)")),
    request_body = CataloguePoint,
    responses(
        (status = 200, description = "Saved", body = CataloguePoint),
        (status = 401, description = "`unauthenticated`, `invalid_token`", body = ErrorBody),
        (status = 403, description = "`forbidden`: operations or admin only", body = ErrorBody),
        (status = 422, description = "`invalid_request`: what is wrong, field by field", body = ErrorBody),
    ))]
/// Adds or edits a collection point (operations), checked exactly like a CSV line.
pub async fn save_point(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddr(client): ClientAddr,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<CataloguePoint>,
) -> ApiResult<Json<CataloguePoint>> {
    let role = caller.require(&[StaffRole::Operations])?;
    same_id(&id, &body.id)?;
    let line = catalogues::check_point(body.clone()).map_err(refused)?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let row = collection_points::PointRow {
        point: &line.point,
        postal_code: &line.postal_code,
        city: &line.city,
        active: line.active,
    };
    let added = collection_points::upsert(&mut tx, &row).await?;
    let actor = Actor {
        caller: &caller,
        role,
        client: &client,
    };
    let detail = format!(
        "{} collection point",
        if added { "added" } else { "edited" }
    );
    actor
        .log(
            &mut tx,
            "collection_point_saved",
            None,
            Some(&id),
            detail,
            now,
        )
        .await?;
    tx.commit().await?;
    Ok(Json(body))
}

/// The path names the record the body describes.
fn same_id(path: &str, body: &str) -> ApiResult<()> {
    if path == body {
        Ok(())
    } else {
        Err(ApiError::unprocessable(
            ErrorCode::InvalidRequest,
            "The id in the address and in the body differ.",
        ))
    }
}

/// A catalogue entry's problems as one 422.
fn refused(problems: Vec<String>) -> ApiError {
    ApiError::unprocessable(ErrorCode::InvalidRequest, problems.join("; "))
}

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
    ApiQuery(query): ApiQuery<GuaranteeQueueQuery>,
) -> ApiResult<Json<GuaranteeRequestList>> {
    caller.require(&[StaffRole::Operations])?;
    let mut conn = state.db.pool().acquire().await?;
    let requests = guarantee::for_operations(&mut conn, query.status).await?;
    Ok(Json(GuaranteeRequestList { requests }))
}
