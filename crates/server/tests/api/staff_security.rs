//! Staff accounts at ASVS level 2 (issue 18): a second factor for the roles that see
//! customers' data (codes computed from the secret the API returned, with totp-rs, as an
//! authenticator app would), step-up for dangerous actions, short staff sessions, and an
//! audit log that answers "who saw this customer?" and that the database keeps
//! append-only.

use std::time::Duration;

use companion_domain::wire::StaffRole;
use futures::StreamExt;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{spawn_app, Answer, StaffLogin, TestApp, PASSWORD};

async fn verify(app: &TestApp, mfa_token: &Value, code: &str) -> Answer {
    app.post(
        "/v1/sessions/mfa",
        None,
        json!({"mfa_token": mfa_token, "code": code}),
    )
    .await
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
async fn support_enrols_at_the_first_log_in_and_then_logs_in_with_a_code() {
    let app = spawn_app().await;
    let email = app.new_staff(StaffRole::Support).await;

    let first = app.log_in(&email, PASSWORD).await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    assert_eq!(first.body["mfa_required"], true);
    assert!(
        first.body["access_token"].is_null(),
        "no token before the code: {:?}",
        first.body
    );
    let lives = first.body["expires_in"].as_i64().expect("expires_in");
    assert!(lives > 0 && lives <= 300, "{lives}");
    let secret = first.body["enrolment"]["secret"]
        .as_str()
        .expect("secret")
        .to_string();
    let uri = first.body["enrolment"]["otpauth_uri"]
        .as_str()
        .expect("uri");
    assert!(uri.starts_with("otpauth://totp/"), "{uri}");
    assert!(
        uri.contains(&format!("secret={secret}")) && uri.contains("issuer=Companion"),
        "{uri}"
    );
    assert!(first.body["enrolment"]["qr_code"]
        .as_str()
        .is_some_and(|qr| qr.starts_with("data:image/svg+xml;base64,")));

    let code = app.next_code(&secret);
    let signed_in = verify(&app, &first.body["mfa_token"], &code).await;
    assert_eq!(signed_in.status, StatusCode::OK, "{:?}", signed_in.body);
    let token = signed_in.body["access_token"].as_str().expect("token");
    assert!(signed_in.body["expires_in"].as_i64().expect("ttl") <= 15 * 60);
    let inbox = call(
        &app,
        Method::GET,
        "/v1/backoffice/support-requests",
        token,
        None,
    )
    .await;
    assert_eq!(inbox.status, StatusCode::OK);

    // The mfa_token is single use.
    let again = verify(&app, &first.body["mfa_token"], &app.next_code(&secret)).await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
    assert_eq!(again.code(), "invalid_token");

    // Once enrolled, the secret is never shown again; the code already used is refused.
    let second = app.log_in(&email, PASSWORD).await;
    assert_eq!(second.body["mfa_required"], true);
    assert!(second.body["enrolment"].is_null(), "{:?}", second.body);
    assert!(!second.body.to_string().contains(&secret));
    let latest = app.next_code(&secret);
    let first_use = verify(&app, &second.body["mfa_token"], &latest).await;
    assert_eq!(first_use.status, StatusCode::OK, "{:?}", first_use.body);
    let third = app.log_in(&email, PASSWORD).await;
    let reused = verify(&app, &third.body["mfa_token"], &latest).await;
    assert_eq!(
        (reused.status, reused.code()),
        (StatusCode::UNAUTHORIZED, "code_reused")
    );
    // A phone whose clock is one step behind still gets in (one step of drift either side)…
    app.clock.advance(Duration::from_secs(60));
    let behind = companion_server::testing::authenticator_code(
        &secret,
        app.clock_now() - time::Duration::seconds(30),
    );
    assert_eq!(
        verify(&app, &third.body["mfa_token"], &behind).await.status,
        StatusCode::OK
    );
    // …but not one two steps behind.
    app.clock.advance(Duration::from_secs(90));
    let fourth = app.log_in(&email, PASSWORD).await;
    let stale = companion_server::testing::authenticator_code(
        &secret,
        app.clock_now() - time::Duration::seconds(60),
    );
    assert_eq!(
        verify(&app, &fourth.body["mfa_token"], &stale).await.code(),
        "invalid_mfa_code"
    );
}

#[tokio::test]
async fn a_sales_assistant_keeps_a_password_only_log_in() {
    let app = spawn_app().await;
    let email = app.new_staff(StaffRole::Sales).await;
    let answer = app.log_in(&email, PASSWORD).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.body["access_token"].is_string(), "{:?}", answer.body);
    assert!(answer.body["mfa_required"].is_null());
}

#[tokio::test]
async fn six_wrong_codes_kill_the_mfa_token_and_wrong_codes_are_throttled_per_staff_member() {
    let app = spawn_app().await;
    let email = app.new_staff(StaffRole::Operations).await;
    let first = app.log_in(&email, PASSWORD).await;
    let secret = first.body["enrolment"]["secret"]
        .as_str()
        .expect("secret")
        .to_string();
    for attempt in 1..=5 {
        let wrong = verify(&app, &first.body["mfa_token"], "123456").await;
        assert_eq!(
            (wrong.status, wrong.code()),
            (StatusCode::UNAUTHORIZED, "invalid_mfa_code"),
            "wrong code {attempt}"
        );
    }
    let dead = verify(&app, &first.body["mfa_token"], &app.next_code(&secret)).await;
    assert_eq!(
        (dead.status, dead.code()),
        (StatusCode::UNAUTHORIZED, "invalid_token"),
        "the sixth attempt finds the token dead, even with the right code"
    );

    // A new challenge works with a right code…
    let second = app.log_in(&email, PASSWORD).await;
    for _ in 0..5 {
        verify(&app, &second.body["mfa_token"], "654321").await;
    }
    // …but ten wrong codes in the staff member's bucket close the door for a while,
    // however many challenges the password opens.
    let third = app.log_in(&email, PASSWORD).await;
    let throttled = verify(&app, &third.body["mfa_token"], &app.next_code(&secret)).await;
    assert_eq!(
        throttled.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{:?}",
        throttled.body
    );
    assert!(throttled.headers.contains_key("retry-after"));
    app.clock.advance(Duration::from_secs(16 * 60));
    let fourth = app.log_in(&email, PASSWORD).await;
    let ok = verify(&app, &fourth.body["mfa_token"], &app.next_code(&secret)).await;
    assert_eq!(ok.status, StatusCode::OK, "{:?}", ok.body);
}

#[tokio::test]
async fn an_mfa_token_lives_five_minutes() {
    let app = spawn_app().await;
    let email = app.new_staff(StaffRole::Admin).await;
    let first = app.log_in(&email, PASSWORD).await;
    let secret = first.body["enrolment"]["secret"]
        .as_str()
        .expect("secret")
        .to_string();
    app.clock.advance(Duration::from_secs(5 * 60));
    let late = verify(&app, &first.body["mfa_token"], &app.next_code(&secret)).await;
    assert_eq!(
        (late.status, late.code()),
        (StatusCode::UNAUTHORIZED, "invalid_token")
    );
}

#[tokio::test]
async fn a_password_reset_keeps_the_factor_and_an_admin_factor_reset_enrols_again() {
    let app = spawn_app().await;
    let admin = app.staff_member(StaffRole::Admin).await;
    let agent = app.staff_member(StaffRole::Support).await;

    // The public "forgot password" never removes the factor.
    let asked = app
        .post("/v1/password-resets", None, json!({"email": agent.email}))
        .await;
    assert_eq!(asked.status, StatusCode::ACCEPTED);
    let code = app.code_from_email(&agent.email, 0).await;
    let set = app
        .post(
            "/v1/password-resets/confirm",
            None,
            json!({"token": code, "new_password": "outra-palavra-passe-longa"}),
        )
        .await;
    assert_eq!(set.status, StatusCode::NO_CONTENT);
    let challenge = app.log_in(&agent.email, "outra-palavra-passe-longa").await;
    assert_eq!(challenge.body["mfa_required"], true);
    assert!(
        challenge.body["enrolment"].is_null(),
        "{:?}",
        challenge.body
    );

    // The admin resets the factor (a lost phone), with a fresh code of their own.
    let path = format!("/v1/backoffice/staff/{}/reset-mfa", agent.id);
    let without = call(&app, Method::POST, &path, &admin.token, None).await;
    assert_eq!(
        (without.status, without.code()),
        (StatusCode::FORBIDDEN, "mfa_required")
    );
    let code = app.next_code(admin.secret());
    let reset = call(
        &app,
        Method::POST,
        &path,
        &admin.token,
        Some(json!({"mfa_code": code})),
    )
    .await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT, "{:?}", reset.body);
    // The same code cannot step up twice.
    let replay = call(
        &app,
        Method::POST,
        &path,
        &admin.token,
        Some(json!({"mfa_code": code})),
    )
    .await;
    assert_eq!(
        (replay.status, replay.code()),
        (StatusCode::FORBIDDEN, "code_reused")
    );

    let again = app.log_in(&agent.email, "outra-palavra-passe-longa").await;
    let new_secret = again.body["enrolment"]["secret"]
        .as_str()
        .expect("enrols again");
    assert_ne!(new_secret, agent.secret());
    let old = verify(
        &app,
        &again.body["mfa_token"],
        &app.next_code(agent.secret()),
    )
    .await;
    assert_eq!(
        old.code(),
        "invalid_mfa_code",
        "the lost phone's codes no longer work"
    );
    let new = verify(&app, &again.body["mfa_token"], &app.next_code(new_secret)).await;
    assert_eq!(new.status, StatusCode::OK, "{:?}", new.body);

    let log = call(
        &app,
        Method::GET,
        &format!("/v1/backoffice/audit?account_id={}", agent.id),
        &admin.token,
        None,
    )
    .await;
    let actions: Vec<&str> = log.body["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(actions, ["staff_mfa_reset"], "{:?}", log.body);
    let failures = call(
        &app,
        Method::GET,
        &format!(
            "/v1/backoffice/audit?actor_id={}&action=mfa_failed",
            agent.id
        ),
        &admin.token,
        None,
    )
    .await;
    assert_eq!(
        failures.body["entries"].as_array().map(Vec::len),
        Some(1),
        "{:?}",
        failures.body
    );
}

#[tokio::test]
async fn staff_cannot_erase_their_own_account() {
    let app = spawn_app().await;
    for role in [StaffRole::Sales, StaffRole::Support, StaffRole::Admin] {
        let staff = app.staff_member(role).await;
        let refused = app
            .request(
                Method::DELETE,
                "/v1/account",
                Some(&staff.token),
                None,
                Some(json!({"password": PASSWORD})),
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{role:?}");
        assert_eq!(
            app.get("/v1/account", &staff.token).await.status,
            StatusCode::OK
        );
    }
}

#[tokio::test]
async fn the_last_enabled_admin_can_be_neither_disabled_nor_demoted() {
    let app = spawn_app().await;
    let admin = app.staff_member(StaffRole::Admin).await;
    let step_up = |login: &StaffLogin| json!({"mfa_code": app.next_code(login.secret())});
    let disable = format!("/v1/backoffice/staff/{}/disable", admin.id);
    let role = format!("/v1/backoffice/staff/{}/role", admin.id);
    let refused = call(
        &app,
        Method::POST,
        &disable,
        &admin.token,
        Some(step_up(&admin)),
    )
    .await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::CONFLICT, "last_admin")
    );
    let mut demote = step_up(&admin);
    demote["role"] = json!("support");
    let refused = call(&app, Method::POST, &role, &admin.token, Some(demote)).await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::CONFLICT, "last_admin")
    );

    // With a second admin, the first can be demoted; its sessions end.
    let other = app.staff_member(StaffRole::Admin).await;
    let mut demote = step_up(&other);
    demote["role"] = json!("support");
    let done = call(&app, Method::POST, &role, &other.token, Some(demote)).await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{:?}", done.body);
    assert_eq!(
        app.get("/v1/account", &admin.token).await.status,
        StatusCode::UNAUTHORIZED
    );
    // Now `other` is the last admin.
    let path = format!("/v1/backoffice/staff/{}/disable", other.id);
    let refused = call(
        &app,
        Method::POST,
        &path,
        &other.token,
        Some(step_up(&other)),
    )
    .await;
    assert_eq!(refused.code(), "last_admin");
    // Disabling and re-enabling someone else works, each with a code.
    let path = format!("/v1/backoffice/staff/{}/disable", admin.id);
    let done = call(
        &app,
        Method::POST,
        &path,
        &other.token,
        Some(step_up(&other)),
    )
    .await;
    assert_eq!(done.status, StatusCode::NO_CONTENT);
    let path = format!("/v1/backoffice/staff/{}/enable", admin.id);
    let without = call(&app, Method::POST, &path, &other.token, None).await;
    assert_eq!(without.code(), "mfa_required");
    let done = call(
        &app,
        Method::POST,
        &path,
        &other.token,
        Some(step_up(&other)),
    )
    .await;
    assert_eq!(done.status, StatusCode::NO_CONTENT);
    app.staff_log_in(&admin.email, PASSWORD, admin.secret.as_deref())
        .await;
}

#[tokio::test]
async fn staff_sessions_end_after_30_idle_minutes_and_12_hours_at_most() {
    let app = spawn_app().await;
    let staff = app.staff_member(StaffRole::Support).await;
    let sessions = app.get("/v1/account/sessions", &staff.token).await;
    let session = &sessions.body["sessions"][0];
    let parse = |v: &Value| {
        time::OffsetDateTime::parse(
            v.as_str().expect("time"),
            &time::format_description::well_known::Rfc3339,
        )
        .expect("rfc3339")
    };
    let lifetime = parse(&session["expires_at"]) - parse(&session["created_at"]);
    assert!(lifetime <= time::Duration::hours(12), "{lifetime}");

    // Used (refreshed) every 20 minutes, it lives until 12 hours after the log-in.
    let mut refresh = staff.refresh_token.clone();
    let mut renewed = 0;
    loop {
        app.clock.advance(Duration::from_secs(20 * 60));
        let answer = app
            .post(
                "/v1/sessions/refresh",
                None,
                json!({"refresh_token": refresh}),
            )
            .await;
        if answer.status != StatusCode::OK {
            assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
            break;
        }
        assert!(answer.body["expires_in"].as_i64().expect("ttl") <= 15 * 60);
        refresh = answer.body["refresh_token"]
            .as_str()
            .expect("refresh")
            .to_string();
        renewed += 1;
        assert!(renewed < 100, "the session never ends");
    }
    assert_eq!(
        renewed, 35,
        "12 hours of 20-minute renewals, then signed out"
    );

    // Left alone for 31 minutes, a session ends.
    let idle = app
        .staff_log_in(&staff.email, PASSWORD, staff.secret.as_deref())
        .await;
    app.clock.advance(Duration::from_secs(31 * 60));
    let answer = app
        .post(
            "/v1/sessions/refresh",
            None,
            json!({"refresh_token": idle.refresh_token}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.get("/v1/account", &idle.token).await.status,
        StatusCode::UNAUTHORIZED
    );

    // A customer's session still lives for months.
    let (customer, _) = app.customer("longa@example.pt").await;
    let sessions = app.get("/v1/account/sessions", &customer).await;
    let session = &sessions.body["sessions"][0];
    let lifetime = parse(&session["expires_at"]) - parse(&session["created_at"]);
    assert_eq!(lifetime, time::Duration::days(90));
}

#[tokio::test]
async fn the_database_refuses_to_change_or_delete_audit_entries() {
    let app = spawn_app().await;
    let admin = app.staff_member(StaffRole::Admin).await;
    let read = call(
        &app,
        Method::GET,
        "/v1/backoffice/staff",
        &admin.token,
        None,
    )
    .await;
    assert_eq!(read.status, StatusCode::OK);
    let pool = app.state.db.pool();
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM audit_log")
            .fetch_one(pool)
            .await
            .expect("count")
    };
    let before = count().await;
    assert!(before >= 1);
    let update = sqlx::query("UPDATE audit_log SET detail = 'nothing happened'")
        .execute(pool)
        .await;
    assert!(update.is_err(), "UPDATE must fail: {update:?}");
    let delete = sqlx::query("DELETE FROM audit_log").execute(pool).await;
    assert!(delete.is_err(), "DELETE must fail: {delete:?}");
    assert_eq!(count().await, before);
    let details: Vec<String> = sqlx::query_scalar("SELECT detail FROM audit_log")
        .fetch_all(pool)
        .await
        .expect("details");
    assert!(details.iter().all(|d| d != "nothing happened"));
}

#[tokio::test]
async fn one_lookup_stays_findable_after_600_others_and_reads_are_audited() {
    let app = spawn_app().await;
    let (customer_token, customer) = app.customer("carla.mendes@example.pt").await;
    let [device] = app.catalog(1).await[..] else {
        panic!("one device")
    };
    assert_eq!(
        app.register_device(&customer_token, device.as_str())
            .await
            .status,
        StatusCode::CREATED
    );
    let created = app
        .post(
            "/v1/guarantee-requests",
            Some(&customer_token),
            json!({"device_id": device.as_str(), "fault_description": "Não aquece depois de carregar.",
                   "delivery": {"kind": "address", "address": {"recipient": "Carla Mendes",
                   "line1": "Rua das Flores 77", "postal_code": "4050-262", "city": "Porto",
                   "phone": "912345678"}}}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let agent = app.staff_member(StaffRole::Support).await;
    let admin = app.staff_member(StaffRole::Admin).await;

    // The one that matters: support looks the customer up. What support sees holds no
    // delivery address or phone.
    let found = call(
        &app,
        Method::GET,
        &format!("/v1/backoffice/accounts?device_id={}", device.as_str()),
        &agent.token,
        None,
    )
    .await;
    assert_eq!(found.status, StatusCode::OK);
    assert_eq!(
        found.body["customer"]["open_requests"][0]["delivery_kind"],
        "address"
    );
    let text = found.body.to_string();
    assert!(
        !text.contains("Flores") && !text.contains("912345678") && !text.contains("4050"),
        "{text}"
    );

    // 600 empty look-ups by another agent.
    let other = app.staff_member(StaffRole::Support).await;
    let lookups = futures::stream::iter(0..600)
        .map(|n| {
            let path = format!("/v1/backoffice/accounts?email=ninguem{n}@example.pt");
            let token = other.token.clone();
            let app = &app;
            async move { call(app, Method::GET, &path, &token, None).await.status }
        })
        .buffer_unordered(8)
        .collect::<Vec<_>>()
        .await;
    assert!(lookups.iter().all(|s| *s == StatusCode::OK));

    let mine = call(
        &app,
        Method::GET,
        &format!("/v1/backoffice/audit?account_id={}", customer.account.id),
        &admin.token,
        None,
    )
    .await;
    assert_eq!(mine.status, StatusCode::OK, "{:?}", mine.body);
    let entries = mine.body["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 1, "{:?}", mine.body);
    assert_eq!(entries[0]["action"], "customer_lookup");
    assert_eq!(entries[0]["actor_id"], agent.id.as_str());
    assert!(
        !mine.body.to_string().contains("carla"),
        "ids only, never the customer's email or name"
    );

    // Paging through everything: newest first, no entry twice, none skipped.
    let mut seen = std::collections::HashSet::new();
    let mut before: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut path = "/v1/backoffice/audit?limit=250".to_string();
        if let Some(cursor) = &before {
            path.push_str(&format!("&before={cursor}"));
        }
        let page = call(&app, Method::GET, &path, &admin.token, None).await;
        assert_eq!(page.status, StatusCode::OK, "{:?}", page.body);
        let entries = page.body["entries"].as_array().expect("entries");
        let mut last_at = None::<String>;
        for entry in entries {
            assert!(
                seen.insert(entry["id"].as_str().expect("id").to_string()),
                "twice: {entry}"
            );
            let at = entry["at"].as_str().expect("at").to_string();
            if let Some(last) = &last_at {
                assert!(at <= *last, "newest first");
            }
            last_at = Some(at);
        }
        pages += 1;
        match page.body["next_before"].as_str() {
            Some(cursor) => before = Some(cursor.to_string()),
            None => break,
        }
        assert!(pages < 10);
    }
    assert!(seen.len() >= 601, "{}", seen.len());
    let too_many = call(
        &app,
        Method::GET,
        "/v1/backoffice/audit?limit=501",
        &admin.token,
        None,
    )
    .await;
    assert_eq!(too_many.status, StatusCode::UNPROCESSABLE_ENTITY);

    // By action and by actor; and reads of lists are audited with their filter and rows.
    let by_other = call(
        &app,
        Method::GET,
        &format!(
            "/v1/backoffice/audit?actor_id={}&action=customer_lookup&limit=500",
            other.id
        ),
        &admin.token,
        None,
    )
    .await;
    assert_eq!(by_other.body["entries"].as_array().map(Vec::len), Some(500));
    call(
        &app,
        Method::GET,
        "/v1/backoffice/support-requests?status=open",
        &agent.token,
        None,
    )
    .await;
    let reads = call(
        &app,
        Method::GET,
        &format!(
            "/v1/backoffice/audit?actor_id={}&action=support_inbox_read",
            agent.id
        ),
        &admin.token,
        None,
    )
    .await;
    assert_eq!(
        reads.body["entries"][0]["detail"], "filter status=open; 0 rows",
        "{:?}",
        reads.body
    );
    let audit_reads = call(
        &app,
        Method::GET,
        "/v1/backoffice/audit?action=audit_read",
        &admin.token,
        None,
    )
    .await;
    assert!(
        audit_reads.body["entries"]
            .as_array()
            .is_some_and(|e| e.len() >= 5),
        "reading the log is audited too"
    );

    // A time range.
    let from = time::OffsetDateTime::parse(
        entries[0]["at"].as_str().expect("at"),
        &time::format_description::well_known::Rfc3339,
    )
    .expect("at");
    let to = (from + time::Duration::milliseconds(1))
        .format(&time::format_description::well_known::Rfc3339)
        .expect("format");
    let from = from
        .format(&time::format_description::well_known::Rfc3339)
        .expect("format");
    let ranged = app
        .client
        .get(format!("{}/v1/backoffice/audit", app.address))
        .query(&[
            ("from", from.as_str()),
            ("to", to.as_str()),
            ("account_id", &customer.account.id.to_string()),
        ])
        .bearer_auth(&admin.token)
        .send()
        .await
        .expect("sent");
    let ranged: Value = ranged.json().await.expect("json");
    assert_eq!(
        ranged["entries"].as_array().map(Vec::len),
        Some(1),
        "{ranged}"
    );
}

#[tokio::test]
async fn a_reply_is_audited_with_its_text_but_without_the_customers_name() {
    let app = spawn_app().await;
    let (customer_token, customer) = app.customer("rui.alves@example.pt").await;
    let asked = app
        .post(
            "/v1/support-requests",
            Some(&customer_token),
            json!({"topic": "other", "message": "O meu dispositivo não carrega."}),
        )
        .await;
    assert_eq!(asked.status, StatusCode::CREATED, "{:?}", asked.body);
    let id = asked.body["id"].as_str().expect("id");
    let agent = app.staff_member(StaffRole::Support).await;
    let given = customer.account.given_name.clone();
    let reply = call(
        &app,
        Method::POST,
        &format!("/v1/backoffice/support-requests/{id}/reply"),
        &agent.token,
        Some(json!({"message": format!("Olá {given}, limpe o aquecedor e tente de novo."), "action": "none"})),
    )
    .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{:?}", reply.body);
    let admin = app.staff_member(StaffRole::Admin).await;
    let log = call(
        &app,
        Method::GET,
        &format!(
            "/v1/backoffice/audit?account_id={}&action=support_reply",
            customer.account.id
        ),
        &admin.token,
        None,
    )
    .await;
    let detail = log.body["entries"][0]["detail"].as_str().expect("detail");
    assert!(
        detail.contains("limpe o aquecedor e tente de novo"),
        "{detail}"
    );
    assert!(!detail.contains(&given), "{detail}");
}

#[tokio::test]
async fn a_strangers_wrong_passwords_do_not_lock_a_staff_member_out_of_their_own_browser() {
    let app = spawn_app().await;
    let email = app.new_staff(StaffRole::Support).await;
    let first = app.log_in(&email, PASSWORD).await;
    let secret = first.body["enrolment"]["secret"]
        .as_str()
        .expect("secret")
        .to_string();
    let signed_in = verify(&app, &first.body["mfa_token"], &app.next_code(&secret)).await;
    let device_token = signed_in.body["device_token"]
        .as_str()
        .expect("device token")
        .to_string();

    for _ in 0..6 {
        app.log_in(&email, "palpite-de-um-estranho").await;
    }
    let locked = app.log_in(&email, PASSWORD).await;
    assert_eq!(
        locked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "locked for strangers"
    );
    let own_browser = app
        .post(
            "/v1/sessions",
            None,
            json!({"email": email, "password": PASSWORD, "device_token": device_token}),
        )
        .await;
    assert_eq!(own_browser.status, StatusCode::OK, "{:?}", own_browser.body);
    assert_eq!(own_browser.body["mfa_required"], true);
    let in_again = verify(
        &app,
        &own_browser.body["mfa_token"],
        &app.next_code(&secret),
    )
    .await;
    assert_eq!(in_again.status, StatusCode::OK, "{:?}", in_again.body);
}
