//! The customer's own account: profile, password change, export, erasure.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{spawn_app, PASSWORD};

const NEW_PASSWORD: &str = "andorinha-mercado-bolhao";

#[tokio::test]
async fn the_profile_can_be_read_and_changed() {
    let app = spawn_app().await;
    let (access, _) = app.customer("me@example.pt").await;
    let patched = app
        .request(
            Method::PATCH,
            "/v1/account",
            Some(&access),
            None,
            Some(json!({"given_name": " Maria ", "marketing_opt_in": true})),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{:?}", patched.body);
    let me = app.get("/v1/account", &access).await;
    assert_eq!(me.body["given_name"], "Maria");
    assert_eq!(me.body["family_name"], "Silva");
    assert_eq!(me.body["marketing_opt_in"], true);
    let bad = app
        .request(
            Method::PATCH,
            "/v1/account",
            Some(&access),
            None,
            Some(json!({"family_name": ""})),
        )
        .await;
    assert_eq!(bad.code(), "invalid_name");
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_ends_the_other_sessions() {
    let app = spawn_app().await;
    let (phone, _) = app.customer("pw@example.pt").await;
    let tablet = app.log_in("pw@example.pt", PASSWORD).await.body["access_token"]
        .as_str()
        .expect("token")
        .to_string();

    let wrong = app
        .post(
            "/v1/account/password",
            Some(&phone),
            json!({"current_password": "nope-nope-nope", "new_password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(
        (wrong.status, wrong.code()),
        (StatusCode::UNAUTHORIZED, "invalid_credentials")
    );
    let weak = app
        .post(
            "/v1/account/password",
            Some(&phone),
            json!({"current_password": PASSWORD, "new_password": "123456789012"}),
        )
        .await;
    assert_eq!(weak.code(), "weak_password");

    let changed = app
        .post(
            "/v1/account/password",
            Some(&phone),
            json!({"current_password": PASSWORD, "new_password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(changed.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/v1/account", &phone).await.status,
        StatusCode::OK,
        "this session stays"
    );
    assert_eq!(
        app.get("/v1/account", &tablet).await.status,
        StatusCode::UNAUTHORIZED,
        "other sessions end"
    );
    assert_eq!(
        app.log_in("pw@example.pt", NEW_PASSWORD).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_export_holds_everything_about_the_customer() {
    let app = spawn_app().await;
    app.seed_rewards_and_points().await;
    let (access, _) = app.customer("export@example.pt").await;
    let [device] = app.catalog(1).await[..] else {
        panic!("one device")
    };
    app.register_device(&access, device.as_str()).await;
    app.post(
        "/v1/support-requests",
        Some(&access),
        json!({"topic": "device", "message": "It blinks red."}),
    )
    .await;
    let export = app.get("/v1/account/export", &access).await;
    assert_eq!(export.status, StatusCode::OK);
    assert_eq!(export.body["account"]["email"], "export@example.pt");
    assert_eq!(export.body["devices"][0]["device_id"], device.as_str());
    assert_eq!(
        export.body["loyalty_entries"][0]["kind"],
        "registration_bonus"
    );
    assert_eq!(
        export.body["support_requests"][0]["message"],
        "It blinks red."
    );
    assert_eq!(export.body["sessions"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn removing_the_account_erases_personal_data_releases_devices_and_frees_the_email() {
    let app = spawn_app().await;
    app.seed_rewards_and_points().await;
    let (access, session) = app.customer("gone@example.pt").await;
    let [device] = app.catalog(1).await[..] else {
        panic!("one device")
    };
    assert_eq!(
        app.register_device(&access, device.as_str()).await.status,
        StatusCode::CREATED
    );
    app.post("/v1/guarantee-requests", Some(&access), json!({
        "device_id": device.as_str(), "fault_description": "Does not heat any more.",
        "delivery": {"kind": "address", "address": {"recipient": "Ana Silva", "line1": "Rua Augusta 1", "postal_code": "1100-048", "city": "Lisboa"}}
    })).await;

    let wrong = app
        .request(
            Method::DELETE,
            "/v1/account",
            Some(&access),
            None,
            Some(json!({"password": "not-my-password"})),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let removed = app
        .request(
            Method::DELETE,
            "/v1/account",
            Some(&access),
            None,
            Some(json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT, "{:?}", removed.body);

    assert_eq!(
        app.get("/v1/account", &access).await.status,
        StatusCode::UNAUTHORIZED,
        "sessions ended"
    );
    assert_eq!(
        app.post(
            "/v1/sessions/refresh",
            None,
            json!({"refresh_token": session.refresh_token})
        )
        .await
        .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.log_in("gone@example.pt", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );

    // Nothing personal is left in the database.
    let id = session.account.id.to_string();
    let row = sqlx::query(
        "SELECT email, given_name, family_name, birth_date, password_hash FROM accounts WHERE id = $1",
    )
    .bind(&id)
    .fetch_one(app.state.db.pool())
    .await
    .expect("row kept for integrity");
    for column in [
        "email",
        "given_name",
        "family_name",
        "birth_date",
        "password_hash",
    ] {
        let value: Option<String> = sqlx::Row::get(&row, column);
        assert_eq!(value, None, "{column} was not erased");
    }
    let addresses: Vec<Option<String>> =
        sqlx::query_scalar("SELECT delivery_json FROM guarantee_requests WHERE account_id = $1")
            .bind(&id)
            .fetch_all(app.state.db.pool())
            .await
            .expect("query");
    assert!(addresses.iter().all(Option::is_none), "addresses erased");
    let support: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM support_requests WHERE account_id = $1")
            .bind(&id)
            .fetch_one(app.state.db.pool())
            .await
            .expect("query");
    assert_eq!(support, 0);

    // The email can sign up again, and the released device can be registered - without a second bonus.
    let (again, _) = app.customer("gone@example.pt").await;
    let registered = app.register_device(&again, device.as_str()).await;
    assert_eq!(registered.status, StatusCode::CREATED);
    assert_eq!(
        app.balance(&again).await,
        0,
        "the registration bonus is once per device, ever"
    );
}
