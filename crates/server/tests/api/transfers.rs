//! Issue 25 over HTTP: a device passed from one account to another (asked, accepted or
//! declined by the owner, escalated to support after 14 days of the test clock), the
//! guarantee's block, the limits, the owner never revealed; and the troubleshooter's
//! outcomes, the fault code on replacement requests and the statistics.

use companion_domain::wire::StaffRole;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{clock_app, spawn_app, Answer, TestApp, DAY, PASSWORD};

/// A customer: token, account id, and what must never reach the other side of a transfer
/// (email, names, member code, id).
struct Customer {
    token: String,
    id: String,
    secrets: Vec<String>,
}

/// Signs up a customer whose names are theirs alone (so a leak of them can be seen).
async fn customer(app: &TestApp, email: &str) -> Customer {
    let mut body = app.sign_up_body(email);
    let given = format!("Nome{}", &uuid::Uuid::new_v4().simple().to_string()[..8]);
    body["given_name"] = given.clone().into();
    body["family_name"] = format!("Apelido{}", &given[4..]).into();
    let signed_up = app.sign_up(body).await;
    assert_eq!(
        signed_up.status,
        StatusCode::CREATED,
        "{:?}",
        signed_up.body
    );
    let session = app.log_in(email, PASSWORD).await;
    assert_eq!(session.status, StatusCode::OK, "{:?}", session.body);
    let account = &session.body["account"];
    let text = |field: &str| account[field].as_str().expect(field).to_string();
    Customer {
        token: session.body["access_token"]
            .as_str()
            .expect("token")
            .to_string(),
        id: text("id"),
        secrets: ["email", "id", "given_name", "family_name", "member_code"]
            .into_iter()
            .map(text)
            .collect(),
    }
}

impl TestApp {
    /// `POST /v1/device-transfers`, with a fresh idempotency key.
    async fn ask_transfer(&self, token: &str, device: &str) -> Answer {
        let key = uuid::Uuid::new_v4().to_string();
        self.request(
            Method::POST,
            "/v1/device-transfers",
            Some(token),
            Some(&key),
            Some(json!({ "device_id": device })),
        )
        .await
    }

    /// `POST /v1/device-transfers/{id}/decision`, with a fresh idempotency key.
    async fn decide_transfer(&self, token: &str, id: &str, decision: &str) -> Answer {
        let key = uuid::Uuid::new_v4().to_string();
        self.request(
            Method::POST,
            &format!("/v1/device-transfers/{id}/decision"),
            Some(token),
            Some(&key),
            Some(json!({ "decision": decision })),
        )
        .await
    }

    async fn devices_of(&self, token: &str) -> Vec<Value> {
        let list = self.get("/v1/devices", token).await;
        assert_eq!(list.status, StatusCode::OK, "{:?}", list.body);
        list.body["devices"].as_array().expect("devices").clone()
    }

    /// The whole feed of the caller, as text.
    async fn whole_feed(&self, token: &str) -> Value {
        let page = self.get("/v1/changes?limit=1000", token).await;
        assert_eq!(page.status, StatusCode::OK, "{:?}", page.body);
        page.body
    }
}

/// A device registered to `owner`.
async fn owned_device(app: &TestApp, owner: &Customer) -> String {
    let device = app.catalog(1).await[0].as_str().to_string();
    let registered = app.register_device(&owner.token, &device).await;
    assert_eq!(
        registered.status,
        StatusCode::CREATED,
        "{:?}",
        registered.body
    );
    device
}

fn assert_reveals_nothing(what: &str, value: &Value, owner: &Customer) {
    let text = value.to_string();
    for secret in &owner.secrets {
        assert!(
            !text.contains(secret.as_str()),
            "{what} reveals the owner's {secret:?}: {text}"
        );
    }
}

#[tokio::test]
async fn an_accepted_transfer_moves_the_device_without_a_second_bonus_and_never_names_the_owner() {
    let app = spawn_app().await;
    let owner = customer(&app, "dona@example.pt").await;
    let buyer = customer(&app, "comprador@example.pt").await;
    let device = owned_device(&app, &owner).await;
    let before = app.devices_of(&owner.token).await[0].clone();
    let owner_balance = app.balance(&owner.token).await;
    assert!(owner_balance > 0, "the first registration earns its bonus");

    let refused = app.register_device(&buyer.token, &device).await;
    assert_eq!(refused.code(), "device_already_registered");
    let asked = app.ask_transfer(&buyer.token, &device).await;
    assert_eq!(asked.status, StatusCode::ACCEPTED, "{:?}", asked.body);
    assert_eq!(asked.body["status"], "pending");
    assert_eq!(asked.body["direction"], "outgoing");
    assert_reveals_nothing("the answer", &asked.body, &owner);
    let id = asked.body["id"].as_str().expect("id").to_string();
    let again = app.ask_transfer(&buyer.token, &device).await;
    assert_eq!(again.status, StatusCode::OK, "{:?}", again.body);
    assert_eq!(
        again.body["id"],
        id.as_str(),
        "one pending request per device"
    );

    let incoming = app.get("/v1/device-transfers", &owner.token).await;
    assert_eq!(incoming.body["incoming"][0]["id"], id.as_str());
    assert_eq!(incoming.body["outgoing"], json!([]));
    let told = app
        .feed_record(&owner.token, "notification")
        .await
        .expect("the owner is told");
    assert_eq!(told["kind"], "transfer_requested");
    assert_eq!(told["subject_id"], id.as_str());
    let in_feed = app
        .feed_record(&owner.token, "device_transfer")
        .await
        .expect("the transfer in the owner's feed");
    assert_eq!(in_feed["direction"], "incoming");

    let not_theirs = app.decide_transfer(&buyer.token, &id, "accept").await;
    assert_eq!(
        not_theirs.code(),
        "transfer_not_found",
        "the requester cannot decide"
    );
    let accepted = app.decide_transfer(&owner.token, &id, "accept").await;
    assert_eq!(accepted.status, StatusCode::OK, "{:?}", accepted.body);
    assert_eq!(accepted.body["status"], "accepted");
    let twice = app.decide_transfer(&owner.token, &id, "decline").await;
    assert_eq!(twice.code(), "transfer_closed");

    assert_eq!(app.devices_of(&owner.token).await, Vec::<Value>::new());
    let moved = app.devices_of(&buyer.token).await;
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0]["device_id"], device.as_str());
    assert_eq!(
        moved[0]["guarantee_until"], before["guarantee_until"],
        "the guarantee dates stay with the device"
    );
    assert_eq!(app.balance(&buyer.token).await, 0, "no second bonus");
    assert_eq!(
        app.balance(&owner.token).await,
        owner_balance,
        "the owner keeps the bonus"
    );
    let history = app.get("/v1/loyalty", &owner.token).await;
    let entries = history.body["entries"].to_string();
    assert!(
        entries.contains("registration_bonus"),
        "the owner's history keeps the old entry: {entries}"
    );

    let feed = app.whole_feed(&buyer.token).await;
    assert_reveals_nothing("the requester's feed", &feed, &owner);
    let changes = feed["changes"].as_array().expect("changes");
    assert!(changes
        .iter()
        .any(|c| c["entity"] == "device" && c["id"] == device.as_str()));
    let decided = changes
        .iter()
        .find(|c| c["entity"] == "notification" && c["data"]["kind"] == "transfer_decided")
        .expect("the requester is told");
    assert_eq!(decided["data"]["params"]["status"], "accepted");
    let list = app.get("/v1/device-transfers", &buyer.token).await;
    assert_reveals_nothing("the requester's list", &list.body, &owner);
    assert_eq!(list.body["outgoing"][0]["status"], "accepted");
    let owner_feed = app.whole_feed(&owner.token).await;
    assert!(
        owner_feed["changes"]
            .as_array()
            .expect("changes")
            .iter()
            .any(|c| c["entity"] == "device" && c["op"] == "delete"),
        "the device leaves the owner's phone"
    );
}

#[tokio::test]
async fn a_declined_transfer_tells_the_requester_only_declined() {
    let app = spawn_app().await;
    let owner = customer(&app, "dono@example.pt").await;
    let hopeful = customer(&app, "esperanca@example.pt").await;
    let stranger = customer(&app, "estranho@example.pt").await;
    let device = owned_device(&app, &owner).await;
    let asked = app.ask_transfer(&hopeful.token, &device).await;
    let id = asked.body["id"].as_str().expect("id").to_string();

    let second = app.ask_transfer(&stranger.token, &device).await;
    assert_eq!(second.code(), "transfer_already_pending");
    let meddling = app.decide_transfer(&stranger.token, &id, "accept").await;
    assert_eq!(meddling.code(), "transfer_not_found");
    let declined = app.decide_transfer(&owner.token, &id, "decline").await;
    assert_eq!(declined.body["status"], "declined", "{:?}", declined.body);

    assert_eq!(app.devices_of(&owner.token).await.len(), 1, "kept");
    assert_eq!(app.devices_of(&hopeful.token).await.len(), 0);
    let list = app.get("/v1/device-transfers", &hopeful.token).await;
    assert_eq!(list.body["outgoing"][0]["status"], "declined");
    assert_reveals_nothing("a declined transfer", &list.body, &owner);
    let feed = app.whole_feed(&hopeful.token).await;
    assert_reveals_nothing("the declined requester's feed", &feed, &owner);
    let told = app
        .feed_record(&hopeful.token, "notification")
        .await
        .expect("told");
    assert_eq!(told["params"]["status"], "declined");
    let after = app.ask_transfer(&stranger.token, &device).await;
    assert_eq!(
        after.status,
        StatusCode::ACCEPTED,
        "once decided, someone else may ask: {:?}",
        after.body
    );

    // Two asks, two notifications for the owner: read together, once.
    let read = app
        .post("/v1/notifications/read-all", Some(&owner.token), json!({}))
        .await;
    assert_eq!(read.status, StatusCode::OK, "{:?}", read.body);
    assert_eq!(read.body["marked"], 2);
    let again = app
        .post("/v1/notifications/read-all", Some(&owner.token), json!({}))
        .await;
    assert_eq!(again.body["marked"], 0);
}

#[tokio::test]
async fn unanswered_for_14_days_a_transfer_goes_to_support_who_decides_with_a_reason() {
    let app = clock_app().await;
    let owner = customer(&app, "silenciosa@example.pt").await;
    let buyer = customer(&app, "paciente@example.pt").await;
    let device = owned_device(&app, &owner).await;
    let asked = app.ask_transfer(&buyer.token, &device).await;
    let id = asked.body["id"].as_str().expect("id").to_string();
    let agent = app.staff_member(StaffRole::Support).await;
    let decide = |reason: &str, decision: &str| {
        let body = json!({ "decision": decision, "reason": reason });
        let path = format!("/v1/backoffice/device-transfers/{id}/decision");
        let token = agent.token.clone();
        let app = &app;
        async move { app.post(&path, Some(&token), body).await }
    };
    let early = decide("O dono não responde.", "accept").await;
    assert_eq!(
        early.code(),
        "invalid_transition",
        "the owner still has time"
    );

    app.advance(13 * DAY).await;
    let queue = app
        .get("/v1/backoffice/device-transfers", &agent.token)
        .await;
    assert_eq!(queue.body["transfers"], json!([]), "not yet: 13 days");
    app.advance(DAY + 60).await;
    let queue = app
        .get("/v1/backoffice/device-transfers", &agent.token)
        .await;
    assert_eq!(queue.status, StatusCode::OK, "{:?}", queue.body);
    let queued = &queue.body["transfers"][0];
    assert_eq!(queued["id"], id.as_str());
    assert_eq!(queued["status"], "escalated");
    assert_eq!(queued["owner_id"], owner.id.as_str());
    assert_eq!(queued["requester_id"], buyer.id.as_str());
    assert_eq!(queued["owner_still_owns"], true);
    let seen = app
        .feed_record(&buyer.token, "device_transfer")
        .await
        .expect("in the feed");
    assert_eq!(
        seen["status"], "escalated",
        "the requester sees support has it"
    );

    let customer_try = app
        .post(
            &format!("/v1/backoffice/device-transfers/{id}/decision"),
            Some(&buyer.token),
            json!({"decision": "accept", "reason": "Quero-o."}),
        )
        .await;
    assert_eq!(customer_try.status, StatusCode::FORBIDDEN);
    let operations = app.staff_member(StaffRole::Operations).await;
    let wrong_role = app
        .get("/v1/backoffice/device-transfers", &operations.token)
        .await;
    assert_eq!(wrong_role.status, StatusCode::FORBIDDEN);
    let blank = decide("   ", "accept").await;
    assert_eq!(
        blank.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a reason is required"
    );
    let done = decide("Fatura de compra em nome do requerente.", "accept").await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    assert_eq!(done.body["status"], "accepted");
    assert_eq!(app.devices_of(&buyer.token).await.len(), 1);
    assert_eq!(app.devices_of(&owner.token).await.len(), 0);

    let admin = app.staff_member(StaffRole::Admin).await;
    let audit = app
        .get(
            &format!(
                "/v1/backoffice/audit?account_id={}&action=device_transfer_decided",
                buyer.id
            ),
            &admin.token,
        )
        .await;
    let entry = &audit.body["entries"][0];
    assert_eq!(entry["actor_id"], agent.id.as_str(), "{:?}", audit.body);
    assert!(entry["detail"]
        .as_str()
        .is_some_and(|d| d.contains("Fatura de compra") && d.contains("escalated -> accepted")));
}

#[tokio::test]
async fn an_erased_owner_leaves_the_transfer_to_support_and_an_erased_requester_withdraws_it() {
    let app = clock_app().await;
    let owner = customer(&app, "vai-embora@example.pt").await;
    let buyer = customer(&app, "fica@example.pt").await;
    let device = owned_device(&app, &owner).await;
    let asked = app.ask_transfer(&buyer.token, &device).await;
    let id = asked.body["id"].as_str().expect("id").to_string();
    let erased = app
        .request(
            Method::DELETE,
            "/v1/account",
            Some(&owner.token),
            None,
            Some(json!({ "password": PASSWORD })),
        )
        .await;
    assert_eq!(erased.status, StatusCode::NO_CONTENT, "{:?}", erased.body);
    app.advance(15 * DAY).await;
    let agent = app.staff_member(StaffRole::Support).await;
    let queue = app
        .get("/v1/backoffice/device-transfers", &agent.token)
        .await;
    let queued = &queue.body["transfers"][0];
    assert_eq!(queued["id"], id.as_str());
    assert_eq!(
        queued["owner_id"],
        Value::Null,
        "ids only, and not the erased one"
    );
    let done = app
        .post(
            &format!("/v1/backoffice/device-transfers/{id}/decision"),
            Some(&agent.token),
            json!({"decision": "accept", "reason": "A conta da dona foi apagada."}),
        )
        .await;
    assert_eq!(done.body["status"], "accepted", "{:?}", done.body);
    assert_eq!(app.devices_of(&buyer.token).await.len(), 1);

    // The other way round: the one who asked leaves.
    let keeper = customer(&app, "guarda@example.pt").await;
    let leaver = customer(&app, "desiste@example.pt").await;
    let kept = owned_device(&app, &keeper).await;
    let asked = app.ask_transfer(&leaver.token, &kept).await;
    let withdrawn_id = asked.body["id"].as_str().expect("id").to_string();
    app.request(
        Method::DELETE,
        "/v1/account",
        Some(&leaver.token),
        None,
        Some(json!({ "password": PASSWORD })),
    )
    .await;
    let list = app.get("/v1/device-transfers", &keeper.token).await;
    assert_eq!(list.body["incoming"][0]["id"], withdrawn_id.as_str());
    assert_eq!(list.body["incoming"][0]["status"], "cancelled");
}

#[tokio::test]
async fn an_open_replacement_blocks_a_transfer_and_the_limits_hold() {
    let app = spawn_app().await;
    app.seed_rewards_and_points().await;
    let owner = customer(&app, "avaria@example.pt").await;
    let buyer = customer(&app, "interessado@example.pt").await;
    let device = owned_device(&app, &owner).await;
    let other = owned_device(&app, &owner).await;
    let asked = app.ask_transfer(&buyer.token, &other).await;
    let asked_id = asked.body["id"].as_str().expect("id").to_string();
    for faulty in [&device, &other] {
        let request = app
            .post(
                "/v1/guarantee-requests",
                Some(&owner.token),
                json!({"device_id": faulty, "fault_description": "Não aquece de todo.",
                       "fault_code": "wont_heat",
                       "delivery": {"kind": "collection_point", "collection_point_id": "cp-lisboa-chiado"}}),
            )
            .await;
        assert_eq!(request.status, StatusCode::CREATED, "{:?}", request.body);
    }
    let blocked = app.ask_transfer(&buyer.token, &device).await;
    assert_eq!(blocked.code(), "request_already_open");
    let blocked_accept = app.decide_transfer(&owner.token, &asked_id, "accept").await;
    assert_eq!(
        blocked_accept.code(),
        "request_already_open",
        "a replacement opened after the ask blocks the hand-over"
    );

    let unknown = app.ask_transfer(&buyer.token, "ZZZZZZZZZZZZ").await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unknown.code(), "invalid_device_id");
    let not_made = app.catalog(1).await[0].as_str().to_string();
    let unowned = app.ask_transfer(&buyer.token, &not_made).await;
    assert_eq!(unowned.code(), "device_not_registered");
    let own = app.ask_transfer(&owner.token, &device).await;
    assert_eq!(own.code(), "device_already_yours");

    // Five a day per account: each one bothers another customer.
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let device = owned_device(&app, &owner).await;
        statuses.push(app.ask_transfer(&buyer.token, &device).await.status);
    }
    assert!(
        statuses.contains(&StatusCode::TOO_MANY_REQUESTS),
        "the per-account limit answers 429: {statuses:?}"
    );
}

#[tokio::test]
async fn troubleshooting_sessions_count_once_and_the_stats_show_which_faults_drive_requests() {
    let app = spawn_app().await;
    app.seed_rewards_and_points().await;
    let owner = customer(&app, "resolvi@example.pt").await;
    let stranger = customer(&app, "outro@example.pt").await;
    let device = owned_device(&app, &owner).await;
    let model = app.devices_of(&owner.token).await[0]["model"]
        .as_str()
        .expect("model")
        .to_string();
    let session = |outcome: &str, id: uuid::Uuid| json!({"id": id, "device_id": device, "fault_code": "wont_heat", "outcome": outcome, "steps": 3});
    let solved = uuid::Uuid::new_v4();
    for _ in 0..2 {
        let recorded = app
            .post(
                "/v1/troubleshooting-sessions",
                Some(&owner.token),
                session("solved", solved),
            )
            .await;
        assert_eq!(recorded.status, StatusCode::CREATED, "{:?}", recorded.body);
        assert_eq!(recorded.body["id"], solved.to_string());
    }
    let replacement = app
        .post(
            "/v1/troubleshooting-sessions",
            Some(&owner.token),
            session("replacement", uuid::Uuid::new_v4()),
        )
        .await;
    assert_eq!(replacement.status, StatusCode::CREATED);
    let not_theirs = app
        .post(
            "/v1/troubleshooting-sessions",
            Some(&stranger.token),
            session("solved", uuid::Uuid::new_v4()),
        )
        .await;
    assert_eq!(not_theirs.code(), "device_not_found");
    let mut garbage = session("solved", uuid::Uuid::new_v4());
    garbage["fault_code"] = "on_fire".into();
    let garbage = app
        .post("/v1/troubleshooting-sessions", Some(&owner.token), garbage)
        .await;
    assert_eq!(garbage.status, StatusCode::UNPROCESSABLE_ENTITY);

    let request = app
        .post(
            "/v1/guarantee-requests",
            Some(&owner.token),
            json!({"device_id": device, "fault_description": "Não aquece depois de tudo.",
                   "fault_code": "wont_heat",
                   "delivery": {"kind": "collection_point", "collection_point_id": "cp-lisboa-chiado"}}),
        )
        .await;
    assert_eq!(request.status, StatusCode::CREATED, "{:?}", request.body);
    assert_eq!(request.body["fault_code"], "wont_heat");
    let second = owned_device(&app, &owner).await;
    let uncoded = app
        .post(
            "/v1/guarantee-requests",
            Some(&owner.token),
            json!({"device_id": second, "fault_description": "Um integrador sem código.",
                   "delivery": {"kind": "collection_point", "collection_point_id": "cp-lisboa-chiado"}}),
        )
        .await;
    assert_eq!(uncoded.body["fault_code"], "other", "{:?}", uncoded.body);
    let mut bad_code = json!({"device_id": second, "fault_description": "Código inventado.",
        "fault_code": "exploded",
        "delivery": {"kind": "collection_point", "collection_point_id": "cp-lisboa-chiado"}});
    let refused = app
        .post(
            "/v1/guarantee-requests",
            Some(&owner.token),
            bad_code.take(),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);

    let operations = app.staff_member(StaffRole::Operations).await;
    let queue = app
        .get("/v1/backoffice/guarantee-requests", &operations.token)
        .await;
    let mut codes: Vec<&str> = queue.body["requests"]
        .as_array()
        .expect("requests")
        .iter()
        .filter_map(|r| r["fault_code"].as_str())
        .collect();
    codes.sort_unstable();
    assert_eq!(codes, ["other", "wont_heat"], "the queue shows each code");

    let stats = app
        .get(
            &format!("/v1/backoffice/troubleshooting/stats?model={model}"),
            &operations.token,
        )
        .await;
    assert_eq!(stats.status, StatusCode::OK, "{:?}", stats.body);
    let rows = stats.body["rows"].as_array().expect("rows");
    let heat = rows
        .iter()
        .find(|r| r["fault_code"] == "wont_heat")
        .expect("a wont_heat row");
    assert_eq!(heat["model"], model.as_str());
    assert_eq!(
        heat["sessions"], 2,
        "the solved session sent twice counts once"
    );
    assert_eq!(heat["solved"], 1);
    assert_eq!(heat["led_to_request"], 1);
    assert_eq!(heat["requests"], 1);
    let other = rows
        .iter()
        .find(|r| r["fault_code"] == "other")
        .expect("an other row");
    assert_eq!(
        (other["sessions"].as_i64(), other["requests"].as_i64()),
        (Some(0), Some(1))
    );
    let none = app
        .get(
            "/v1/backoffice/troubleshooting/stats?model=NOPE",
            &operations.token,
        )
        .await;
    assert_eq!(none.body["rows"], json!([]));
    let support = app.staff_member(StaffRole::Support).await;
    let forbidden = app
        .get("/v1/backoffice/troubleshooting/stats", &support.token)
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
}
