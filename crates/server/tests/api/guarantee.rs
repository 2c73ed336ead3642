//! Voluntary Guarantee requests.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{spawn_app, PASSWORD};

fn at_collection_point(device: &str) -> Value {
    json!({"device_id": device, "fault_description": "The device does not heat up.",
           "delivery": {"kind": "collection_point", "collection_point_id": "cp-lisboa-chiado"}})
}

/// A customer with a registered device who has asked for its replacement at a collection
/// point: the app, their token, the device and the server's answer.
async fn requested(
    email: &str,
) -> (
    crate::helpers::TestApp,
    String,
    companion_domain::DeviceId,
    crate::helpers::Answer,
) {
    let app = spawn_app().await;
    app.seed_rewards_and_points().await;
    let (access, _) = app.customer(email).await;
    let [device] = app.catalog(1).await[..] else {
        panic!("one device")
    };
    app.register_device(&access, device.as_str()).await;
    let created = app
        .post(
            "/v1/guarantee-requests",
            Some(&access),
            at_collection_point(device.as_str()),
        )
        .await;
    (app, access, device, created)
}

#[tokio::test]
async fn a_replacement_is_requested_for_a_collection_point_and_tracked() {
    let (app, access, device, created) = requested("g@example.pt").await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    assert_eq!(created.body["status"], "submitted");
    let list = app.get("/v1/guarantee-requests", &access).await;
    assert_eq!(list.body["requests"][0]["id"], created.body["id"]);
    assert_eq!(
        list.body["requests"][0]["delivery"]["collection_point_id"],
        "cp-lisboa-chiado"
    );

    let again = app
        .post(
            "/v1/guarantee-requests",
            Some(&access),
            at_collection_point(device.as_str()),
        )
        .await;
    assert_eq!(
        (again.status, again.code()),
        (StatusCode::CONFLICT, "request_already_open")
    );
}

#[tokio::test]
async fn delivery_to_an_address_is_validated() {
    let app = spawn_app().await;
    app.seed_rewards_and_points().await;
    let (access, _) = app.customer("addr@example.pt").await;
    let [device] = app.catalog(1).await[..] else {
        panic!("one device")
    };
    app.register_device(&access, device.as_str()).await;
    let mut body = json!({"device_id": device.as_str(), "fault_description": "Battery lasts ten minutes.",
        "delivery": {"kind": "address", "address": {"recipient": "Ana Silva", "line1": "Rua Augusta 1", "postal_code": "1100048", "city": "Lisboa"}}});
    let bad = app
        .post("/v1/guarantee-requests", Some(&access), body.clone())
        .await;
    assert_eq!(
        (bad.status, bad.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_address")
    );
    body["delivery"]["address"]["postal_code"] = "1100-048".into();
    let good = app
        .post("/v1/guarantee-requests", Some(&access), body)
        .await;
    assert_eq!(good.status, StatusCode::CREATED, "{:?}", good.body);
    assert_eq!(good.body["delivery"]["address"]["city"], "Lisboa");

    let mut unknown_point = at_collection_point(device.as_str());
    unknown_point["delivery"]["collection_point_id"] = "cp-atlantis".into();
    assert_eq!(
        app.post("/v1/guarantee-requests", Some(&access), unknown_point)
            .await
            .code(),
        "unknown_collection_point"
    );
    let mut vague = at_collection_point(device.as_str());
    vague["fault_description"] = "bad".into();
    assert_eq!(
        app.post("/v1/guarantee-requests", Some(&access), vague)
            .await
            .code(),
        "invalid_fault_description"
    );
}

#[tokio::test]
async fn only_the_owner_can_ask_and_only_within_three_years() {
    let app = spawn_app().await;
    app.seed_rewards_and_points().await;
    let (ana, _) = app.customer("ana@example.pt").await;
    let (rui, _) = app.customer("rui@example.pt").await;
    let [device] = app.catalog(1).await[..] else {
        panic!("one device")
    };
    app.register_device(&ana, device.as_str()).await;
    let stranger = app
        .post(
            "/v1/guarantee-requests",
            Some(&rui),
            at_collection_point(device.as_str()),
        )
        .await;
    assert_eq!(
        (stranger.status, stranger.code()),
        (StatusCode::NOT_FOUND, "device_not_found")
    );

    app.clock.advance(Duration::from_secs(3 * 366 * 24 * 3600));
    let ana = app.log_in("ana@example.pt", PASSWORD).await.body["access_token"]
        .as_str()
        .expect("token")
        .to_string();
    let late = app
        .post(
            "/v1/guarantee-requests",
            Some(&ana),
            at_collection_point(device.as_str()),
        )
        .await;
    assert_eq!(
        (late.status, late.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "guarantee_expired")
    );
    assert_eq!(
        app.get("/v1/devices", &ana).await.body["devices"][0]["status"],
        "expired"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_requests_for_one_device_open_one() {
    let app = spawn_app().await;
    app.seed_rewards_and_points().await;
    let (access, _) = app.customer("par@example.pt").await;
    let [device] = app.catalog(1).await[..] else {
        panic!("one device")
    };
    app.register_device(&access, device.as_str()).await;
    let attempts = (0..8).map(|_| {
        app.post(
            "/v1/guarantee-requests",
            Some(&access),
            at_collection_point(device.as_str()),
        )
    });
    let answers = futures::future::join_all(attempts).await;
    let created = answers
        .iter()
        .filter(|a| a.status == StatusCode::CREATED)
        .count();
    let refused = answers
        .iter()
        .filter(|a| a.code() == "request_already_open")
        .count();
    assert_eq!((created, refused), (1, 7));
}

#[tokio::test]
async fn collection_points_come_nearest_first_when_a_position_is_known() {
    let app = spawn_app().await;
    app.seed_rewards_and_points().await;
    let (access, _) = app.customer("near@example.pt").await;
    let porto = app
        .get(
            "/v1/collection-points?latitude=41.15&longitude=-8.61",
            &access,
        )
        .await;
    assert_eq!(
        porto.body["collection_points"][0]["id"],
        "cp-porto-santa-catarina"
    );
    let faro = app
        .get(
            "/v1/collection-points?latitude=37.02&longitude=-7.93",
            &access,
        )
        .await;
    assert_eq!(faro.body["collection_points"][0]["id"], "cp-faro-forum");
    let half = app
        .get("/v1/collection-points?latitude=37.02", &access)
        .await;
    assert_eq!(half.code(), "invalid_query");
}

#[tokio::test]
async fn the_back_office_moves_a_request_along_and_the_feed_tells_the_phone() {
    let (app, access, _, created) = requested("bo@example.pt").await;
    let id = created.body["id"].as_str().expect("id").to_string();
    let before = app.get("/v1/changes", &access).await;
    let cursor = before.body["cursor"].as_str().expect("cursor").to_string();

    let moved = companion_server::admin::set_guarantee_status(
        &app.state,
        &id,
        companion_domain::wire::GuaranteeRequestStatus::ReadyForCollection,
    )
    .await
    .expect("moved");
    assert_eq!(moved.id.to_string(), id);

    let feed = app
        .get(&format!("/v1/changes?since={cursor}"), &access)
        .await;
    let changes = feed.body["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), 1, "{:?}", feed.body);
    assert_eq!(changes[0]["entity"], "guarantee_request");
    assert_eq!(changes[0]["data"]["status"], "ready_for_collection");
    let list = app.get("/v1/guarantee-requests", &access).await;
    assert_eq!(list.body["requests"][0]["status"], "ready_for_collection");

    assert!(companion_server::admin::set_guarantee_status(
        &app.state,
        &uuid::Uuid::new_v4().to_string(),
        companion_domain::wire::GuaranteeRequestStatus::Completed,
    )
    .await
    .is_err());
}
