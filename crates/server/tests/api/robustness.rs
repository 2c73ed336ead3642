//! Bad input of every kind gets a JSON 4xx with a code, never a 5xx or a hang.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::spawn_app;

#[tokio::test]
async fn health_and_the_openapi_document_are_served() {
    let app = spawn_app().await;
    let health = app
        .client
        .get(format!("{}/healthz", app.address))
        .send()
        .await
        .expect("sent");
    assert_eq!(health.status(), StatusCode::OK);
    let doc = app
        .request(Method::GET, "/v1/openapi.json", None, None, None)
        .await;
    assert_eq!(doc.status, StatusCode::OK);
    let paths = doc.body["paths"].as_object().expect("paths");
    for path in [
        "/v1/accounts",
        "/v1/sessions",
        "/v1/sessions/refresh",
        "/v1/sessions/current",
        "/v1/password-resets",
        "/v1/password-resets/confirm",
        "/v1/account",
        "/v1/account/password",
        "/v1/account/export",
        "/v1/devices",
        "/v1/devices/{device_id}",
        "/v1/loyalty",
        "/v1/rewards",
        "/v1/redemptions",
        "/v1/collection-points",
        "/v1/guarantee-requests",
        "/v1/changes",
        "/v1/support-requests",
        "/v1/staff/accounts",
        "/v1/staff/purchases",
    ] {
        assert!(
            paths.contains_key(path),
            "{path} missing from the OpenAPI document"
        );
    }
}

#[tokio::test]
async fn unknown_routes_and_methods_get_json_errors() {
    let app = spawn_app().await;
    let missing = app
        .request(Method::GET, "/v1/nothing-here", None, None, None)
        .await;
    assert_eq!(
        (missing.status, missing.code()),
        (StatusCode::NOT_FOUND, "not_found")
    );
    let wrong_method = app
        .request(Method::PUT, "/v1/sessions", None, None, None)
        .await;
    assert_eq!(
        (wrong_method.status, wrong_method.code()),
        (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed")
    );
}

#[tokio::test]
async fn malformed_json_wrong_types_and_missing_content_type_are_4xx_with_codes() {
    let app = spawn_app().await;
    let url = format!("{}/v1/accounts", app.address);
    let send = |body: &'static str, content_type: Option<&'static str>| {
        let mut request = app.client.post(&url).body(body);
        if let Some(ct) = content_type {
            request = request.header("content-type", ct);
        }
        request.send()
    };
    let cases = [
        (
            send("{\"email\": ", Some("application/json"))
                .await
                .expect("sent"),
            StatusCode::BAD_REQUEST,
            "malformed_json",
        ),
        (
            send("{\"email\": 5}", Some("application/json"))
                .await
                .expect("sent"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
        ),
        (
            send("[]", Some("application/json")).await.expect("sent"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
        ),
        (
            send("{}", None).await.expect("sent"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
    ];
    for (response, status, code) in cases {
        assert_eq!(response.status(), status);
        let body: serde_json::Value = response.json().await.expect("json error body");
        assert_eq!(body["error"]["code"], code);
        assert!(body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()));
    }
}

#[tokio::test]
async fn huge_bodies_are_refused_with_413() {
    let app = spawn_app().await;
    let huge =
        json!({"topic": "other", "message": "x".repeat(200_000), "contact_email": "a@example.pt"});
    let answer = app.post("/v1/support-requests", None, huge).await;
    assert_eq!(
        (answer.status, answer.code()),
        (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
    );
}

#[tokio::test]
async fn private_endpoints_need_a_valid_bearer_token() {
    let app = spawn_app().await;
    for path in [
        "/v1/account",
        "/v1/devices",
        "/v1/loyalty",
        "/v1/changes",
        "/v1/guarantee-requests",
    ] {
        let none = app.request(Method::GET, path, None, None, None).await;
        assert_eq!(
            (none.status, none.code()),
            (StatusCode::UNAUTHORIZED, "unauthenticated"),
            "{path}"
        );
        assert_eq!(
            none.headers
                .get("www-authenticate")
                .map(|v| v.to_str().unwrap_or("")),
            Some("Bearer")
        );
        let bogus = app.get(path, "not-a-real-token").await;
        assert_eq!(
            (bogus.status, bogus.code()),
            (StatusCode::UNAUTHORIZED, "invalid_token"),
            "{path}"
        );
    }
    let malformed = app
        .client
        .get(format!("{}/v1/account", app.address))
        .header("authorization", "Basic abc")
        .send()
        .await
        .expect("sent");
    assert_eq!(malformed.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_malformed_idempotency_key_is_refused() {
    let app = spawn_app().await;
    let body = app.sign_up_body("key@example.pt");
    let answer = app
        .request(
            Method::POST,
            "/v1/accounts",
            None,
            Some("not-a-uuid"),
            Some(body),
        )
        .await;
    assert_eq!(
        (answer.status, answer.code()),
        (StatusCode::BAD_REQUEST, "invalid_idempotency_key")
    );
}

#[tokio::test]
async fn answers_are_gzipped_for_clients_that_accept_it() {
    let app = spawn_app().await;
    let raw = reqwest::Client::builder()
        .no_gzip()
        .build()
        .expect("client");
    let zipped = raw
        .get(format!("{}/v1/openapi.json", app.address))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("sent");
    assert_eq!(
        zipped
            .headers()
            .get("content-encoding")
            .map(|v| v.to_str().unwrap_or("")),
        Some("gzip")
    );
    let plain = raw
        .get(format!("{}/v1/openapi.json", app.address))
        .send()
        .await
        .expect("sent");
    assert!(plain.headers().get("content-encoding").is_none());
    let plain_len = plain.bytes().await.expect("body").len();
    let zipped_len = zipped.bytes().await.expect("body").len();
    assert!(
        zipped_len * 3 < plain_len,
        "gzip {zipped_len} vs plain {plain_len}"
    );
}
