//! Sign-up: the server enforces the age rule and the password policy.

use companion_server::clock::Clock;
use reqwest::{Method, StatusCode};
use time::Duration;

use crate::helpers::spawn_app;

#[tokio::test]
async fn a_customer_signs_up_and_gets_a_member_code() {
    let app = spawn_app().await;
    let answer = app.sign_up(app.sign_up_body("Ana.Silva@Example.PT")).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{:?}", answer.body);
    assert_eq!(answer.body["email"], "ana.silva@example.pt");
    assert_eq!(answer.body["tier"], "silver");
    assert_eq!(answer.body["balance"], 0);
    assert_eq!(answer.body["role"], "customer");
    assert_eq!(answer.body["member_code"].as_str().map(str::len), Some(10));
    assert!(answer.body.get("password").is_none() && answer.body.get("password_hash").is_none());
}

#[tokio::test]
async fn minors_are_refused_and_the_18th_birthday_itself_is_allowed() {
    let app = spawn_app().await;
    let today = app.clock.today();
    let eighteen_today = today.replace_year(today.year() - 18).expect("date");
    let mut body = app.sign_up_body("birthday@example.pt");
    body["birth_date"] = eighteen_today.to_string().into();
    assert_eq!(app.sign_up(body).await.status, StatusCode::CREATED);

    let mut body = app.sign_up_body("minor@example.pt");
    body["birth_date"] = (eighteen_today + Duration::days(1)).to_string().into();
    let answer = app.sign_up(body).await;
    assert_eq!(
        (answer.status, answer.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "underage")
    );
}

#[tokio::test]
async fn weak_passwords_bad_emails_and_missing_consent_are_refused_with_their_codes() {
    let app = spawn_app().await;
    let cases = [
        ("password", "password1234", "weak_password"),
        ("password", "short", "weak_password"),
        ("email", "not-an-email", "invalid_email"),
        ("birth_date", "25/04/1990", "invalid_birth_date"),
        ("country", "ES", "unsupported_country"),
        ("given_name", "   ", "invalid_name"),
    ];
    for (field, value, code) in cases {
        let mut body = app.sign_up_body("case@example.pt");
        body[field] = value.into();
        let answer = app.sign_up(body).await;
        assert_eq!(
            (answer.status, answer.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, code),
            "{field}={value}"
        );
    }
    let mut body = app.sign_up_body("terms@example.pt");
    body["accept_terms"] = false.into();
    assert_eq!(app.sign_up(body).await.code(), "terms_not_accepted");
}

#[tokio::test]
async fn an_email_has_one_account_whatever_its_case() {
    let app = spawn_app().await;
    assert_eq!(
        app.sign_up(app.sign_up_body("rui@example.pt")).await.status,
        StatusCode::CREATED
    );
    let again = app.sign_up(app.sign_up_body("RUI@example.pt")).await;
    assert_eq!(
        (again.status, again.code()),
        (StatusCode::CONFLICT, "email_taken")
    );
}

#[tokio::test]
async fn a_sign_up_replayed_with_its_key_returns_the_first_account_and_creates_nothing() {
    let app = spawn_app().await;
    let key = uuid::Uuid::new_v4().to_string();
    let body = app.sign_up_body("replay@example.pt");
    let first = app
        .request(
            Method::POST,
            "/v1/accounts",
            None,
            Some(&key),
            Some(body.clone()),
        )
        .await;
    let second = app
        .request(
            Method::POST,
            "/v1/accounts",
            None,
            Some(&key),
            Some(body.clone()),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(second.status, StatusCode::CREATED);
    assert_eq!(first.body, second.body);
    let mut other = body;
    other["given_name"] = "Outra".into();
    let reused = app
        .request(Method::POST, "/v1/accounts", None, Some(&key), Some(other))
        .await;
    assert_eq!(
        (reused.status, reused.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused")
    );
}
