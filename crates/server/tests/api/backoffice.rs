//! The back office (issue 12): roles on every endpoint, finding a customer, the forgot-email
//! path end to end, the guarantee workflow seen on the phone's feed, and the audit log.

use companion_domain::wire::StaffRole;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{spawn_app, Answer, TestApp, PASSWORD};

/// A staff member of `role`, logged in (second factor included): their token.
async fn staff_member(app: &TestApp, role: StaffRole) -> String {
    app.staff_member(role).await.token
}

async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> Answer {
    app.request(method, path, Some(token), None, body).await
}

#[tokio::test]
async fn every_back_office_endpoint_checks_the_role() {
    let app = spawn_app().await;
    let (customer, _) = app.customer("role@example.pt").await;
    let tokens = [
        ("customer", customer),
        ("sales", staff_member(&app, StaffRole::Sales).await),
        ("support", staff_member(&app, StaffRole::Support).await),
        (
            "operations",
            staff_member(&app, StaffRole::Operations).await,
        ),
        ("admin", staff_member(&app, StaffRole::Admin).await),
    ];
    let unknown = uuid::Uuid::new_v4();
    let endpoints = [
        (
            Method::GET,
            "/v1/backoffice/accounts?email=nobody@example.pt".to_string(),
            None,
            ["support", "admin"].as_slice(),
        ),
        (
            Method::GET,
            "/v1/backoffice/support-requests".to_string(),
            None,
            ["support", "admin"].as_slice(),
        ),
        (
            Method::POST,
            format!("/v1/backoffice/support-requests/{unknown}/reply"),
            Some(json!({"message": "Olá"})),
            ["support", "admin"].as_slice(),
        ),
        (
            Method::POST,
            format!("/v1/backoffice/guarantee-requests/{unknown}/status"),
            Some(json!({"status": "approved"})),
            ["operations", "admin"].as_slice(),
        ),
        (
            Method::GET,
            "/v1/backoffice/audit".to_string(),
            None,
            ["admin"].as_slice(),
        ),
        (
            Method::GET,
            "/v1/backoffice/staff".to_string(),
            None,
            ["admin"].as_slice(),
        ),
        (
            Method::POST,
            format!("/v1/backoffice/staff/{unknown}/disable"),
            None,
            ["admin"].as_slice(),
        ),
        (
            Method::POST,
            format!("/v1/backoffice/staff/{unknown}/enable"),
            None,
            ["admin"].as_slice(),
        ),
        (
            Method::POST,
            format!("/v1/backoffice/staff/{unknown}/role"),
            Some(json!({"role": "support"})),
            ["admin"].as_slice(),
        ),
        (
            Method::POST,
            format!("/v1/backoffice/staff/{unknown}/reset-mfa"),
            None,
            ["admin"].as_slice(),
        ),
        (
            Method::POST,
            "/v1/backoffice/staff".to_string(),
            Some(json!({"email": "matrix@companion.pt", "name": "M", "role": "sales"})),
            ["admin"].as_slice(),
        ),
        (
            Method::POST,
            format!("/v1/backoffice/staff/{unknown}/reset"),
            None,
            ["admin"].as_slice(),
        ),
        (
            Method::DELETE,
            format!("/v1/backoffice/accounts/{unknown}"),
            Some(json!({"confirm": "ERASE", "reference": "SR-1"})),
            ["support", "admin"].as_slice(),
        ),
    ];
    // Dangerous actions: the role passes, and then a fresh authenticator code is asked.
    let step_up = [
        "/disable",
        "/enable",
        "/role",
        "/reset-mfa",
        "/v1/backoffice/staff",
    ];
    for (method, path, body, allowed) in &endpoints {
        let needs_code = (*method == Method::POST && step_up.iter().any(|end| path.ends_with(end)))
            || *method == Method::DELETE;
        for (who, token) in &tokens {
            let answer = call(&app, method.clone(), path, token, body.clone()).await;
            if allowed.contains(who) && needs_code {
                assert_eq!(
                    (answer.status, answer.code()),
                    (StatusCode::FORBIDDEN, "mfa_required"),
                    "{who} on {method} {path}"
                );
            } else if allowed.contains(who) {
                assert_ne!(
                    answer.status,
                    StatusCode::FORBIDDEN,
                    "{who} on {method} {path}"
                );
                assert!(
                    answer.status.is_success() || answer.status == StatusCode::NOT_FOUND,
                    "{who} on {method} {path}: {:?} {:?}",
                    answer.status,
                    answer.body
                );
            } else {
                assert_eq!(
                    (answer.status, answer.code()),
                    (StatusCode::FORBIDDEN, "forbidden"),
                    "{who} on {method} {path}"
                );
            }
        }
    }
    // Back-office staff cannot use the shop's endpoints either.
    let support = &tokens[2].1;
    let purchase = app
        .post(
            "/v1/staff/purchases",
            Some(support),
            json!({"member_code": "X", "amount_cents": 1000, "receipt_reference": "R"}),
        )
        .await;
    assert_eq!(purchase.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_customer_who_forgot_their_email_is_found_by_device_and_gets_a_masked_hint() {
    let app = spawn_app().await;
    let (token, session) = app.customer("joana.ferreira@example.pt").await;
    let [device] = app.catalog(1).await[..] else {
        panic!("one device")
    };
    assert_eq!(
        app.register_device(&token, device.as_str()).await.status,
        StatusCode::CREATED
    );
    // Signed out, from another address, reading the ID off the box in lower case.
    let typed = device.display_grouped().to_lowercase();
    let asked = app
        .post(
            "/v1/support-requests",
            None,
            json!({"topic": "forgot_email", "message": "Não me lembro do email da conta.",
                   "device_id": typed, "contact_email": "joana.nova@example.pt"}),
        )
        .await;
    assert_eq!(asked.status, StatusCode::CREATED, "{:?}", asked.body);

    let support = staff_member(&app, StaffRole::Support).await;
    let inbox = call(
        &app,
        Method::GET,
        "/v1/backoffice/support-requests",
        &support,
        None,
    )
    .await;
    let requests = inbox.body["requests"].as_array().expect("inbox").clone();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0]["account_id"],
        session.account.id.to_string(),
        "matched by device"
    );
    let id = requests[0]["id"].as_str().expect("id").to_string();

    let found = call(
        &app,
        Method::GET,
        &format!(
            "/v1/backoffice/accounts?device_id={}",
            device.display_grouped()
        ),
        &support,
        None,
    )
    .await;
    assert_eq!(found.body["customer"]["id"], session.account.id.to_string());
    assert_eq!(
        found.body["customer"]["devices"][0]["device_id"],
        device.as_str()
    );
    assert!(found.body["customer"].get("password_hash").is_none());

    let reply_path = format!("/v1/backoffice/support-requests/{id}/reply");
    let leaking = call(
        &app,
        Method::POST,
        &reply_path,
        &support,
        Some(json!({"message": "A sua conta é joana.ferreira@example.pt", "action": "none"})),
    )
    .await;
    assert_eq!(
        leaking.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        leaking.body
    );

    let replied = call(
        &app,
        Method::POST,
        &reply_path,
        &support,
        Some(json!({"message": "Encontrámos a sua conta.", "action": "sign_in_hint"})),
    )
    .await;
    assert_eq!(replied.status, StatusCode::NO_CONTENT, "{:?}", replied.body);
    let mail = app
        .emails()
        .await
        .into_iter()
        .find(|m| m.contains("joana.nova@example.pt"))
        .expect("the reply went to the address the customer gave");
    assert!(mail.contains("j***@example.pt"), "{mail}");
    assert!(
        !mail.contains("joana.ferreira@"),
        "the address is never in clear: {mail}"
    );

    let again = call(
        &app,
        Method::POST,
        &reply_path,
        &support,
        Some(json!({"message": "De novo."})),
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "answered once");
    let open = call(
        &app,
        Method::GET,
        "/v1/backoffice/support-requests",
        &support,
        None,
    )
    .await;
    assert_eq!(open.body["requests"].as_array().map(Vec::len), Some(0));

    let admin = staff_member(&app, StaffRole::Admin).await;
    let log = call(&app, Method::GET, "/v1/backoffice/audit", &admin, None).await;
    let actions: Vec<&str> = log.body["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert!(
        actions.contains(&"customer_lookup") && actions.contains(&"support_reply"),
        "{actions:?}"
    );
    assert!(
        !log.body.to_string().contains("joana"),
        "the audit log holds no personal data"
    );
}

#[tokio::test]
async fn an_agent_can_send_a_password_reset_to_the_accounts_own_address() {
    let app = spawn_app().await;
    let (token, _) = app.customer("rui.reset@example.pt").await;
    let [device] = app.catalog(1).await[..] else {
        panic!("one device")
    };
    app.register_device(&token, device.as_str()).await;
    app.post(
        "/v1/support-requests",
        None,
        json!({"topic": "forgot_email", "message": "Esqueci-me.", "device_id": device.as_str(),
               "contact_email": "outro@example.pt"}),
    )
    .await;
    let support = staff_member(&app, StaffRole::Support).await;
    let inbox = call(
        &app,
        Method::GET,
        "/v1/backoffice/support-requests",
        &support,
        None,
    )
    .await;
    let id = inbox.body["requests"][0]["id"]
        .as_str()
        .expect("id")
        .to_string();
    let replied = call(
        &app,
        Method::POST,
        &format!("/v1/backoffice/support-requests/{id}/reply"),
        &support,
        Some(json!({"message": "Enviámos um código.", "action": "password_reset"})),
    )
    .await;
    assert_eq!(replied.status, StatusCode::NO_CONTENT, "{:?}", replied.body);
    let code = app.code_from_email("rui.reset@example.pt", 0).await;
    let reset = app
        .post(
            "/v1/password-resets/confirm",
            None,
            json!({"token": code, "new_password": "nova-palavra-passe-segura"}),
        )
        .await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn operations_move_a_replacement_along_and_the_phone_sees_each_step() {
    let app = spawn_app().await;
    app.seed_rewards_and_points().await;
    let (token, _) = app.customer("walk@example.pt").await;
    let [device] = app.catalog(1).await[..] else {
        panic!("one device")
    };
    app.register_device(&token, device.as_str()).await;
    let created = app
        .post(
            "/v1/guarantee-requests",
            Some(&token),
            json!({"device_id": device.as_str(), "fault_description": "Não aquece depois de carregar.",
                   "delivery": {"kind": "address", "address": {"recipient": "Ana Silva", "line1": "Rua Augusta 1",
                   "postal_code": "1100-048", "city": "Lisboa"}}}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let id = created.body["id"].as_str().expect("id").to_string();
    let ops = staff_member(&app, StaffRole::Operations).await;
    let path = format!("/v1/backoffice/guarantee-requests/{id}/status");
    let step = |body: Value| call(&app, Method::POST, &path, &ops, Some(body));

    assert_eq!(
        step(json!({"status": "completed"})).await.status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        step(json!({"status": "approved"})).await.status,
        StatusCode::OK
    );
    assert_eq!(
        step(json!({"status": "ready_for_collection"})).await.status,
        StatusCode::CONFLICT,
        "an address is shipped to, not collected"
    );
    assert_eq!(
        step(json!({"status": "shipped"})).await.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "shipping needs a tracking number"
    );
    let shipped = step(json!({"status": "shipped", "tracking_number": "CTT-RR123456789PT"})).await;
    assert_eq!(shipped.status, StatusCode::OK, "{:?}", shipped.body);

    // The phone's feed carries the step and the tracking number.
    let feed = app.get("/v1/changes", &token).await;
    let change = feed.body["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .find(|c| c["entity"] == "guarantee_request")
        .cloned()
        .expect("the request is in the feed");
    assert_eq!(change["data"]["status"], "shipped");
    assert_eq!(change["data"]["tracking_number"], "CTT-RR123456789PT");
    let mut mail = None;
    for _ in 0..100 {
        mail = app
            .emails()
            .await
            .into_iter()
            .find(|m| m.contains("CTT-RR123456789PT"));
        if mail.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(
        mail.is_some_and(|m| m.contains("walk@example.pt")),
        "the customer is emailed"
    );

    assert_eq!(
        step(json!({"status": "completed"})).await.status,
        StatusCode::OK
    );
    assert_eq!(
        step(json!({"status": "rejected", "reason": "Tarde demais."}))
            .await
            .status,
        StatusCode::CONFLICT,
        "nothing leaves a closed request"
    );
}

#[tokio::test]
async fn an_admin_creates_disables_and_resets_staff_accounts() {
    let app = spawn_app().await;
    let admin_login = app.staff_member(StaffRole::Admin).await;
    let admin = admin_login.token.clone();
    let support = staff_member(&app, StaffRole::Support).await;
    let created = call(
        &app,
        Method::POST,
        "/v1/backoffice/staff",
        &admin,
        Some(
            json!({"email": "nova.agente@companion.pt", "name": "Nova Agente", "role": "support",
                   "mfa_code": app.next_code(admin_login.secret())}),
        ),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    // Support may not manage staff.
    let refused = call(
        &app,
        Method::POST,
        "/v1/backoffice/staff",
        &support,
        Some(json!({"email": "x@companion.pt", "name": "X", "role": "admin"})),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // The new agent sets a password from the invitation; no admin ever knew it.
    let code = app.code_from_email("nova.agente@companion.pt", 0).await;
    let invitation = app
        .emails()
        .await
        .into_iter()
        .find(|mail| mail.contains("nova.agente@companion.pt"))
        .expect("the invitation was emailed");
    assert!(
        invitation.contains("agente de apoio ao cliente")
            && invitation.contains("app de autentica"),
        "the invitation names the role, in Portuguese (staff's default): {invitation}"
    );
    let set = app
        .post(
            "/v1/password-resets/confirm",
            None,
            json!({"token": code, "new_password": PASSWORD}),
        )
        .await;
    assert_eq!(set.status, StatusCode::NO_CONTENT);
    let agent = app
        .staff_log_in("nova.agente@companion.pt", PASSWORD, None)
        .await;
    let token = agent.token.clone();
    let inbox = call(
        &app,
        Method::GET,
        "/v1/backoffice/support-requests",
        &token,
        None,
    )
    .await;
    assert_eq!(inbox.status, StatusCode::OK, "a support agent at once");

    let listed = call(&app, Method::GET, "/v1/backoffice/staff", &admin, None).await;
    let member = listed.body["staff"]
        .as_array()
        .expect("staff")
        .iter()
        .find(|m| m["email"] == "nova.agente@companion.pt")
        .cloned()
        .expect("listed");
    let id = member["id"].as_str().expect("id");
    assert_eq!(member["role"], "support");

    // A reset ends their sessions and emails a code to their own address.
    let reset = call(
        &app,
        Method::POST,
        &format!("/v1/backoffice/staff/{id}/reset"),
        &admin,
        None,
    )
    .await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT);
    let ended = call(
        &app,
        Method::GET,
        "/v1/backoffice/support-requests",
        &token,
        None,
    )
    .await;
    assert_eq!(ended.status, StatusCode::UNAUTHORIZED);
    let code = app.code_from_email("nova.agente@companion.pt", 1).await;
    let set = app
        .post(
            "/v1/password-resets/confirm",
            None,
            json!({"token": code, "new_password": "outra-palavra-passe-longa"}),
        )
        .await;
    assert_eq!(set.status, StatusCode::NO_CONTENT);
    // The password reset left the factor: no enrolment, the same authenticator.
    let challenge = app
        .log_in("nova.agente@companion.pt", "outra-palavra-passe-longa")
        .await;
    assert_eq!(challenge.body["mfa_required"], true);
    assert!(
        challenge.body["enrolment"].is_null(),
        "{:?}",
        challenge.body
    );
    let token = app
        .staff_log_in(
            "nova.agente@companion.pt",
            "outra-palavra-passe-longa",
            Some(agent.secret()),
        )
        .await
        .token;

    let disabled = call(
        &app,
        Method::POST,
        &format!("/v1/backoffice/staff/{id}/disable"),
        &admin,
        Some(json!({"mfa_code": app.next_code(admin_login.secret())})),
    )
    .await;
    assert_eq!(disabled.status, StatusCode::NO_CONTENT);
    let after = call(
        &app,
        Method::GET,
        "/v1/backoffice/support-requests",
        &token,
        None,
    )
    .await;
    assert_eq!(
        after.status,
        StatusCode::UNAUTHORIZED,
        "their sessions ended"
    );
    assert_eq!(
        app.log_in("nova.agente@companion.pt", PASSWORD)
            .await
            .status,
        StatusCode::UNAUTHORIZED,
        "and they cannot log in"
    );
}

#[tokio::test]
async fn support_erases_a_customer_on_request_through_the_same_erasure() {
    let app = spawn_app().await;
    let (token, session) = app.customer("apagar@example.pt").await;
    let agent = app.staff_member(StaffRole::Support).await;
    let support = agent.token.clone();
    let path = format!("/v1/backoffice/accounts/{}", session.account.id);
    let unconfirmed = call(
        &app,
        Method::DELETE,
        &path,
        &support,
        Some(json!({"confirm": "yes", "reference": "SR-12345678"})),
    )
    .await;
    assert_eq!(unconfirmed.status, StatusCode::UNPROCESSABLE_ENTITY);
    let erased = call(
        &app,
        Method::DELETE,
        &path,
        &support,
        Some(json!({"confirm": "ERASE", "reference": "SR-12345678"})),
    )
    .await;
    assert_eq!(
        (erased.status, erased.code()),
        (StatusCode::FORBIDDEN, "mfa_required"),
        "no erasure without a fresh code"
    );
    let wrong = call(
        &app,
        Method::DELETE,
        &path,
        &support,
        Some(json!({"confirm": "ERASE", "reference": "SR-12345678", "mfa_code": "000000"})),
    )
    .await;
    assert_eq!(
        (wrong.status, wrong.code()),
        (StatusCode::FORBIDDEN, "invalid_mfa_code")
    );
    assert_eq!(app.get("/v1/account", &token).await.status, StatusCode::OK);
    let erased = call(
        &app,
        Method::DELETE,
        &path,
        &support,
        Some(json!({"confirm": "ERASE", "reference": "SR-12345678",
                    "mfa_code": app.next_code(agent.secret())})),
    )
    .await;
    assert_eq!(erased.status, StatusCode::NO_CONTENT, "{:?}", erased.body);
    assert_eq!(
        app.get("/v1/account", &token).await.status,
        StatusCode::UNAUTHORIZED
    );
    let email: Option<String> = sqlx::query_scalar("SELECT email FROM accounts WHERE id = $1")
        .bind(session.account.id.to_string())
        .fetch_one(app.state.db.pool())
        .await
        .expect("row kept for integrity");
    assert_eq!(email, None, "erased like the customer's own removal");
    // Staff accounts are not erased this way.
    let admin = staff_member(&app, StaffRole::Admin).await;
    let listed = call(&app, Method::GET, "/v1/backoffice/staff", &admin, None).await;
    let staff_id = listed.body["staff"][0]["id"]
        .as_str()
        .expect("id")
        .to_string();
    let refused = call(
        &app,
        Method::DELETE,
        &format!("/v1/backoffice/accounts/{staff_id}"),
        &support,
        Some(json!({"confirm": "ERASE", "reference": "SR-1",
                    "mfa_code": app.next_code(agent.secret())})),
    )
    .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn operations_edit_the_catalogues_and_the_app_sees_the_change() {
    let app = spawn_app().await;
    let ops = staff_member(&app, StaffRole::Operations).await;
    let support = staff_member(&app, StaffRole::Support).await;
    let (customer, _) = app.customer("catalogue@example.pt").await;
    let reward = json!({"id": "copo-termico", "category": "gadget", "cost_points": 300,
        "name_pt": "Copo térmico", "name_en": "Travel mug", "description_pt": "Para o café.",
        "description_en": "For your coffee.", "active": true});
    let path = "/v1/backoffice/rewards/copo-termico";
    assert_eq!(
        call(&app, Method::PUT, path, &support, Some(reward.clone()))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let saved = call(&app, Method::PUT, path, &ops, Some(reward.clone())).await;
    assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
    let mut renamed = reward.clone();
    renamed["name_pt"] = json!("Copo térmico 500 ml");
    call(&app, Method::PUT, path, &ops, Some(renamed)).await;
    let listed = app.get("/v1/rewards", &customer).await;
    assert_eq!(listed.body["rewards"][0]["name"], "Copo térmico 500 ml");

    let mut bad = reward.clone();
    bad["cost_points"] = json!(0);
    bad["name_en"] = json!("");
    let refused = call(&app, Method::PUT, path, &ops, Some(bad)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = refused.body["error"]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(
        message.contains("cost_points") && message.contains("name_en"),
        "{message}"
    );
    let other_id = call(
        &app,
        Method::PUT,
        "/v1/backoffice/rewards/outro",
        &ops,
        Some(reward),
    )
    .await;
    assert_eq!(other_id.status, StatusCode::UNPROCESSABLE_ENTITY);

    let point = json!({"id": "cp-faro", "name": "Loja Faro", "address": "Rua de Santo António 10",
        "postal_code": "8000-283", "city": "Faro", "latitude": 37.0176, "longitude": -7.9351,
        "opening_hours": "Seg–Sex 10:00–19:00", "active": true});
    let saved = call(
        &app,
        Method::PUT,
        "/v1/backoffice/collection-points/cp-faro",
        &ops,
        Some(point),
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
    let offered = app.get("/v1/collection-points", &customer).await;
    assert_eq!(
        offered.body["collection_points"][0]["address"],
        "Rua de Santo António 10, 8000-283 Faro"
    );
    let kept = call(
        &app,
        Method::GET,
        "/v1/backoffice/collection-points",
        &ops,
        None,
    )
    .await;
    assert_eq!(
        kept.body["collection_points"][0]["address"],
        "Rua de Santo António 10"
    );
}
