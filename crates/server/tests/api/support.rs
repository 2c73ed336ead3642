//! Support requests, including "I forgot my email" while signed out.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::spawn_app;

#[tokio::test]
async fn a_signed_out_customer_who_forgot_their_email_reaches_support_with_a_device_id() {
    let app = spawn_app().await;
    let device = companion_domain::DeviceId::with_check_character("7K3M2Q9W4X1").expect("valid");
    let answer = app
        .post(
            "/v1/support-requests",
            None,
            json!({
                "topic": "forgot_email", "message": "I do not remember which email I used.",
                "device_id": device.display_grouped(), "contact_email": "new-address@example.pt"
            }),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{:?}", answer.body);
    assert!(answer.body["reference"]
        .as_str()
        .is_some_and(|r| r.starts_with("SR-")));
    let stored: Option<String> =
        sqlx::query_scalar("SELECT device_id FROM support_requests WHERE reference = $1")
            .bind(answer.body["reference"].as_str())
            .fetch_one(app.state.db.pool())
            .await
            .expect("stored");
    assert_eq!(stored.as_deref(), Some(device.as_str()));
}

#[tokio::test]
async fn incomplete_support_requests_say_what_is_missing() {
    let app = spawn_app().await;
    let cases = [
        (
            json!({"topic": "other", "message": "Hello"}),
            "contact_email_required",
        ),
        (
            json!({"topic": "forgot_email", "message": "Hello", "contact_email": "a@example.pt"}),
            "device_id_required",
        ),
        (
            json!({"topic": "forgot_email", "message": "Hello", "contact_email": "a@example.pt", "device_id": "12"}),
            "invalid_device_id",
        ),
        (
            json!({"topic": "other", "message": "   ", "contact_email": "a@example.pt"}),
            "invalid_message",
        ),
        (
            json!({"topic": "other", "message": "Hi", "contact_email": "nope"}),
            "invalid_email",
        ),
    ];
    for (body, code) in cases {
        let answer = app.post("/v1/support-requests", None, body.clone()).await;
        assert_eq!(
            (answer.status, answer.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, code),
            "{body}"
        );
    }
    let (access, _) = app.customer("signed@example.pt").await;
    let signed_in = app
        .post(
            "/v1/support-requests",
            Some(&access),
            json!({"topic": "loyalty", "message": "Where are my points?"}),
        )
        .await;
    assert_eq!(signed_in.status, StatusCode::CREATED);
}
