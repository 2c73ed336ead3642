//! Log in, throttling, refresh-token rotation and reuse detection, log out, expiry.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{spawn_app, PASSWORD};

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let app = spawn_app().await;
    app.customer("ana@example.pt").await;
    let wrong = app
        .log_in("ana@example.pt", "not-the-password-at-all")
        .await;
    let unknown = app.log_in("nobody@example.pt", PASSWORD).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.code(), "invalid_credentials");
    assert_eq!(wrong.body, unknown.body);
    assert_eq!(wrong.status, unknown.status);
}

#[tokio::test]
async fn repeated_failures_on_an_account_are_throttled_with_retry_after() {
    let app = spawn_app().await;
    app.customer("target@example.pt").await;
    for _ in 0..5 {
        assert_eq!(
            app.log_in("target@example.pt", "wrong-password-guess")
                .await
                .code(),
            "invalid_credentials"
        );
    }
    let held = app.log_in("target@example.pt", PASSWORD).await;
    assert_eq!(
        (held.status, held.code()),
        (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts")
    );
    let retry: u64 = held.headers["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!(retry > 0 && retry <= 15 * 60, "{retry}");
    // After the window the right password works again.
    app.clock.advance(Duration::from_secs(15 * 60 + 1));
    assert_eq!(
        app.log_in("target@example.pt", PASSWORD).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn one_address_guessing_across_many_accounts_is_throttled() {
    let app = spawn_app().await;
    let mut statuses = Vec::new();
    for i in 0..51 {
        statuses.push(
            app.log_in(&format!("guess{i}@example.pt"), "wrong-password-guess")
                .await
                .status,
        );
    }
    assert!(statuses[..50]
        .iter()
        .all(|s| *s == StatusCode::UNAUTHORIZED));
    assert_eq!(statuses[50], StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_refresh_rotates_the_pair_and_the_new_access_token_works() {
    let app = spawn_app().await;
    let (access, session) = app.customer("rot@example.pt").await;
    let refreshed = app
        .post(
            "/v1/sessions/refresh",
            None,
            json!({"refresh_token": session.refresh_token}),
        )
        .await;
    assert_eq!(refreshed.status, StatusCode::OK, "{:?}", refreshed.body);
    let new_access = refreshed.body["access_token"].as_str().expect("token");
    assert_ne!(new_access, access);
    assert_ne!(
        refreshed.body["refresh_token"],
        json!(session.refresh_token)
    );
    assert_eq!(
        app.get("/v1/account", new_access).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/v1/account", &access).await.status,
        StatusCode::UNAUTHORIZED,
        "the old access token died"
    );
}

#[tokio::test]
async fn reusing_a_spent_refresh_token_revokes_the_whole_session() {
    let app = spawn_app().await;
    let (_, session) = app.customer("reuse@example.pt").await;
    let first = app
        .post(
            "/v1/sessions/refresh",
            None,
            json!({"refresh_token": session.refresh_token}),
        )
        .await;
    let stolen_pair_access = first.body["access_token"]
        .as_str()
        .expect("token")
        .to_string();
    let next_refresh = first.body["refresh_token"]
        .as_str()
        .expect("token")
        .to_string();
    // The legitimate phone moves on: the successor is used.
    let second = app
        .post(
            "/v1/sessions/refresh",
            None,
            json!({"refresh_token": next_refresh}),
        )
        .await;
    assert_eq!(second.status, StatusCode::OK);
    let live_access = second.body["access_token"]
        .as_str()
        .expect("token")
        .to_string();
    // Someone replays the first, spent token.
    let replay = app
        .post(
            "/v1/sessions/refresh",
            None,
            json!({"refresh_token": session.refresh_token}),
        )
        .await;
    assert_eq!(
        (replay.status, replay.code()),
        (StatusCode::UNAUTHORIZED, "invalid_token")
    );
    // The family is gone: the latest access and refresh tokens no longer work.
    assert_eq!(
        app.get("/v1/account", &live_access).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get("/v1/account", &stolen_pair_access).await.status,
        StatusCode::UNAUTHORIZED
    );
    let latest_refresh = second.body["refresh_token"].as_str().expect("token");
    let after = app
        .post(
            "/v1/sessions/refresh",
            None,
            json!({"refresh_token": latest_refresh}),
        )
        .await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_refresh_whose_answer_was_lost_can_be_retried_at_once_without_logging_out() {
    let app = spawn_app().await;
    let (_, session) = app.customer("lost@example.pt").await;
    let lost = app
        .post(
            "/v1/sessions/refresh",
            None,
            json!({"refresh_token": session.refresh_token}),
        )
        .await;
    assert_eq!(lost.status, StatusCode::OK);
    // The phone never saw `lost` and retries with the same token seconds later.
    app.clock.advance(Duration::from_secs(5));
    let retry = app
        .post(
            "/v1/sessions/refresh",
            None,
            json!({"refresh_token": session.refresh_token}),
        )
        .await;
    assert_eq!(retry.status, StatusCode::OK, "{:?}", retry.body);
    let access = retry.body["access_token"].as_str().expect("token");
    assert_eq!(app.get("/v1/account", access).await.status, StatusCode::OK);
    // The successor the phone never received is dead.
    let orphan = lost.body["refresh_token"].as_str().expect("token");
    assert_eq!(
        app.post(
            "/v1/sessions/refresh",
            None,
            json!({"refresh_token": orphan})
        )
        .await
        .status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn log_out_ends_the_session_at_once() {
    let app = spawn_app().await;
    let (access, session) = app.customer("bye@example.pt").await;
    let out = app
        .request(
            Method::DELETE,
            "/v1/sessions/current",
            Some(&access),
            None,
            None,
        )
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/v1/account", &access).await.status,
        StatusCode::UNAUTHORIZED
    );
    let refresh = app
        .post(
            "/v1/sessions/refresh",
            None,
            json!({"refresh_token": session.refresh_token}),
        )
        .await;
    assert_eq!(refresh.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn access_tokens_are_short_lived_and_refresh_tokens_outlive_them() {
    let app = spawn_app().await;
    let (access, session) = app.customer("ttl@example.pt").await;
    assert!(session.expires_in <= 15 * 60);
    app.clock
        .advance(Duration::from_secs(session.expires_in as u64 + 1));
    assert_eq!(
        app.get("/v1/account", &access).await.code(),
        "invalid_token"
    );
    let refreshed = app
        .post(
            "/v1/sessions/refresh",
            None,
            json!({"refresh_token": session.refresh_token}),
        )
        .await;
    assert_eq!(refreshed.status, StatusCode::OK);
}
