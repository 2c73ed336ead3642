//! The sync feed: only the caller's data, paged, resumable from a cursor.

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::helpers::spawn_app;

fn entities(page: &Value) -> Vec<(String, String)> {
    page["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| {
            (
                c["entity"].as_str().unwrap_or("").to_string(),
                c["op"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_first_sync_pages_through_the_callers_data_only_and_then_resumes_from_the_cursor() {
    let app = spawn_app().await;
    let (ana, ana_session) = app.customer("ana@example.pt").await;
    let (rui, _) = app.customer("rui@example.pt").await;
    let devices = app.catalog(3).await;
    for device in &devices {
        app.register_device(&ana, device.as_str()).await;
    }
    app.register_device(&rui, app.catalog(1).await[0].as_str())
        .await;

    let mut cursor = String::new();
    let mut seen = Vec::new();
    loop {
        let page = app
            .get(&format!("/v1/changes?limit=2&since={cursor}"), &ana)
            .await;
        assert_eq!(page.status, StatusCode::OK, "{:?}", page.body);
        seen.extend(page.body["changes"].as_array().expect("changes").clone());
        cursor = page.body["cursor"].as_str().expect("cursor").to_string();
        if !page.body["has_more"].as_bool().expect("has_more") {
            break;
        }
    }
    let devices_seen: Vec<&str> = seen
        .iter()
        .filter(|c| c["entity"] == "device")
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert_eq!(devices_seen.len(), 3);
    assert!(devices.iter().all(|d| devices_seen.contains(&d.as_str())));
    let accounts: Vec<&Value> = seen.iter().filter(|c| c["entity"] == "account").collect();
    assert_eq!(
        accounts.len(),
        1,
        "an entity appears once, at its latest state"
    );
    assert_eq!(
        accounts[0]["data"]["id"],
        ana_session.account.id.to_string()
    );
    assert_eq!(accounts[0]["data"]["balance"], 300);
    assert_eq!(
        seen.iter()
            .filter(|c| c["entity"] == "loyalty_entry")
            .count(),
        3
    );

    // Nothing new: an empty page with the same cursor.
    let idle = app.get(&format!("/v1/changes?since={cursor}"), &ana).await;
    assert_eq!(entities(&idle.body), vec![]);
    assert_eq!(idle.body["cursor"], cursor.as_str());

    // A release shows up as a delete after the cursor.
    app.request(
        Method::DELETE,
        &format!("/v1/devices/{}", devices[0].as_str()),
        Some(&ana),
        None,
        None,
    )
    .await;
    let next = app.get(&format!("/v1/changes?since={cursor}"), &ana).await;
    assert_eq!(
        entities(&next.body),
        vec![("device".to_string(), "delete".to_string())]
    );
    assert_eq!(next.body["changes"][0]["id"], devices[0].as_str());
}

#[tokio::test]
async fn bad_and_future_cursors_are_refused_with_codes() {
    let app = spawn_app().await;
    let (ana, _) = app.customer("cur@example.pt").await;
    let bad = app.get("/v1/changes?since=banana", &ana).await;
    assert_eq!(
        (bad.status, bad.code()),
        (StatusCode::BAD_REQUEST, "invalid_cursor")
    );
    let negative = app.get("/v1/changes?since=-5", &ana).await;
    assert_eq!(negative.code(), "invalid_cursor");
    let future = app.get("/v1/changes?since=999999", &ana).await;
    assert_eq!(
        (future.status, future.code()),
        (StatusCode::GONE, "cursor_expired")
    );
    let limit = app.get("/v1/changes?limit=5000", &ana).await;
    assert_eq!(limit.code(), "invalid_query");
}
