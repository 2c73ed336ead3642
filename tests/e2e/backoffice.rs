//! The back-office console in Chromium: staff enrol their authenticator app at the first
//! log-in (the journey reads the secret the page shows and computes codes from it, as the
//! app would) and log in with a code after; a support agent answers an "I forgot my
//! email" request with a masked hint; operations ship a replacement with its tracking
//! number; a reward is edited and the customer's app list shows it; support erases the
//! customer with a fresh code; an admin finds on the audit page who saw that customer.
//! And support works the missing-points claims queue beside the customer's purchases,
//! crediting one claim and rejecting another, then grants goodwill up to the daily cap.

use std::collections::HashMap;

use companion_domain::wire::StaffRole;
use companion_server::admin;
use serde_json::json;

use crate::harness::{Journey, PASSWORD};

/// A staff member of `role` with a known email, for logging into the console.
async fn staff(journey: &Journey, email: &str, role: StaffRole) {
    let new = admin::NewStaff {
        email,
        password: PASSWORD,
        name: "Equipa",
        role,
        shop: "main",
    };
    admin::create_staff_member(&journey.api.state, &new)
        .await
        .expect("staff account");
}

/// Opens the console and signs in: the password, then a code from the authenticator app.
/// At the first log-in the page shows the enrolment; its secret is read off the page (what
/// a person types or scans into their app) and kept in `secrets` for the next log-ins.
async fn sign_in(journey: &mut Journey, email: &str, secrets: &mut HashMap<String, String>) {
    journey
        .browser()
        .goto(&format!("{}/backoffice", journey.api.address))
        .await
        .expect("console opens");
    journey.fill("bo-email", email).await;
    journey.fill("bo-password", PASSWORD).await;
    journey.click("bo-login").await;
    let asked = journey
        .wait_for_text("bo-message", "aplicação de autenticação")
        .await;
    if asked.contains("Associe") {
        journey.wait_for_text("mfa-enrolment", "Chave").await;
        let secret = journey
            .wait_for("mfa-secret")
            .await
            .text()
            .await
            .expect("the secret is shown");
        assert_eq!(secret.len(), 32, "a base32 secret: {secret:?}");
        let label = format!(
            "mfa-enrolment-{}",
            email.split('@').next().unwrap_or("staff")
        );
        journey.screenshot(&label).await;
        secrets.insert(email.to_string(), secret);
    } else {
        assert!(
            secrets.contains_key(email),
            "only a first log-in is asked to enrol: {asked}"
        );
    }
    let code =
        companion_server::testing::next_authenticator_code(&journey.api.clock, &secrets[email]);
    journey.fill("bo-mfa-code", &code).await;
    journey.click("bo-mfa-submit").await;
    // Signed in when the first section shows (hidden elements read as empty text).
    journey
        .wait_for_text("customers-section", "Encontrar um cliente")
        .await;
}

/// Chooses an option of a `<select>`.
async fn choose(journey: &Journey, test_id: &str, value: &str) {
    journey.wait_for(test_id).await;
    journey
        .browser()
        .execute(
            "const s = document.querySelector(arguments[0]); s.value = arguments[1]; s.dispatchEvent(new Event('change'));",
            vec![json!(format!("[data-testid=\"{test_id}\"]")), json!(value)],
        )
        .await
        .expect("chosen");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn support_and_operations_work_from_the_console() {
    let mut journey = Journey::start("backoffice", "pt-PT").await;
    let mut secrets = HashMap::new();
    let [device] = journey.catalog(1).await[..] else {
        panic!("one device")
    };
    journey.customer("beatriz.costa@example.pt").await;
    journey
        .register_for("beatriz.costa@example.pt", device)
        .await;
    let http = reqwest::Client::new();
    let asked = http
        .post(format!("{}/v1/support-requests", journey.api.address))
        .json(
            &json!({"topic": "forgot_email", "message": "Esqueci-me do email da conta.",
                      "device_id": device.display_grouped(), "contact_email": "bia@example.pt"}),
        )
        .send()
        .await
        .expect("sent");
    assert_eq!(asked.status(), 201);
    let reference = asked.json::<serde_json::Value>().await.expect("receipt")["reference"]
        .as_str()
        .expect("reference")
        .to_string();

    // Support answers with a masked sign-in hint.
    staff(&journey, "apoio@companion.pt", StaffRole::Support).await;
    sign_in(&mut journey, "apoio@companion.pt", &mut secrets).await;
    journey.screenshot("console-signed-in").await;
    journey.click("tab-inbox").await;
    journey.wait_for_text("inbox-rows", &reference).await;
    journey.screenshot("support-inbox").await;
    journey.click(&format!("reply-{reference}")).await;
    journey
        .fill("reply-message", "Encontrámos a sua conta pelo dispositivo.")
        .await;
    choose(&journey, "reply-action", "sign_in_hint").await;
    journey.click("reply-submit").await;
    journey
        .wait_for_text("bo-message", "Resposta enviada")
        .await;
    journey.screenshot("support-replied").await;
    let mut mail = None;
    for _ in 0..100 {
        mail = companion_server::testing::emails(&journey.api.mail_dir)
            .into_iter()
            .find(|m| m.contains("bia@example.pt"));
        if mail.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let mail = mail.expect("the reply was emailed");
    assert!(
        mail.contains("b***@example.pt") && !mail.contains("beatriz.costa@"),
        "{mail}"
    );
    journey.click("bo-logout").await;
    journey.wait_for_text("login-section", "Entrar").await;

    // Operations ship a replacement requested by the customer.
    let customer = journey.api_token("beatriz.costa@example.pt").await;
    let requested = http
        .post(format!("{}/v1/guarantee-requests", journey.api.address))
        .bearer_auth(&customer)
        .json(&json!({"device_id": device.as_str(), "fault_description": "Não aquece depois de carregar.",
                      "delivery": {"kind": "address", "address": {"recipient": "Beatriz Costa",
                      "line1": "Rua Augusta 1", "postal_code": "1100-048", "city": "Lisboa"}}}))
        .send()
        .await
        .expect("requested");
    assert_eq!(requested.status(), 201);
    staff(&journey, "operacoes@companion.pt", StaffRole::Operations).await;
    sign_in(&mut journey, "operacoes@companion.pt", &mut secrets).await;
    journey.click("tab-replacements").await;
    let move_button = format!("move-{}", device.as_str());
    journey.click(&move_button).await;
    choose(&journey, "status-next", "approved").await;
    journey.click("status-submit").await;
    journey.wait_for_text("bo-message", "Estado guardado").await;
    journey.click(&move_button).await;
    choose(&journey, "status-next", "shipped").await;
    journey.fill("status-tracking", "CTT-RR987654321PT").await;
    journey.click("status-submit").await;
    journey.wait_for_text("replacement-rows", "shipped").await;
    journey.screenshot("replacement-shipped").await;
    let status: (String, Option<String>) = sqlx::query_as(
        "SELECT status, tracking_number FROM guarantee_requests WHERE device_id = $1",
    )
    .bind(device.as_str())
    .fetch_one(journey.api.state.db.pool())
    .await
    .expect("request");
    assert_eq!(status, ("shipped".into(), Some("CTT-RR987654321PT".into())));

    // Operations edit a reward; the customer's list shows the new name.
    journey.click("tab-rewards").await;
    journey.click("edit-discount-5").await;
    let name = journey.wait_for("rw-name-pt").await;
    name.clear().await.expect("cleared");
    journey.fill("rw-name-pt", "Vale de 5 € na loja").await;
    journey.click("rw-save").await;
    journey
        .wait_for_text("reward-rows", "Vale de 5 € na loja")
        .await;
    journey.screenshot("reward-edited").await;
    let rewards: serde_json::Value = http
        .get(format!("{}/v1/rewards", journey.api.address))
        .bearer_auth(&customer)
        .send()
        .await
        .expect("rewards")
        .json()
        .await
        .expect("json");
    assert!(
        rewards.to_string().contains("Vale de 5 € na loja"),
        "{rewards}"
    );

    // And open a new collection point, which the app then offers.
    journey.click("tab-points").await;
    journey.fill("pt-id", "cp-faro").await;
    journey.fill("pt-name", "Loja Faro").await;
    journey.fill("pt-address", "Rua de Santo António 10").await;
    journey.fill("pt-postal", "8000-283").await;
    journey.fill("pt-city", "Faro").await;
    journey.fill("pt-lat", "37.0176").await;
    journey.fill("pt-lon", "-7.9351").await;
    journey.fill("pt-hours", "Seg–Sex 10:00–19:00").await;
    journey.click("pt-save").await;
    journey.wait_for_text("point-rows", "Loja Faro").await;
    journey.screenshot("collection-point-added").await;
    let points: serde_json::Value = http
        .get(format!("{}/v1/collection-points", journey.api.address))
        .bearer_auth(&customer)
        .send()
        .await
        .expect("points")
        .json()
        .await
        .expect("json");
    assert!(
        points
            .to_string()
            .contains("Rua de Santo António 10, 8000-283 Faro"),
        "{points}"
    );
    journey.click("bo-logout").await;
    journey.wait_for_text("login-section", "Entrar").await;

    // At her verified request, support erases the customer's account.
    sign_in(&mut journey, "apoio@companion.pt", &mut secrets).await;
    choose(&journey, "find-by", "email").await;
    journey.fill("find-value", "beatriz.costa@example.pt").await;
    journey.click("find-submit").await;
    journey
        .wait_for_text("customer", "beatriz.costa@example.pt")
        .await;
    journey.screenshot("customer-found").await;
    let customer_id: String = sqlx::query_scalar("SELECT id FROM accounts WHERE email = $1")
        .bind("beatriz.costa@example.pt")
        .fetch_one(journey.api.state.db.pool())
        .await
        .expect("the customer's id");
    journey.fill("erase-reference", &reference).await;
    journey.fill("erase-confirm", "ERASE").await;
    // Without a fresh code from the authenticator app, nothing is erased.
    journey.fill("erase-mfa", "000000").await;
    journey.click("erase-submit").await;
    journey.wait_for_text("bo-message", "code is wrong").await;
    let code = companion_server::testing::next_authenticator_code(
        &journey.api.clock,
        &secrets["apoio@companion.pt"],
    );
    journey.fill("erase-mfa", &code).await;
    journey.click("erase-submit").await;
    journey.wait_for_text("bo-message", "Conta apagada").await;
    let again = http
        .post(format!("{}/v1/sessions", journey.api.address))
        .json(&json!({"email": "beatriz.costa@example.pt", "password": PASSWORD}))
        .send()
        .await
        .expect("log-in");
    assert_eq!(again.status(), 401, "the erased account no longer exists");
    journey.click("bo-logout").await;
    journey.wait_for_text("login-section", "Entrar").await;

    // An admin asks the audit log who saw this customer: the look-ups and the erasure,
    // by the support agent, with the request's reference.
    staff(&journey, "gestao@companion.pt", StaffRole::Admin).await;
    sign_in(&mut journey, "gestao@companion.pt", &mut secrets).await;
    journey.click("tab-audit").await;
    journey.fill("audit-account", &customer_id).await;
    journey.click("audit-filter").await;
    let rows = journey.wait_for_text("audit-rows", "customer_erased").await;
    assert!(
        rows.contains("customer_lookup") && rows.contains(&reference),
        "{rows}"
    );
    assert!(!rows.contains("beatriz"), "ids only: {rows}");
    journey.screenshot("audit-by-customer").await;
    journey.finish().await;
}

/// Files a missing-points claim as the customer's phone would: its reference.
async fn file_claim(journey: &Journey, token: &str, receipt: &str, amount_cents: i64) -> String {
    let filed = reqwest::Client::new()
        .post(format!("{}/v1/points-claims", journey.api.address))
        .bearer_auth(token)
        .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
        .json(
            &json!({"shop": "lisboa-chiado", "receipt_reference": receipt,
                      "purchased_on": "2026-06-14", "amount_cents": amount_cents}),
        )
        .send()
        .await
        .expect("claim sent");
    assert_eq!(filed.status(), 201);
    let claim: serde_json::Value = filed.json().await.expect("claim");
    assert_eq!(claim["status"], "open", "no till record matches: {claim}");
    claim["reference"].as_str().expect("reference").to_string()
}

/// A GET of the API as `token`: the JSON answer.
async fn read(journey: &Journey, token: &str, path: &str) -> serde_json::Value {
    reqwest::Client::new()
        .get(format!("{}{path}", journey.api.address))
        .bearer_auth(token)
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("json")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn support_decides_points_claims_beside_the_customers_purchases_and_grants_goodwill() {
    let mut journey = Journey::start("backoffice-points", "pt-PT").await;
    let mut secrets = HashMap::new();
    let email = "marta.reis@example.pt";
    journey.customer(email).await;
    // A purchase that earned points at the till, then two receipts that did not.
    journey.give_points(email, 40).await;
    let customer = journey.api_token(email).await;
    let to_credit = file_claim(&journey, &customer, "LX-1001", 2550).await;
    let to_reject = file_claim(&journey, &customer, "LX-1002", 9000).await;

    // The queue shows each claim with the customer and her recent purchases; the points
    // are prefilled from the amount (25.50 € earn 25) and support gives 30.
    staff(&journey, "apoio.pontos@companion.pt", StaffRole::Support).await;
    sign_in(&mut journey, "apoio.pontos@companion.pt", &mut secrets).await;
    journey.click("bo-claims-tab").await;
    let item = journey
        .wait_for_text(&format!("bo-claim-{to_credit}"), "LX-1001")
        .await;
    assert!(
        item.contains("lisboa-chiado") && item.contains("25,50") && item.contains("Rui Costa"),
        "{item}"
    );
    journey
        .wait_for_text(&format!("bo-claim-purchases-{to_credit}"), "40 pontos")
        .await;
    let points = format!("bo-claim-points-{to_credit}");
    assert_eq!(journey.field_value(&points).await, "25");
    journey.screenshot("points-claims-queue").await;
    journey.replace(&points, "30").await;
    journey.click(&format!("bo-claim-credit-{to_credit}")).await;
    journey
        .wait_for_text(
            "bo-claims-status",
            &format!("{to_credit} creditada: 30 pontos"),
        )
        .await;
    let css = format!("[data-testid='bo-claim-{to_credit}']");
    let left = journey.browser().find(fantoccini::Locator::Css(&css)).await;
    assert!(left.is_err(), "a decided claim leaves the queue");

    // A blank reason is refused by the server, in words; then a real one.
    let reason = format!("bo-claim-reason-{to_reject}");
    journey.fill(&reason, "   ").await;
    journey.click(&format!("bo-claim-reject-{to_reject}")).await;
    journey
        .wait_for_text("bo-claims-error", "invalid_request")
        .await;
    journey
        .replace(&reason, "O talão LX-1002 é de outra loja.")
        .await;
    journey.click(&format!("bo-claim-reject-{to_reject}")).await;
    let said = journey
        .wait_for_text("bo-claims-status", &format!("{to_reject} recusada"))
        .await;
    assert!(said.contains("Nenhuma reclamação em aberto"), "{said}");
    let alert = journey.wait_for("bo-claims-error").await.text().await;
    assert_eq!(alert.ok().as_deref(), Some(""), "the refusal is cleared");
    journey.screenshot("points-claims-decided").await;

    // Goodwill on the customer's page, up to the agent's daily cap (1000 points).
    journey.click("tab-customers").await;
    choose(&journey, "find-by", "email").await;
    journey.fill("find-value", email).await;
    journey.click("find-submit").await;
    journey.wait_for_text("customer", email).await;
    for (given, balance) in [("500", "570"), ("500", "1070")] {
        journey.fill("bo-goodwill-points", given).await;
        journey
            .fill("bo-goodwill-reason", "Pelo atraso na reclamação.")
            .await;
        journey.click("bo-goodwill-submit").await;
        journey
            .wait_for_text("bo-goodwill-status", &format!("saldo: {balance} pontos"))
            .await;
    }
    journey.fill("bo-goodwill-points", "10").await;
    journey.fill("bo-goodwill-reason", "Mais um gesto.").await;
    journey.click("bo-goodwill-submit").await;
    let refused = journey
        .wait_for_text("bo-goodwill-error", "daily_award_limit")
        .await;
    assert!(refused.contains("the limit is 1000"), "{refused}");
    journey.screenshot("goodwill-refused").await;

    // The customer's wallet and claims say the same; the audit has every decision.
    let wallet = read(&journey, &customer, "/v1/loyalty").await;
    assert_eq!(wallet["balance"], 40 + 30 + 1000, "{wallet}");
    let claims = read(&journey, &customer, "/v1/points-claims").await;
    let claim = |reference: &str| {
        claims["claims"]
            .as_array()
            .expect("claims")
            .iter()
            .find(|claim| claim["reference"] == reference)
            .cloned()
            .unwrap_or_else(|| panic!("{reference} in {claims}"))
    };
    assert_eq!(
        (
            claim(&to_credit)["status"].clone(),
            claim(&to_credit)["points"].clone()
        ),
        (json!("credited"), json!(30))
    );
    assert_eq!(
        (
            claim(&to_reject)["status"].clone(),
            claim(&to_reject)["reason"].clone()
        ),
        (json!("rejected"), json!("O talão LX-1002 é de outra loja."))
    );
    let account = read(&journey, &customer, "/v1/account").await;
    let account_id = account["id"].as_str().expect("account id");
    let admin = journey.staff_token(StaffRole::Admin).await;
    let audit = read(
        &journey,
        &admin,
        &format!("/v1/backoffice/audit?account_id={account_id}"),
    )
    .await;
    let count = |action: &str| {
        audit["entries"]
            .as_array()
            .expect("entries")
            .iter()
            .filter(|entry| entry["action"] == action)
            .count()
    };
    assert_eq!(
        (count("points_claim_decision"), count("goodwill_points")),
        (2, 2),
        "{audit}"
    );
    let reads = read(
        &journey,
        &admin,
        "/v1/backoffice/audit?action=points_claims_read",
    )
    .await;
    assert!(
        !reads["entries"].as_array().expect("entries").is_empty(),
        "the queue's read is audited: {reads}"
    );
    journey.finish().await;
}
