//! Registering devices: validation, the catalog, one owner, the once-ever bonus.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::spawn_app;

#[tokio::test]
async fn registering_a_catalogued_device_lists_it_with_its_guarantee_and_earns_the_bonus() {
    let app = spawn_app().await;
    let (access, _) = app.customer("dev@example.pt").await;
    let [device] = app.catalog(1).await[..] else {
        panic!("one device")
    };
    let typed = device.display_grouped().to_lowercase();
    let answer = app.register_device(&access, &typed).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{:?}", answer.body);
    assert_eq!(answer.body["device_id"], device.as_str());
    assert_eq!(answer.body["model"], "ILUMA PRIME");
    assert_eq!(answer.body["guarantee_until"], "2029-06-15");
    assert_eq!(answer.body["status"], "active");
    let list = app.get("/v1/devices", &access).await;
    assert_eq!(list.body["devices"].as_array().map(Vec::len), Some(1));
    assert_eq!(app.balance(&access).await, 100);

    let again = app.register_device(&access, device.as_str()).await;
    assert_eq!(again.status, StatusCode::OK, "already yours");
    assert_eq!(app.balance(&access).await, 100, "no second bonus");
}

#[tokio::test]
async fn malformed_unknown_and_taken_ids_are_refused_with_helpful_codes() {
    let app = spawn_app().await;
    let (ana, _) = app.customer("ana@example.pt").await;
    let (rui, _) = app.customer("rui@example.pt").await;
    let [device] = app.catalog(1).await[..] else {
        panic!("one device")
    };

    let typo = app.register_device(&ana, "ABCU-0000-0000").await;
    assert_eq!(
        (typo.status, typo.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_device_id")
    );
    assert!(typo.body["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("'U'")));
    let mut wrong_check = device.as_str().to_string();
    let last = wrong_check.pop().expect("12 chars");
    wrong_check.push(if last == '0' { '1' } else { '0' });
    let checksum = app.register_device(&ana, &wrong_check).await;
    assert!(checksum.body["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("8 vs B")));

    let stranger = companion_domain::DeviceId::with_check_character("ZZZZZZZZZZZ").expect("valid");
    let unknown = app.register_device(&ana, stranger.as_str()).await;
    assert_eq!(
        (unknown.status, unknown.code()),
        (StatusCode::NOT_FOUND, "unknown_device")
    );

    assert_eq!(
        app.register_device(&ana, device.as_str()).await.status,
        StatusCode::CREATED
    );
    let taken = app.register_device(&rui, device.as_str()).await;
    assert_eq!(
        (taken.status, taken.code()),
        (StatusCode::CONFLICT, "device_already_registered")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_accounts_claiming_one_device_at_once_get_one_owner() {
    let app = spawn_app().await;
    let devices = app.catalog(10).await;
    let (ana, _) = app.customer("ana@example.pt").await;
    let (rui, _) = app.customer("rui@example.pt").await;
    for device in devices {
        let (a, b) = tokio::join!(
            app.register_device(&ana, device.as_str()),
            app.register_device(&rui, device.as_str())
        );
        let mut statuses = [a.status, b.status];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::CREATED, StatusCode::CONFLICT],
            "{:?} {:?}",
            a.body,
            b.body
        );
    }
    assert_eq!(
        app.balance(&ana).await + app.balance(&rui).await,
        10 * 100,
        "one bonus per device"
    );
}

#[tokio::test]
async fn a_released_device_can_be_registered_again_but_never_earns_a_second_bonus() {
    let app = spawn_app().await;
    let (ana, _) = app.customer("ana@example.pt").await;
    let (rui, _) = app.customer("rui@example.pt").await;
    let [device] = app.catalog(1).await[..] else {
        panic!("one device")
    };
    app.register_device(&ana, device.as_str()).await;
    let path = format!("/v1/devices/{}", device.as_str());
    let not_mine = app
        .request(Method::DELETE, &path, Some(&rui), None, None)
        .await;
    assert_eq!(
        (not_mine.status, not_mine.code()),
        (StatusCode::NOT_FOUND, "device_not_found")
    );
    let released = app
        .request(Method::DELETE, &path, Some(&ana), None, None)
        .await;
    assert_eq!(released.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/v1/devices", &ana).await.body["devices"],
        json!([])
    );

    let claimed = app.register_device(&rui, device.as_str()).await;
    assert_eq!(claimed.status, StatusCode::CREATED);
    assert_eq!(
        claimed.body["guarantee_until"], "2029-06-15",
        "the guarantee never restarts"
    );
    assert_eq!(app.balance(&rui).await, 0);
    assert_eq!(
        app.register_device(&ana, device.as_str()).await.code(),
        "device_already_registered"
    );
    // Ana keeps the bonus she earned: the ledger is append-only.
    assert_eq!(app.balance(&ana).await, 100);
}

#[tokio::test]
async fn a_registration_replayed_with_its_key_answers_the_same_and_changes_nothing() {
    let app = spawn_app().await;
    let (ana, _) = app.customer("ana@example.pt").await;
    let [device] = app.catalog(1).await[..] else {
        panic!("one device")
    };
    let key = uuid::Uuid::new_v4().to_string();
    let body = json!({"device_id": device.as_str(), "source": "scan"});
    let first = app
        .request(
            Method::POST,
            "/v1/devices",
            Some(&ana),
            Some(&key),
            Some(body.clone()),
        )
        .await;
    let replay = app
        .request(
            Method::POST,
            "/v1/devices",
            Some(&ana),
            Some(&key),
            Some(body),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(
        (replay.status, &replay.body),
        (StatusCode::CREATED, &first.body)
    );
    let history = app.get("/v1/loyalty", &ana).await;
    assert_eq!(history.body["entries"].as_array().map(Vec::len), Some(1));
}
