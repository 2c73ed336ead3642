//! `POST /v1/accounts`: sign-up (and the account creation shared with assisted sign-up).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use companion_domain::wire::{AccountView, ErrorBody, Language, SignUpBody};
use companion_domain::ErrorCode;
use companion_domain::NewAccount;
use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::auth::throttle::{Bucket, Space};
use crate::client_addr::ClientAddr;
use crate::db::is_unique_violation;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, IdempotencyKey};
use crate::idempotency::{Answer, Idempotent};
use crate::state::AppState;
use crate::store::accounts;
use crate::validate;

/// Routes of this module.
pub fn router() -> Router<AppState> {
    Router::new().route("/v1/accounts", post(sign_up))
}

/// Creates a customer's account, its emails written in `language`; `password_hash` is
/// `None` for an assisted sign-up that the customer activates from the emailed invitation.
pub async fn create(
    conn: &mut AnyConnection,
    new: &NewAccount,
    password_hash: Option<String>,
    language: Language,
    now: OffsetDateTime,
) -> ApiResult<AccountView> {
    if accounts::live_id_by_email(conn, new.email.as_str())
        .await?
        .is_some()
    {
        return Err(email_taken());
    }
    let row = accounts::NewAccountRow {
        email: new.email.as_str(),
        password_hash: password_hash.as_deref(),
        given_name: &new.given_name,
        family_name: &new.family_name,
        birth_date: Some(new.birth_date.date()),
        country: &new.country,
        staff_role: None,
        marketing_opt_in: new.marketing_opt_in,
        terms_accepted_at: Some(now),
        shop: None,
        created_at: now,
    };
    let id = match accounts::insert(conn, &row).await {
        Err(e) if is_unique_violation(&e) => return Err(email_taken()),
        other => other?,
    };
    if language != Language::default() {
        accounts::set_language(conn, &id, language).await?;
    }
    accounts::publish(conn, &id).await
}

fn email_taken() -> ApiError {
    ApiError::conflict(
        ErrorCode::EmailTaken,
        "An account with this email already exists. Log in or reset your password.",
    )
}

/// The idempotency scope of a sign-up: tied to the email so that erasing the account can
/// erase the saved answer too.
pub const SIGN_UP_SCOPE: &str = "public:POST /v1/accounts";

#[utoipa::path(
    post, path = "/v1/accounts", tag = "account", security(()),
    request_body = SignUpBody,
    params(("Idempotency-Key" = Option<String>, Header, description = "UUID; a replay returns the first answer")),
    responses(
        (status = 201, description = "Account created", body = AccountView),
        (status = 409, description = "`email_taken`", body = ErrorBody),
        (status = 422, description = "`underage`, `weak_password`, `invalid_email`, …", body = ErrorBody),
        (status = 429, description = "`too_many_attempts`: too many sign-ups from this address, with Retry-After", body = ErrorBody),
    )
)]
/// Signs a customer up. The date of birth is enforced here: under-18s are refused.
pub async fn sign_up(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    key: IdempotencyKey,
    ApiJson(SignUpBody {
        details: body,
        language,
    }): ApiJson<SignUpBody>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let new = validate::new_account(body.new_account(now.date()))?;
    validate::new_password(
        &body.password,
        &[new.email.as_str(), &new.given_name, &new.family_name],
    )?;
    // The fingerprint leaves the password out: no fast hash of it is ever stored.
    let fingerprint = (
        &body.email,
        &body.given_name,
        &body.family_name,
        &body.birth_date,
        &body.country,
    );
    // The email is in the fingerprint, not in the scope: a saved refusal keeps no address.
    let idempotent = Idempotent::new(SIGN_UP_SCOPE.to_string(), key, &fingerprint);
    // Counted before the hash, the expensive part.
    let _counted = state
        .throttle
        .attempt(vec![Bucket::new(Space::SignUpAddress, &address)], now)
        .await?;
    let hash = state.hasher.hash(body.password).await?;
    idempotent
        .run(&state.db, now, move |conn| {
            Box::pin(async move {
                let account = create(conn, &new, Some(hash), language, now).await?;
                let id = account.account.id.to_string();
                Ok(Answer::new(StatusCode::CREATED, &account)?.about(&id))
            })
        })
        .await
}
