//! Sales-assistant endpoints.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{spawn_app, PASSWORD};

fn assisted(email: &str, birth_date: &str) -> serde_json::Value {
    json!({"email": email, "given_name": "Joana", "family_name": "Costa", "birth_date": birth_date,
           "country": "PT", "age_verified_in_person": true, "accept_terms": true})
}

#[tokio::test]
async fn customers_cannot_use_staff_endpoints() {
    let app = spawn_app().await;
    let (access, session) = app.customer("cust@example.pt").await;
    let signup = app
        .post(
            "/v1/staff/accounts",
            Some(&access),
            assisted("x@example.pt", "1990-01-01"),
        )
        .await;
    assert_eq!(
        (signup.status, signup.code()),
        (StatusCode::FORBIDDEN, "forbidden")
    );
    let purchase = app.post("/v1/staff/purchases", Some(&access), json!({"member_code": session.account.member_code, "amount_cents": 5000, "receipt_reference": "R1"})).await;
    assert_eq!(purchase.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_assisted_sign_up_sends_an_invitation_that_sets_the_password() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let created = app
        .post(
            "/v1/staff/accounts",
            Some(&staff),
            assisted("joana@example.pt", "1985-02-10"),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    assert_eq!(
        app.log_in("joana@example.pt", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED,
        "no password yet"
    );
    let code = app.code_from_email("joana@example.pt", 0).await;
    let set = app
        .post(
            "/v1/password-resets/confirm",
            None,
            json!({"token": code, "new_password": PASSWORD}),
        )
        .await;
    assert_eq!(set.status, StatusCode::NO_CONTENT, "{:?}", set.body);
    assert_eq!(
        app.log_in("joana@example.pt", PASSWORD).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_server_still_enforces_the_age_rule_on_assisted_sign_ups() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let minor = app
        .post(
            "/v1/staff/accounts",
            Some(&staff),
            assisted("kid@example.pt", "2010-01-01"),
        )
        .await;
    assert_eq!(
        (minor.status, minor.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "underage")
    );
    let mut unchecked = assisted("who@example.pt", "1990-01-01");
    unchecked["age_verified_in_person"] = false.into();
    assert_eq!(
        app.post("/v1/staff/accounts", Some(&staff), unchecked)
            .await
            .code(),
        "age_not_verified"
    );
}

#[tokio::test]
async fn a_purchase_earns_points_once_per_receipt_by_member_code() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let (access, session) = app.customer("buyer@example.pt").await;
    let body = json!({"member_code": session.account.member_code.to_lowercase(), "amount_cents": 4599, "receipt_reference": "LJ01-000123"});
    let first = app
        .post("/v1/staff/purchases", Some(&staff), body.clone())
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    assert_eq!(first.body["points"], 45);
    let twice = app.post("/v1/staff/purchases", Some(&staff), body).await;
    assert_eq!(
        (twice.status, twice.code()),
        (StatusCode::CONFLICT, "duplicate_receipt")
    );
    assert_eq!(app.balance(&access).await, 45);
    let unknown = app
        .post(
            "/v1/staff/purchases",
            Some(&staff),
            json!({"member_code": "0000000000", "amount_cents": 1000, "receipt_reference": "R2"}),
        )
        .await;
    assert_eq!(
        (unknown.status, unknown.code()),
        (StatusCode::NOT_FOUND, "unknown_member")
    );
    let tiny = app.post("/v1/staff/purchases", Some(&staff), json!({"member_code": session.account.member_code, "amount_cents": 50, "receipt_reference": "R3"})).await;
    assert_eq!(tiny.code(), "invalid_amount");
}
