//! Forgot password: an emailed single-use code.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{spawn_app, PASSWORD};

const NEW_PASSWORD: &str = "azulejo-pastel-nata-sol";

#[tokio::test]
async fn a_reset_code_is_emailed_sets_a_new_password_once_and_ends_every_session() {
    let app = spawn_app().await;
    let (access, _) = app.customer("reset@example.pt").await;
    let asked = app
        .post(
            "/v1/password-resets",
            None,
            json!({"email": "Reset@example.pt"}),
        )
        .await;
    assert_eq!(asked.status, StatusCode::ACCEPTED);
    let code = app.code_from_email("reset@example.pt", 0).await;

    let confirm = app
        .post(
            "/v1/password-resets/confirm",
            None,
            json!({"token": code, "new_password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(confirm.status, StatusCode::NO_CONTENT, "{:?}", confirm.body);
    assert_eq!(
        app.get("/v1/account", &access).await.status,
        StatusCode::UNAUTHORIZED,
        "sessions ended"
    );
    assert_eq!(
        app.log_in("reset@example.pt", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.log_in("reset@example.pt", NEW_PASSWORD).await.status,
        StatusCode::OK
    );

    let again = app
        .post(
            "/v1/password-resets/confirm",
            None,
            json!({"token": code, "new_password": "outra-frase-bem-longa-1"}),
        )
        .await;
    assert_eq!(
        (again.status, again.code()),
        (StatusCode::BAD_REQUEST, "invalid_token"),
        "single use"
    );
}

#[tokio::test]
async fn an_unknown_email_gets_the_same_answer_and_no_mail() {
    let app = spawn_app().await;
    let answer = app
        .post(
            "/v1/password-resets",
            None,
            json!({"email": "ghost@example.pt"}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::ACCEPTED);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(app.emails().await.is_empty());
}

#[tokio::test]
async fn codes_expire_and_a_weak_new_password_leaves_the_code_usable() {
    let app = spawn_app().await;
    app.customer("exp@example.pt").await;
    app.post(
        "/v1/password-resets",
        None,
        json!({"email": "exp@example.pt"}),
    )
    .await;
    let code = app.code_from_email("exp@example.pt", 0).await;
    let weak = app
        .post(
            "/v1/password-resets/confirm",
            None,
            json!({"token": code, "new_password": "password1234"}),
        )
        .await;
    assert_eq!(
        (weak.status, weak.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "weak_password")
    );
    app.clock.advance(Duration::from_secs(31 * 60));
    let late = app
        .post(
            "/v1/password-resets/confirm",
            None,
            json!({"token": code, "new_password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(
        (late.status, late.code()),
        (StatusCode::BAD_REQUEST, "invalid_token")
    );
}

#[tokio::test]
async fn reset_requests_for_one_email_are_limited() {
    let app = spawn_app().await;
    for _ in 0..3 {
        assert_eq!(
            app.post(
                "/v1/password-resets",
                None,
                json!({"email": "spam@example.pt"})
            )
            .await
            .status,
            StatusCode::ACCEPTED
        );
    }
    let held = app
        .post(
            "/v1/password-resets",
            None,
            json!({"email": "spam@example.pt"}),
        )
        .await;
    assert_eq!(
        (held.status, held.code()),
        (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts")
    );
    assert!(held.headers.contains_key("retry-after"));
}
