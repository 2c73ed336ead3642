//! The security review's findings (issue 9), each as the attack that found it.

use std::time::Duration;

use companion_server::db::Backend;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{spawn_app, spawn_app_with, Answer, TestApp, PASSWORD};

const WRONG: &str = "definitely-not-the-password";

async fn delete_account(app: &TestApp, token: &str, password: &str) -> Answer {
    app.request(
        Method::DELETE,
        "/v1/account",
        Some(token),
        None,
        Some(json!({ "password": password })),
    )
    .await
}

/// Every (table, column) of text type in the database.
async fn text_columns(app: &TestApp) -> Vec<(String, String)> {
    let pool = app.state.db.pool();
    match app.state.db.backend() {
        Backend::Postgres => sqlx::query_as::<_, (String, String)>(
            "SELECT table_name::TEXT, column_name::TEXT FROM information_schema.columns
             WHERE table_schema = 'public' AND data_type IN ('text', 'character varying')",
        )
        .fetch_all(pool)
        .await
        .expect("columns"),
        Backend::Sqlite => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .fetch_all(pool)
            .await
            .expect("tables");
            let mut columns = Vec::new();
            for table in tables {
                let sql =
                    format!("SELECT name FROM pragma_table_info('{table}') WHERE type = 'TEXT'");
                let names: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                    .fetch_all(pool)
                    .await
                    .expect("table info");
                columns.extend(names.into_iter().map(|name| (table.clone(), name)));
            }
            columns
        }
    }
}

/// Where `needle` still appears: `table.column` for every text column holding it.
async fn places_holding(app: &TestApp, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (table, column) in text_columns(app).await {
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE LOWER({column}) LIKE $1");
        let count: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(format!("%{}%", needle.to_lowercase()))
            .fetch_one(app.state.db.pool())
            .await
            .expect("scan");
        if count > 0 {
            found.push(format!("{table}.{column}"));
        }
    }
    found
}

#[tokio::test]
async fn after_erasure_no_table_holds_the_customers_personal_data() {
    let app = spawn_app().await;
    app.seed_rewards_and_points().await;
    let email = "zulmira.erase@example.pt";
    let mut sign_up = app.sign_up_body(email);
    sign_up["given_name"] = json!("Zulmira");
    sign_up["family_name"] = json!("Quaresma-Vasconcelos");
    sign_up["birth_date"] = json!("1983-07-19");
    let key = uuid::Uuid::new_v4().to_string();
    let created = app
        .request(
            Method::POST,
            "/v1/accounts",
            None,
            Some(&key),
            Some(sign_up),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let session = app.log_in(email, PASSWORD).await;
    let token = session.body["access_token"]
        .as_str()
        .expect("token")
        .to_string();

    let [device] = app.catalog(1).await[..] else {
        panic!("one device")
    };
    let registered = app
        .request(
            Method::POST,
            "/v1/devices",
            Some(&token),
            Some(&uuid::Uuid::new_v4().to_string()),
            Some(json!({"device_id": device.as_str(), "source": "manual"})),
        )
        .await;
    assert_eq!(registered.status, StatusCode::CREATED);
    let requested = app
        .request(
            Method::POST,
            "/v1/guarantee-requests",
            Some(&token),
            Some(&uuid::Uuid::new_v4().to_string()),
            Some(json!({
                "device_id": device.as_str(), "fault_description": "Aquece demasiado e cheira a queimado.",
                "delivery": {"kind": "address", "address": {
                    "recipient": "Zulmira Quaresma", "line1": "Travessa do Esquecimento 77",
                    "line2": "Terceiro Esquerdo Fundos", "postal_code": "5370-999", "city": "Mirandela",
                    "phone": "912 345 678"}}
            })),
        )
        .await;
    assert_eq!(
        requested.status,
        StatusCode::CREATED,
        "{:?}",
        requested.body
    );
    let signed_in_support = app
        .post(
            "/v1/support-requests",
            Some(&token),
            json!({"topic": "loyalty", "message": "Mensagem secreta sobre pontos."}),
        )
        .await;
    assert_eq!(signed_in_support.status, StatusCode::CREATED);
    let signed_out_support = app
        .post(
            "/v1/support-requests",
            None,
            json!({"topic": "forgot_email", "message": "Esqueci-me do endereço.",
                   "contact_email": email, "device_id": device.as_str()}),
        )
        .await;
    assert_eq!(signed_out_support.status, StatusCode::CREATED);
    // Throttle buckets keyed by her email: a failed log-in and a reset request.
    assert_eq!(
        app.log_in(email, WRONG).await.status,
        StatusCode::UNAUTHORIZED
    );
    let reset = app
        .post("/v1/password-resets", None, json!({"email": email}))
        .await;
    assert_eq!(reset.status, StatusCode::ACCEPTED);

    let export = app.get("/v1/account/export", &token).await;
    let exported_support = export.body["support_requests"]
        .as_array()
        .map(Vec::len)
        .unwrap_or_default();
    assert_eq!(
        exported_support, 2,
        "the export holds the signed-out request that gave her email too"
    );

    let removed = delete_account(&app, &token, PASSWORD).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT, "{:?}", removed.body);

    for needle in [
        email,
        "Zulmira",
        "Quaresma",
        "1983-07-19",
        "Esquecimento",
        "Terceiro Esquerdo",
        "Mirandela",
        "912 345 678",
        "912345678",
        "queimado",
        "Mensagem secreta",
        "Esqueci-me",
    ] {
        let places = places_holding(&app, needle).await;
        assert!(
            places.is_empty(),
            "{needle:?} survived erasure in {places:?}"
        );
    }

    // The sign-up replayed with its key neither returns her data nor signs her up again.
    let mut replay_body = app.sign_up_body(email);
    replay_body["given_name"] = json!("Zulmira");
    replay_body["family_name"] = json!("Quaresma-Vasconcelos");
    replay_body["birth_date"] = json!("1983-07-19");
    let replay = app
        .request(
            Method::POST,
            "/v1/accounts",
            None,
            Some(&key),
            Some(replay_body),
        )
        .await;
    assert_eq!(replay.status, StatusCode::GONE, "{:?}", replay.body);
    assert_eq!(replay.code(), "account_removed");
    assert!(!replay.body.to_string().contains("Zulmira"));
}

#[tokio::test]
async fn a_sales_assistant_replaying_an_assisted_sign_up_after_erasure_gets_nothing_personal() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let body = json!({"email": "bartolomeu@example.pt", "given_name": "Bartolomeu", "family_name": "Xavier",
                      "birth_date": "1979-03-02", "country": "PT", "accept_terms": true,
                      "marketing_opt_in": false, "age_verified_in_person": true});
    let key = uuid::Uuid::new_v4().to_string();
    let first = app
        .request(
            Method::POST,
            "/v1/staff/accounts",
            Some(&staff),
            Some(&key),
            Some(body.clone()),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    let code = app.code_from_email("bartolomeu@example.pt", 0).await;
    let activated = app
        .post(
            "/v1/password-resets/confirm",
            None,
            json!({"token": code, "new_password": PASSWORD}),
        )
        .await;
    assert_eq!(activated.status, StatusCode::NO_CONTENT);
    let session = app.log_in("bartolomeu@example.pt", PASSWORD).await;
    let token = session.body["access_token"].as_str().expect("token");
    assert_eq!(
        delete_account(&app, token, PASSWORD).await.status,
        StatusCode::NO_CONTENT
    );

    let replay = app
        .request(
            Method::POST,
            "/v1/staff/accounts",
            Some(&staff),
            Some(&key),
            Some(body),
        )
        .await;
    assert_eq!(replay.status, StatusCode::GONE, "{:?}", replay.body);
    let text = replay.body.to_string();
    for personal in ["bartolomeu", "Xavier", "1979-03-02"] {
        assert!(!text.contains(personal), "{personal} in the replay: {text}");
    }
}

#[tokio::test]
async fn saved_answers_expire_after_a_day_and_are_purged() {
    let app = spawn_app().await;
    let key = uuid::Uuid::new_v4().to_string();
    let body = app.sign_up_body("expiring@example.pt");
    let first = app
        .request(
            Method::POST,
            "/v1/accounts",
            None,
            Some(&key),
            Some(body.clone()),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED);
    let saved = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM idempotency")
            .fetch_one(app.state.db.pool())
            .await
            .expect("count")
    };
    assert_eq!(saved().await, 1);

    app.clock.advance(Duration::from_secs(23 * 3600));
    let purged = companion_server::maintenance::run_once(&app.state)
        .await
        .expect("maintenance");
    assert_eq!(purged.saved_answers, 0, "a day has not passed");
    let replay = app
        .request(Method::POST, "/v1/accounts", None, Some(&key), Some(body))
        .await;
    assert_eq!(
        replay.status,
        StatusCode::CREATED,
        "replayed within the day"
    );

    app.clock.advance(Duration::from_secs(2 * 3600));
    let purged = companion_server::maintenance::run_once(&app.state)
        .await
        .expect("maintenance");
    assert_eq!(purged.saved_answers, 1);
    assert_eq!(saved().await, 0);
}

/// Sends `count` log-ins at once; returns the statuses.
async fn burst_of_log_ins(app: &TestApp, email: &str, count: usize) -> Vec<StatusCode> {
    let attempts = (0..count).map(|_| app.log_in(email, WRONG));
    futures::future::join_all(attempts)
        .await
        .into_iter()
        .map(|answer| answer.status)
        .collect()
}

#[tokio::test]
async fn a_parallel_burst_of_wrong_passwords_lets_through_at_most_the_limit() {
    let app = spawn_app().await;
    app.customer("burst@example.pt").await;
    let statuses = burst_of_log_ins(&app, "burst@example.pt", 40).await;
    let tried = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert!(tried <= 5, "{tried} passwords were tried (limit 5)");
    assert_eq!(tried + refused, 40, "{statuses:?}");
    let right = app.log_in("burst@example.pt", PASSWORD).await;
    assert_eq!(
        right.status,
        StatusCode::TOO_MANY_REQUESTS,
        "locked, even for the right password"
    );
    assert!(right.headers.contains_key("retry-after"));
}

#[tokio::test]
async fn a_parallel_burst_of_wrong_current_passwords_is_limited_too() {
    let app = spawn_app().await;
    let (token, _) = app.customer("current@example.pt").await;
    let attempts = (0..20).map(|_| {
        app.post(
            "/v1/account/password",
            Some(&token),
            json!({"current_password": WRONG, "new_password": "outra-palavra-passe-longa"}),
        )
    });
    let statuses: Vec<_> = futures::future::join_all(attempts)
        .await
        .into_iter()
        .map(|a| a.status)
        .collect();
    let tried = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    assert!(tried <= 5, "{tried} current passwords were tried (limit 5)");
}

#[tokio::test]
async fn other_accounts_failures_and_look_alike_emails_never_lock_a_customer() {
    // Eleven sign-ups from this one test address.
    let app = spawn_app_with(|settings| settings.limits.sign_up_address.max = 20).await;
    let (victim_token, victim) = app.customer("victim@example.pt").await;
    // Ten throwaway accounts each get their current password wrong five times.
    for n in 0..10 {
        let (token, _) = app.customer(&format!("throwaway{n}@example.pt")).await;
        for _ in 0..5 {
            let wrong = delete_account(&app, &token, WRONG).await;
            assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        }
    }
    // And log-ins with emails shaped like the victim's internal keys.
    for shaped in [
        format!("account:{}", victim.account.id),
        format!("password_check:{}", victim.account.id),
    ] {
        for _ in 0..6 {
            app.log_in(&shaped, WRONG).await;
        }
    }
    let changed = app
        .post(
            "/v1/account/password",
            Some(&victim_token),
            json!({"current_password": PASSWORD, "new_password": "outra-palavra-passe-longa"}),
        )
        .await;
    assert_eq!(changed.status, StatusCode::NO_CONTENT, "{:?}", changed.body);
}

#[tokio::test]
async fn signed_out_endpoints_are_limited_per_address_with_retry_after() {
    let app = spawn_app().await;
    let limits = app.state.throttle.limits().clone();

    let mut sign_up_statuses = Vec::new();
    for n in 0..=limits.sign_up_address.max {
        let answer = app
            .sign_up(app.sign_up_body(&format!("many{n}@example.pt")))
            .await;
        sign_up_statuses.push(answer.status);
    }
    assert_eq!(
        sign_up_statuses.last(),
        Some(&StatusCode::TOO_MANY_REQUESTS)
    );
    assert!(sign_up_statuses[..limits.sign_up_address.max as usize]
        .iter()
        .all(|s| *s == StatusCode::CREATED));

    let support =
        json!({"topic": "other", "message": "x".repeat(4000), "contact_email": "spam@example.pt"});
    let mut last = None;
    for _ in 0..=limits.support_address.max {
        last = Some(
            app.post("/v1/support-requests", None, support.clone())
                .await,
        );
    }
    let last = last.expect("sent");
    assert_eq!(last.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(last.headers.contains_key("retry-after"));

    for _ in 0..limits.reset_email.max {
        let asked = app
            .post(
                "/v1/password-resets",
                None,
                json!({"email": "many0@example.pt"}),
            )
            .await;
        assert_eq!(asked.status, StatusCode::ACCEPTED);
    }
    let asked = app
        .post(
            "/v1/password-resets",
            None,
            json!({"email": "many0@example.pt"}),
        )
        .await;
    assert_eq!(asked.status, StatusCode::TOO_MANY_REQUESTS);

    let mut guesses = Vec::new();
    for n in 0..=limits.reset_code_address.max {
        let guess = app
            .post(
                "/v1/password-resets/confirm",
                None,
                json!({"token": format!("AAAA{n:06}"), "new_password": PASSWORD}),
            )
            .await;
        guesses.push(guess.status);
    }
    assert_eq!(
        guesses.last(),
        Some(&StatusCode::TOO_MANY_REQUESTS),
        "{guesses:?}"
    );

    // The window passes and the address may try again.
    app.clock.advance(Duration::from_secs(3601));
    let again = app.sign_up(app.sign_up_body("later@example.pt")).await;
    assert_eq!(again.status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_password_change_spends_every_open_reset_code() {
    let app = spawn_app().await;
    let (token, _) = app.customer("codes@example.pt").await;
    let asked = app
        .post(
            "/v1/password-resets",
            None,
            json!({"email": "codes@example.pt"}),
        )
        .await;
    assert_eq!(asked.status, StatusCode::ACCEPTED);
    let code = app.code_from_email("codes@example.pt", 0).await;
    let changed = app
        .post(
            "/v1/account/password",
            Some(&token),
            json!({"current_password": PASSWORD, "new_password": "outra-palavra-passe-longa"}),
        )
        .await;
    assert_eq!(changed.status, StatusCode::NO_CONTENT);
    let late = app
        .post(
            "/v1/password-resets/confirm",
            None,
            json!({"token": code, "new_password": "mais-uma-palavra-passe"}),
        )
        .await;
    assert_eq!(late.status, StatusCode::BAD_REQUEST);
    assert_eq!(late.code(), "invalid_token");
}

#[tokio::test]
async fn a_password_reset_lets_the_owner_back_in_after_a_lockout() {
    let app = spawn_app().await;
    app.customer("locked@example.pt").await;
    for _ in 0..6 {
        app.log_in("locked@example.pt", WRONG).await;
    }
    assert_eq!(
        app.log_in("locked@example.pt", PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    app.post(
        "/v1/password-resets",
        None,
        json!({"email": "locked@example.pt"}),
    )
    .await;
    let code = app.code_from_email("locked@example.pt", 0).await;
    let reset = app
        .post(
            "/v1/password-resets/confirm",
            None,
            json!({"token": code, "new_password": "nova-palavra-passe-segura"}),
        )
        .await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.log_in("locked@example.pt", "nova-palavra-passe-segura")
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn answers_are_never_cached_nor_sniffed() {
    let app = spawn_app().await;
    app.customer("headers@example.pt").await;
    for answer in [
        app.log_in("headers@example.pt", PASSWORD).await,
        app.log_in("headers@example.pt", WRONG).await,
    ] {
        let header = |name: &str| {
            answer
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        assert_eq!(header("cache-control").as_deref(), Some("no-store"));
        assert_eq!(header("x-content-type-options").as_deref(), Some("nosniff"));
    }
}

/// Wrong log-ins for distinct emails, each claiming to come from `forwarded_for`.
async fn wrong_log_ins_claiming(app: &TestApp, forwarded_for: &[&str]) -> Vec<StatusCode> {
    let mut statuses = Vec::new();
    for (n, address) in forwarded_for.iter().enumerate() {
        let answer = app
            .client
            .post(format!("{}/v1/sessions", app.address))
            .header("x-forwarded-for", *address)
            .json(&json!({"email": format!("nobody{n}@example.pt"), "password": WRONG}))
            .send()
            .await
            .expect("sent");
        statuses.push(answer.status());
    }
    statuses
}

#[tokio::test]
async fn forwarded_addresses_are_believed_only_from_trusted_proxies() {
    let tight = |settings: &mut companion_server::config::Settings| {
        settings.limits.login_address.max = 3;
    };
    // Not trusted: a client cannot dodge its address limit by writing the header.
    let direct = spawn_app_with(tight).await;
    let statuses =
        wrong_log_ins_claiming(&direct, &["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4"]).await;
    assert_eq!(statuses[3], StatusCode::TOO_MANY_REQUESTS, "{statuses:?}");

    // Behind a trusted proxy (here: loopback), each client has its own limit...
    let proxied = spawn_app_with(|settings| {
        tight(settings);
        settings.trusted_proxies =
            companion_server::config::parse_trusted_proxies("127.0.0.1").expect("list");
    })
    .await;
    let statuses =
        wrong_log_ins_claiming(&proxied, &["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4"]).await;
    assert!(
        statuses.iter().all(|s| *s == StatusCode::UNAUTHORIZED),
        "{statuses:?}"
    );
    // ...and one client behind it is still limited, whatever it prepends itself.
    let statuses = wrong_log_ins_claiming(
        &proxied,
        &[
            "9.9.9.9",
            "8.8.8.8, 9.9.9.9",
            "7.7.7.7, 9.9.9.9",
            "6.6.6.6, 9.9.9.9",
        ],
    )
    .await;
    assert_eq!(statuses[3], StatusCode::TOO_MANY_REQUESTS, "{statuses:?}");
}

#[tokio::test]
async fn free_text_is_bounded_and_control_characters_are_refused() {
    let app = spawn_app().await;
    app.seed_rewards_and_points().await;
    let (token, _) = app.customer("text@example.pt").await;
    let [device] = app.catalog(1).await[..] else {
        panic!("one device")
    };
    app.register_device(&token, device.as_str()).await;
    let request = |line2: &str, phone: &str| {
        json!({"device_id": device.as_str(), "fault_description": "Não aquece depois de carregar.",
               "delivery": {"kind": "address", "address": {"recipient": "Ana Silva", "line1": "Rua Augusta 1",
               "line2": line2, "postal_code": "1100-048", "city": "Lisboa", "phone": phone}}})
    };
    for (line2, phone) in [
        ("x".repeat(25_000), "912345678".to_string()),
        ("3º Esq".to_string(), "9".repeat(25_000)),
        ("3º\u{0} Esq".to_string(), "912345678".to_string()),
        ("3º Esq".to_string(), "\u{1b}[2J912345678".to_string()),
        ("\u{202E}qsE º3".to_string(), "912345678".to_string()),
    ] {
        let refused = app
            .post(
                "/v1/guarantee-requests",
                Some(&token),
                request(&line2, &phone),
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{:?}",
            refused.body
        );
        assert_eq!(refused.code(), "invalid_address");
    }
    let long_message = app
        .post(
            "/v1/support-requests",
            Some(&token),
            json!({"topic": "other", "message": "y".repeat(4001)}),
        )
        .await;
    assert_eq!(long_message.code(), "invalid_message");

    let accepted = app
        .post(
            "/v1/guarantee-requests",
            Some(&token),
            request("3º Esq", "+351 912-345-678"),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::CREATED, "{:?}", accepted.body);
    assert_eq!(
        accepted.body["delivery"]["address"]["phone"], "+351912345678",
        "phone numbers are stored in one form"
    );
}

/// A sales assistant of `shop`, logged in: (token, member code, email).
async fn staff_at(app: &TestApp, shop: &str) -> (String, String, String) {
    let email = format!("staff-{}@companion.pt", uuid::Uuid::new_v4().simple());
    let new = companion_server::admin::NewStaff {
        email: &email,
        password: PASSWORD,
        name: "Assistente",
        role: companion_domain::wire::StaffRole::Sales,
        shop,
    };
    let account = companion_server::admin::create_staff_member(&app.state, &new)
        .await
        .expect("staff created");
    let session = app.log_in(&email, PASSWORD).await;
    let token = session.body["access_token"].as_str().expect("token");
    (token.to_string(), account.member_code, email)
}

async fn purchase(
    app: &TestApp,
    staff: &str,
    member_code: &str,
    euros: i64,
    receipt: &str,
) -> Answer {
    app.post(
        "/v1/staff/purchases",
        Some(staff),
        json!({"member_code": member_code, "amount_cents": euros * 100, "receipt_reference": receipt}),
    )
    .await
}

#[tokio::test]
async fn staff_cannot_mint_points_for_staff_nor_reuse_a_receipt_nor_pass_the_daily_cap() {
    let app = spawn_app_with(|settings| settings.staff_daily_points_cap = 150).await;
    let (chiado, chiado_code, chiado_email) = staff_at(&app, "Loja Chiado").await;
    let (_, colleague_code, _) = staff_at(&app, "Loja Chiado").await;
    let (porto, _, _) = staff_at(&app, "Loja Porto").await;
    let (_, customer) = app.customer("cliente@example.pt").await;
    let member = customer.account.member_code.as_str();

    for staff_code in [&chiado_code, &colleague_code] {
        let own = purchase(&app, &chiado, staff_code, 50, "R-OWN").await;
        assert_eq!(
            own.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{:?}",
            own.body
        );
        assert_eq!(own.code(), "member_is_staff");
    }

    let first = purchase(&app, &chiado, member, 100, "T-0001").await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    let again = purchase(&app, &chiado, member, 10, "T-0001").await;
    assert_eq!(again.code(), "duplicate_receipt", "once per shop");
    let other_shop = purchase(&app, &porto, member, 10, "T-0001").await;
    assert_eq!(
        other_shop.status,
        StatusCode::CREATED,
        "another shop's till may print the same number: {:?}",
        other_shop.body
    );

    let over = purchase(&app, &chiado, member, 60, "T-0002").await;
    assert_eq!(
        over.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        over.body
    );
    assert_eq!(over.code(), "daily_award_limit");
    let within = purchase(&app, &chiado, member, 50, "T-0003").await;
    assert_eq!(
        within.status,
        StatusCode::CREATED,
        "exactly the cap is allowed"
    );

    app.clock.advance(Duration::from_secs(24 * 3600 + 1));
    let token_of = |answer: Answer| {
        answer.body["access_token"]
            .as_str()
            .expect("token")
            .to_string()
    };
    let chiado = token_of(app.log_in(&chiado_email, PASSWORD).await);
    let next_day = purchase(&app, &chiado, member, 60, "T-0004").await;
    assert_eq!(next_day.status, StatusCode::CREATED, "{:?}", next_day.body);
    let token = token_of(app.log_in("cliente@example.pt", PASSWORD).await);
    assert_eq!(app.balance(&token).await, 100 + 10 + 50 + 60);
}

async fn log_in_from(app: &TestApp, email: &str, user_agent: &str) -> (String, String) {
    let answer = app
        .client
        .post(format!("{}/v1/sessions", app.address))
        .header("user-agent", user_agent)
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .expect("sent");
    assert_eq!(answer.status(), StatusCode::OK);
    let body: serde_json::Value = answer.json().await.expect("json");
    let token = |name: &str| body[name].as_str().expect("token").to_string();
    (token("access_token"), token("refresh_token"))
}

#[tokio::test]
async fn a_customer_sees_their_sessions_and_ends_them() {
    let app = spawn_app().await;
    app.customer("sessions@example.pt").await;
    let (phone, _) = log_in_from(&app, "sessions@example.pt", "Companion/0.1.0 (Android 14)").await;
    let (browser, _) = log_in_from(
        &app,
        "sessions@example.pt",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36",
    )
    .await;
    let (other_customer, _) = app.customer("someone-else@example.pt").await;

    let list = app.get("/v1/account/sessions", &phone).await;
    assert_eq!(list.status, StatusCode::OK, "{:?}", list.body);
    let sessions = list.body["sessions"].as_array().expect("list").clone();
    assert_eq!(
        sessions.len(),
        3,
        "sign-up's log-in, the phone and the browser"
    );
    let current: Vec<_> = sessions.iter().filter(|s| s["current"] == true).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0]["client"], "Companion app · Android");
    let browser_session = sessions
        .iter()
        .find(|s| s["client"] == "Browser · Linux")
        .expect("the browser is listed");
    let browser_id = browser_session["id"].as_str().expect("id");
    assert!(browser_session["last_used_at"].is_string());

    // Another customer cannot end it.
    let path = format!("/v1/account/sessions/{browser_id}");
    let foreign = app
        .request(Method::DELETE, &path, Some(&other_customer), None, None)
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get("/v1/account", &browser).await.status,
        StatusCode::OK
    );

    let ended = app
        .request(Method::DELETE, &path, Some(&phone), None, None)
        .await;
    assert_eq!(ended.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/v1/account", &browser).await.status,
        StatusCode::UNAUTHORIZED,
        "the ended session's token stops working"
    );
    let again = app
        .request(Method::DELETE, &path, Some(&phone), None, None)
        .await;
    assert_eq!(again.code(), "session_not_found");

    let others = app
        .request(
            Method::DELETE,
            "/v1/account/sessions",
            Some(&phone),
            None,
            None,
        )
        .await;
    assert_eq!(others.status, StatusCode::NO_CONTENT);
    let left = app.get("/v1/account/sessions", &phone).await;
    assert_eq!(left.body["sessions"].as_array().map(Vec::len), Some(1));
    assert_eq!(app.get("/v1/account", &phone).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_session_ends_at_its_absolute_lifetime_however_often_it_is_renewed() {
    let app = spawn_app_with(|settings| {
        settings.session_lifetime = Duration::from_secs(3 * 24 * 3600);
    })
    .await;
    app.customer("lifetime@example.pt").await;
    let (_, mut refresh) = log_in_from(&app, "lifetime@example.pt", "Companion/0.1.0 (iOS)").await;
    for _ in 0..2 {
        app.clock.advance(Duration::from_secs(24 * 3600));
        let renewed = app
            .post(
                "/v1/sessions/refresh",
                None,
                json!({"refresh_token": refresh}),
            )
            .await;
        assert_eq!(renewed.status, StatusCode::OK, "{:?}", renewed.body);
        refresh = renewed.body["refresh_token"]
            .as_str()
            .expect("token")
            .to_string();
    }
    app.clock.advance(Duration::from_secs(24 * 3600 + 1));
    let too_old = app
        .post(
            "/v1/sessions/refresh",
            None,
            json!({"refresh_token": refresh}),
        )
        .await;
    assert_eq!(
        too_old.status,
        StatusCode::UNAUTHORIZED,
        "{:?}",
        too_old.body
    );
}

async fn log_in_with_device(
    app: &TestApp,
    email: &str,
    password: &str,
    device: Option<&str>,
) -> Answer {
    app.post(
        "/v1/sessions",
        None,
        json!({"email": email, "password": password, "device_token": device}),
    )
    .await
}

#[tokio::test]
async fn a_lock_caused_elsewhere_never_keeps_the_owner_out_of_a_known_device() {
    let app = spawn_app().await;
    app.customer("owner@example.pt").await;
    app.customer("other@example.pt").await;
    let first = log_in_with_device(&app, "owner@example.pt", PASSWORD, None).await;
    let device = first.body["device_token"]
        .as_str()
        .expect("a device token")
        .to_string();
    let other_device = log_in_with_device(&app, "other@example.pt", PASSWORD, None)
        .await
        .body["device_token"]
        .as_str()
        .expect("token")
        .to_string();

    // Someone who knows the email locks it.
    for _ in 0..6 {
        log_in_with_device(&app, "owner@example.pt", WRONG, None).await;
    }
    assert_eq!(
        log_in_with_device(&app, "owner@example.pt", PASSWORD, None)
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS,
        "an unknown client stays locked out, even with the right password"
    );
    assert_eq!(
        log_in_with_device(&app, "owner@example.pt", PASSWORD, Some(&other_device))
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS,
        "another account's device token exempts nothing"
    );
    let owner = log_in_with_device(&app, "owner@example.pt", PASSWORD, Some(&device)).await;
    assert_eq!(owner.status, StatusCode::OK, "{:?}", owner.body);
    assert_eq!(
        owner.body["device_token"],
        device.as_str(),
        "the device keeps its token"
    );

    // The device token is limited on its own: it is no way around guessing.
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(
            log_in_with_device(&app, "owner@example.pt", WRONG, Some(&device))
                .await
                .status,
        );
    }
    assert_eq!(statuses[..5], [StatusCode::UNAUTHORIZED; 5]);
    assert_eq!(statuses[5], StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn log_ins_abandoned_mid_way_with_the_right_password_do_not_lock_the_account() {
    let app = spawn_app().await;
    app.customer("flaky@example.pt").await;
    // A phone on a bad network gives up while the server is still hashing.
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(15))
        .build()
        .expect("client");
    for _ in 0..8 {
        let _ = impatient
            .post(format!("{}/v1/sessions", app.address))
            .json(&json!({"email": "flaky@example.pt", "password": PASSWORD}))
            .send()
            .await;
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let answer = app.log_in("flaky@example.pt", PASSWORD).await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
}

#[tokio::test]
async fn the_owners_right_password_amid_a_burst_of_guesses_lets_no_more_guesses_through() {
    let app = spawn_app().await;
    app.customer("amid@example.pt").await;
    let attempts = (0..60).map(|n| {
        // Every tenth attempt is the owner's, with the right password.
        let password = if n % 10 == 0 { PASSWORD } else { WRONG };
        app.log_in("amid@example.pt", password)
    });
    let statuses: Vec<StatusCode> = futures::future::join_all(attempts)
        .await
        .into_iter()
        .map(|answer| answer.status)
        .collect();
    let guesses_tried = statuses
        .iter()
        .enumerate()
        .filter(|(n, status)| n % 10 != 0 && **status == StatusCode::UNAUTHORIZED)
        .count();
    assert!(
        guesses_tried <= 5,
        "{guesses_tried} wrong passwords were tried (limit 5): {statuses:?}"
    );
}
