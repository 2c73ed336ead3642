//! Log in, refresh, log out.

use axum::extract::State;
use axum::http::header::USER_AGENT;
use axum::http::HeaderMap;
use axum::http::StatusCode;
use axum::routing::{delete, post};
use axum::{Json, Router};
use companion_domain::wire::{
    ErrorBody, LoginAnswer, LoginRequest, MfaChallenge, MfaVerifyRequest, RefreshRequest,
    SessionResponse, StaffRole, TokenPair,
};
use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::auth::mfa::{self, CodeCheck};
use crate::auth::sessions::{self, RefreshOutcome};
use crate::auth::throttle::{Bucket, Space};
use crate::auth::tokens::{hash_token, new_token};
use crate::auth::Caller;
use crate::client_addr::ClientAddr;
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiJson;
use crate::state::AppState;
use crate::store::{self, accounts, audit, login_devices, staff_factors};

/// Routes of this module.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/sessions", post(log_in))
        .route("/v1/sessions/mfa", post(verify_code))
        .route("/v1/sessions/refresh", post(refresh))
        .route("/v1/sessions/current", delete(log_out))
}

#[utoipa::path(
    post, path = "/v1/sessions", tag = "session", security(()),
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in; or, for support, operations and admin staff, `mfa_required` with a token for `POST /v1/sessions/mfa` (and the enrolment at the first log-in)", body = LoginAnswer),
        (status = 401, description = "`invalid_credentials` (also for an unknown email)", body = ErrorBody),
        (status = 429, description = "`too_many_attempts`, with Retry-After", body = ErrorBody),
    )
)]
/// Signs in with email and password. Staff who see customers' data get a challenge
/// instead of tokens: the second factor follows at `POST /v1/sessions/mfa`.
pub async fn log_in(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    ApiJson(body): ApiJson<LoginRequest>,
) -> ApiResult<Json<LoginAnswer>> {
    let now = state.clock.now();
    let email = body.email.trim().to_lowercase();
    // A device that signed in to this account before is counted on its own, so that a
    // lock caused by guesses from elsewhere never keeps the owner out; any other client
    // counts against the account.
    let device_token = body.device_token.as_deref().filter(|t| !t.is_empty());
    let known_device = match device_token {
        Some(token) => {
            let mut conn = state.db.pool().acquire().await?;
            login_devices::is_known(&mut conn, token, &email).await?
        }
        None => false,
    };
    let who = match (known_device, device_token) {
        (true, Some(token)) => Bucket::new(Space::LoginDevice, &hash_token(token)),
        _ => Bucket::new(Space::LoginEmail, &email),
    };
    let attempt = state
        .throttle
        .attempt(vec![who, Bucket::new(Space::LoginAddress, &address)], now)
        .await?;
    let credentials =
        accounts::credentials_by_email(&mut *state.db.pool().acquire().await?, &email).await?;
    let (account_id, stored, staff_role) = match credentials {
        Some(found) => (Some(found.id), found.password_hash, found.staff_role),
        None => (None, None, None),
    };
    let hasher = state.hasher.clone();
    let matches = attempt
        .settle(async move { hasher.verify(body.password, stored).await })
        .await?;
    let Some(account_id) = account_id.clone().filter(|_| matches) else {
        tracing::info!(target: "security", event = "login_failed", account_id = ?account_id, client = %address, "failed log-in");
        return Err(ApiError::InvalidCredentials);
    };
    let user_agent = headers.get(USER_AGENT).and_then(|v| v.to_str().ok());
    let client = sessions::describe_client(user_agent);
    let mut tx = state.db.begin_write().await?;
    if let Some(role) = staff_role.filter(|role| role.needs_second_factor()) {
        let challenge = challenge(&mut tx, &account_id, &email, device_token, &client, now).await?;
        tx.commit().await?;
        tracing::info!(target: "security", event = "login_password_ok", account_id = %account_id, client = %address, role = role.as_str(), "password right; second factor asked");
        return Ok(Json(LoginAnswer::Mfa(challenge)));
    }
    tracing::info!(target: "security", event = "login", account_id = %account_id, client = %address, known_device, "logged in");
    let session = open_session(
        &mut tx,
        &account_id,
        staff_role,
        device_token,
        &client,
        &address,
        now,
        &state,
    )
    .await?;
    tx.commit().await?;
    Ok(Json(LoginAnswer::Session(session)))
}

/// Opens a session after every factor passed, remembers the log-in device, and audits a
/// staff log-in.
#[allow(clippy::too_many_arguments)]
async fn open_session(
    conn: &mut AnyConnection,
    account_id: &str,
    staff_role: Option<StaffRole>,
    device_token: Option<&str>,
    client: &str,
    address: &str,
    now: OffsetDateTime,
    state: &AppState,
) -> ApiResult<SessionResponse> {
    let (session_id, tokens) =
        sessions::issue(conn, account_id, staff_role, client, now, &state.settings).await?;
    let device_token = login_devices::remember(conn, account_id, device_token, now).await?;
    let account = accounts::load(conn, account_id).await?;
    if let Some(role) = staff_role {
        audit::append_staff_event(
            conn,
            account_id,
            role,
            "staff_login",
            address,
            &format!("session {session_id}"),
            now,
        )
        .await?;
    }
    Ok(SessionResponse {
        access_token: tokens.access_token,
        refresh_token: tokens.refresh_token,
        token_type: tokens.token_type,
        expires_in: tokens.expires_in,
        account,
        device_token: Some(device_token),
    })
}

/// The challenge after a staff member's right password, with the enrolment when they have
/// no confirmed factor yet: the same pending secret at every log-in until a code from it
/// is accepted (a staff member who scanned it, then lost the page, need not scan again),
/// never again after.
async fn challenge(
    conn: &mut AnyConnection,
    account_id: &str,
    email: &str,
    device_token: Option<&str>,
    client: &str,
    now: OffsetDateTime,
) -> ApiResult<MfaChallenge> {
    let enrolment = match staff_factors::factor(conn, account_id).await? {
        Some(factor) if factor.confirmed => None,
        Some(pending) => Some(mfa::enrolment(&pending.secret, email)?),
        None => {
            let secret = mfa::new_secret();
            staff_factors::begin_enrolment(conn, account_id, &secret, now).await?;
            Some(mfa::enrolment(&secret, email)?)
        }
    };
    let token = new_token();
    let lifetime = time::Duration::try_from(mfa::CHALLENGE_LIFETIME)
        .map_err(|e| anyhow::anyhow!("challenge lifetime: {e}"))?;
    staff_factors::insert_challenge(
        conn,
        &staff_factors::NewChallenge {
            token_hash: &hash_token(&token),
            account_id,
            created_at: now,
            expires_at: now + lifetime,
            device_token,
            client,
        },
    )
    .await?;
    Ok(MfaChallenge {
        mfa_required: true,
        mfa_token: token,
        expires_in: lifetime.whole_seconds(),
        enrolment,
    })
}

#[utoipa::path(
    post, path = "/v1/sessions/mfa", tag = "session", security(()),
    request_body = MfaVerifyRequest,
    responses(
        (status = 200, description = "Signed in", body = SessionResponse),
        (status = 401, description = "`invalid_mfa_code` (wrong or out of time), `code_reused` (already used: wait for the next), `invalid_token` (unknown, expired, used, or dead after 5 wrong codes)", body = ErrorBody),
        (status = 429, description = "`too_many_attempts`: too many wrong codes for this staff member, with Retry-After", body = ErrorBody),
    )
)]
/// The second step of a staff log-in: the code from the authenticator app.
pub async fn verify_code(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    ApiJson(body): ApiJson<MfaVerifyRequest>,
) -> ApiResult<Json<SessionResponse>> {
    let now = state.clock.now();
    let token_hash = hash_token(body.mfa_token.trim());
    let open = staff_factors::open_challenge(
        &mut *state.db.pool().acquire().await?,
        &token_hash,
        mfa::WRONG_CODES_PER_CHALLENGE,
        now,
    )
    .await?
    .ok_or(ApiError::InvalidToken)?;
    let account_id = open.account_id.clone();
    let attempt = state
        .throttle
        .attempt(vec![mfa::bucket(&account_id)], now)
        .await?;
    let mut tx = state.db.begin_write().await?;
    let staff_role = accounts::staff_role_of(&mut tx, &account_id).await?;
    let check = mfa::check_code(&mut tx, &account_id, &body.code, now).await?;
    if check != CodeCheck::Accepted {
        staff_factors::count_failure(&mut tx, &token_hash).await?;
        if let Some(role) = staff_role {
            let detail = format!("{check:?}").to_lowercase();
            audit::append_staff_event(
                &mut tx,
                &account_id,
                role,
                "mfa_failed",
                &address,
                &detail,
                now,
            )
            .await?;
        }
        tx.commit().await?;
        tracing::warn!(target: "security", event = "mfa_failed", account_id = %account_id, client = %address, ?check, "staff log-in code refused");
        let (code, message) = mfa::refusal(check);
        return Err(ApiError::LoginCodeRefused { code, message });
    }
    if !staff_factors::spend_challenge(&mut tx, &token_hash, mfa::WRONG_CODES_PER_CHALLENGE, now)
        .await?
    {
        return Err(ApiError::InvalidToken);
    }
    // A staff member disabled (or erased) since the password step gets no session.
    let Some(role) = staff_role else {
        return Err(ApiError::InvalidToken);
    };
    if !accounts::is_enabled(&mut tx, &account_id).await? {
        return Err(ApiError::InvalidToken);
    }
    let session = open_session(
        &mut tx,
        &account_id,
        Some(role),
        open.device_token.as_deref(),
        &open.client,
        &address,
        now,
        &state,
    )
    .await?;
    tx.commit().await?;
    attempt.succeeded().await?;
    tracing::info!(target: "security", event = "login", account_id = %account_id, client = %address, second_factor = true, "logged in");
    Ok(Json(session))
}

#[utoipa::path(
    post, path = "/v1/sessions/refresh", tag = "session", security(()),
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new pair; the presented refresh token is spent", body = TokenPair),
        (status = 401, description = "`invalid_token`; reuse of a spent token also ends the session", body = ErrorBody),
    )
)]
/// Exchanges a refresh token for a new pair.
pub async fn refresh(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<RefreshRequest>,
) -> ApiResult<Json<TokenPair>> {
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let outcome = sessions::refresh(&mut tx, &body.refresh_token, now, &state.settings).await?;
    // Commit even a refusal: a detected reuse must stay revoked.
    tx.commit().await?;
    match outcome {
        RefreshOutcome::Rotated(pair) => Ok(Json(pair)),
        RefreshOutcome::Reused => {
            tracing::warn!("spent refresh token presented again; session revoked");
            Err(ApiError::InvalidToken)
        }
        RefreshOutcome::Invalid => Err(ApiError::InvalidToken),
    }
}

#[utoipa::path(
    delete, path = "/v1/sessions/current", tag = "session",
    security(("bearer" = [])),
    responses((status = 204, description = "Signed out"), (status = 401, body = ErrorBody))
)]
/// Ends the caller's session.
pub async fn log_out(State(state): State<AppState>, caller: Caller) -> ApiResult<StatusCode> {
    let mut conn = state.db.pool().acquire().await?;
    store::sessions::revoke(&mut conn, &caller.session_id, state.clock.now()).await?;
    tracing::info!(target: "security", event = "logout", account_id = %caller.account_id, "logged out");
    Ok(StatusCode::NO_CONTENT)
}
