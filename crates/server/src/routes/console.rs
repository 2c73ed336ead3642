//! The back-office console at `/backoffice`: one static page and its script, compiled into
//! the binary, that drive the documented `/v1/backoffice` API (what a CRM would call too).
//! The page writes data only as text, and its Content-Security-Policy allows nothing but
//! its own script.

use axum::http::header::{CONTENT_SECURITY_POLICY, CONTENT_TYPE, X_FRAME_OPTIONS};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

use crate::state::AppState;

const PAGE: &str = include_str!("../../console/index.html");
const SCRIPT: &str = include_str!("../../console/console.js");
/// `img-src data:` only for the enrolment QR code (an SVG the API drew, shown in an `<img>`,
/// where no script can run).
const POLICY: &str = "default-src 'none'; script-src 'self'; connect-src 'self'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// Routes of this module.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/backoffice", get(page))
        .route("/backoffice/", get(page))
        .route("/backoffice/console.js", get(script))
}

async fn page() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (CONTENT_SECURITY_POLICY, POLICY),
            (X_FRAME_OPTIONS, "DENY"),
        ],
        PAGE,
    )
}

async fn script() -> impl IntoResponse {
    ([(CONTENT_TYPE, "text/javascript; charset=utf-8")], SCRIPT)
}
