//! The HTTP API: one module per area, each exposing `router()`, merged here with the
//! JSON fallbacks, the body limit and the OpenAPI document.

pub mod account;
pub mod account_sessions;
pub mod accounts;
pub mod backoffice;
pub mod changes;
pub mod collection_points;
pub mod console;
pub mod devices;
pub mod guarantee;
pub mod loyalty;
pub mod notifications;
pub mod password_resets;
pub mod points_claims;
pub mod sessions;
pub mod staff;
pub mod support;
pub mod test_clock;
pub mod transfers;
pub mod troubleshooting;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use companion_domain::wire::ErrorBody;
use companion_domain::ErrorCode;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::error::ApiError;
use crate::state::AppState;

/// Largest request body accepted; the biggest legitimate one (a support message) is
/// a few kilobytes.
pub const BODY_LIMIT_BYTES: usize = 64 * 1024;

/// The whole API.
pub fn router(state: AppState) -> Router {
    let test_clock = match state.test_clock {
        Some(_) => test_clock::router(),
        None => Router::new(),
    };
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/v1/openapi.json", get(openapi_json))
        .merge(accounts::router())
        .merge(sessions::router())
        .merge(password_resets::router())
        .merge(account::router())
        .merge(account_sessions::router())
        .merge(devices::router())
        .merge(loyalty::router())
        .merge(collection_points::router())
        .merge(guarantee::router())
        .merge(changes::router())
        .merge(support::router())
        .merge(notifications::router())
        .merge(staff::router())
        .merge(backoffice::router())
        .merge(console::router())
        .merge(points_claims::router())
        .merge(transfers::router())
        .merge(troubleshooting::router())
        .merge(test_clock)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .with_state(state)
}

async fn not_found() -> ApiError {
    ApiError::not_found(ErrorCode::NotFound, "There is nothing at this address.")
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

#[utoipa::path(get, path = "/healthz", tag = "meta", security(()), responses((status = 200, description = "Serving")))]
/// Liveness: the process serves requests.
pub async fn healthz() -> (StatusCode, &'static str) {
    (StatusCode::OK, "ok")
}

#[utoipa::path(get, path = "/metrics", tag = "meta", security(()), responses(
    (status = 200, description = "Prometheus text format: `companion_mail_outbox{status=\"…\"}` per status", content_type = "text/plain"),
    (status = 503, description = "`storage_unavailable`: the database does not answer", body = ErrorBody),
))]
/// What a monitor should alert on: mail waiting (`pending` growing) or given up
/// (`failed` above zero). Counts only, nothing about anyone.
pub async fn metrics(State(state): State<AppState>) -> Result<Response, ApiError> {
    let mut conn = state.db.pool().acquire().await?;
    let counts = crate::store::mail_outbox::counts(&mut conn).await?;
    let mut text = String::from(
        "# HELP companion_mail_outbox Messages in the mail outbox by status.\n# TYPE companion_mail_outbox gauge\n",
    );
    for (status, n) in [
        ("pending", counts.pending),
        ("sending", counts.sending),
        ("sent", counts.sent),
        ("failed", counts.failed),
    ] {
        text.push_str(&format!(
            "companion_mail_outbox{{status=\"{status}\"}} {n}\n"
        ));
    }
    Ok(([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], text).into_response())
}

#[utoipa::path(get, path = "/v1/openapi.json", tag = "meta", security(()), responses((status = 200, description = "This document")))]
/// The OpenAPI document, generated from the handlers' annotations.
/// The test clock's paths are listed only when it is on.
pub async fn openapi_json(State(state): State<AppState>) -> Json<utoipa::openapi::OpenApi> {
    Json(document(state.test_clock.is_some()))
}

/// The OpenAPI document as served, with the test clock's paths or without them: for the
/// handler, and for `companion-server openapi`, which prints it without a database.
pub fn document(with_test_clock: bool) -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    if with_test_clock {
        doc.merge(test_clock::TestClockDoc::openapi());
    }
    describe_operations(&mut doc);
    doc
}

/// utoipa takes a handler's first doc paragraph as the operation's `summary` and only
/// further paragraphs as its `description`; most handlers have one paragraph, which is a
/// description as much as a summary. Linters and documentation tools expect the
/// `description`, so an operation without one gets its summary there too.
fn describe_operations(doc: &mut utoipa::openapi::OpenApi) {
    for item in doc.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.options,
            &mut item.head,
            &mut item.patch,
            &mut item.trace,
        ];
        for operation in operations.into_iter().flatten() {
            if operation.description.as_deref().is_none_or(str::is_empty) {
                operation.description.clone_from(&operation.summary);
            }
        }
    }
}

/// The OpenAPI description of the account API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Companion account API", version = "1",
        description = "The account API the companion app syncs with.",
        contact(name = "Companion"),
    ),
    // Relative: the API is served at the root of whatever host serves this document.
    servers((url = "/", description = "The server this document was read from")),
    tags(
        (name = "meta", description = "Health, metrics and this document"),
        (name = "account", description = "Signing up, the caller's account, password and sessions"),
        (name = "session", description = "Log-in (with the staff second factor), refresh, log-out and password resets"),
        (name = "devices", description = "Registering and releasing the caller's devices"),
        (name = "loyalty", description = "Points, rewards, vouchers and missing-points claims"),
        (name = "guarantee", description = "Replacement requests and the collection points"),
        (name = "sync", description = "The change feed the phone pulls"),
        (name = "support", description = "Messages to customer support, signed in or not"),
        (name = "notifications", description = "The caller's inbox"),
        (name = "staff", description = "The sales assistant in the shop"),
        (name = "backoffice", description = "The brand's side: support, operations and admin (the console at /backoffice)"),
    ),
    paths(
        healthz, metrics, openapi_json,
        accounts::sign_up,
        sessions::log_in, sessions::verify_code, sessions::refresh, sessions::log_out,
        password_resets::request_reset, password_resets::confirm_reset,
        account::get_account, account::update_account, account::change_password, account::delete_account, account::export,
        account_sessions::list, account_sessions::end_one, account_sessions::end_others,
        devices::list, devices::register, devices::release,
        loyalty::summary, loyalty::list_rewards, loyalty::list_redemptions, loyalty::redeem,
        collection_points::list,
        guarantee::list, guarantee::create,
        changes::feed,
        support::create,
        notifications::read_one, notifications::read_all,
        staff::assisted_sign_up, staff::record_purchase,
        points_claims::file_claim, points_claims::list_claims,
        backoffice::find_customer, backoffice::support_inbox, backoffice::reply,
        backoffice::move_guarantee_request, backoffice::audit_log, backoffice::erase_customer,
        backoffice::staff_list, backoffice::create_staff, backoffice::disable_staff,
        backoffice::reset_staff_password, backoffice::reward_catalogue, backoffice::save_reward,
        backoffice::point_catalogue, backoffice::save_point, backoffice::guarantee_queue,
        backoffice::enable_staff, backoffice::change_staff_role, backoffice::reset_staff_factor,
        backoffice::mail_queue, backoffice::retry_mail,
        backoffice::claims_queue, backoffice::decide_claim, backoffice::grant_goodwill,
        transfers::list, transfers::ask, transfers::decide, troubleshooting::record,
        backoffice::transfer_queue, backoffice::decide_transfer, backoffice::troubleshooting_stats,
    ),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}
