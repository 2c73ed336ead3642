//! Points customers can trust (issue 22): in-store points pending for the return window,
//! expiry after the validity with the oldest points spent first, missing-points claims
//! credited from the till's unclaimed receipts or by support, goodwill, and the test clock
//! that moves time for all of it (no test here sleeps).

use std::time::Duration;

use companion_domain::wire::{Account, Reward, StaffRole};
use companion_domain::RewardCategory;
use companion_server::store::rewards;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{long_sessions, spawn_app_with, Answer, TestApp, DAY};

const HOUR: u64 = 3600;

/// A server with the test clock on and in-store points pending for `pending_hours`.
/// Sessions outlive the years these tests jump, so no test has to log in again.
async fn points_app(pending_hours: u64) -> TestApp {
    spawn_app_with(|settings| {
        settings.test_clock = true;
        settings.points.pending = Duration::from_secs(pending_hours * HOUR);
        long_sessions(settings);
    })
    .await
}

/// A signed-up customer: token and account.
async fn member(app: &TestApp, email: &str) -> (String, Account) {
    let (token, session) = app.customer(email).await;
    (token, session.account)
}

impl TestApp {
    async fn loyalty(&self, token: &str) -> Value {
        let answer = self.get("/v1/loyalty", token).await;
        assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
        answer.body
    }

    /// A purchase at the till: with the member's code, or unclaimed without one.
    async fn till(
        &self,
        staff: &str,
        member_code: Option<&str>,
        euros: i64,
        receipt: &str,
    ) -> Answer {
        let mut body = json!({"amount_cents": euros * 100, "receipt_reference": receipt});
        if let Some(code) = member_code {
            body["member_code"] = json!(code);
        }
        self.request(
            Method::POST,
            "/v1/staff/purchases",
            Some(staff),
            Some(&uuid::Uuid::new_v4().to_string()),
            Some(body),
        )
        .await
    }

    async fn claim(
        &self,
        token: &str,
        shop: &str,
        receipt: &str,
        purchased_on: &str,
        euros: i64,
    ) -> Answer {
        self.request(
            Method::POST,
            "/v1/points-claims",
            Some(token),
            Some(&uuid::Uuid::new_v4().to_string()),
            Some(json!({"shop": shop, "receipt_reference": receipt,
                        "purchased_on": purchased_on, "amount_cents": euros * 100})),
        )
        .await
    }

    async fn redeem(&self, token: &str, reward_id: &str) -> Answer {
        self.request(
            Method::POST,
            "/v1/redemptions",
            Some(token),
            Some(&uuid::Uuid::new_v4().to_string()),
            Some(json!({ "reward_id": reward_id })),
        )
        .await
    }

    /// A reward costing `cost` points.
    async fn reward_costing(&self, cost: i64) -> String {
        let id = format!("test-{cost}");
        let reward = Reward {
            id: id.clone(),
            name: format!("Teste {cost}"),
            description: "Para os testes.".into(),
            category: RewardCategory::Discount,
            cost_points: cost,
            translations: Default::default(),
        };
        let mut conn = self.state.db.pool().acquire().await.expect("connection");
        rewards::insert_if_new(&mut conn, &reward)
            .await
            .expect("reward");
        id
    }

    fn today(&self) -> String {
        self.clock_now().date().to_string()
    }

    /// The latest feed record of `entity` for the customer.
    /// The customer's notifications of `kind` in the feed, oldest first.
    async fn notifications_of(&self, token: &str, kind: &str) -> Vec<Value> {
        let page = self.get("/v1/changes", token).await;
        page.body["changes"]
            .as_array()
            .expect("changes")
            .iter()
            .filter(|change| change["entity"] == "notification" && change["data"]["kind"] == kind)
            .map(|change| change["data"].clone())
            .collect()
    }
}

fn date_after(app: &TestApp, seconds: u64) -> String {
    (app.clock_now() + Duration::from_secs(seconds))
        .date()
        .to_string()
}

#[tokio::test]
async fn an_in_store_purchase_is_pending_for_72_hours_then_posts_by_itself() {
    let app = points_app(72).await;
    let staff = app.staff().await;
    let (ana, account) = member(&app, "ana@example.pt").await;
    let bought = app
        .till(&staff, Some(&account.member_code), 50, "LX-1")
        .await;
    assert_eq!(bought.status, StatusCode::CREATED, "{:?}", bought.body);

    let wallet = app.loyalty(&ana).await;
    assert_eq!(wallet["balance"], 0, "{wallet}");
    assert_eq!(wallet["pending_points"], 50);
    assert_eq!(wallet["next_posting"]["points"], 50);
    assert_eq!(wallet["next_posting"]["on"], date_after(&app, 72 * HOUR));
    assert!(wallet["next_expiry"].is_null(), "{wallet}");
    assert_eq!(wallet["entries"][0]["status"], "pending");
    // The phone learns the same offline, from the feed.
    let outlook = app
        .feed_record(&ana, "loyalty_outlook")
        .await
        .expect("outlook in the feed");
    assert_eq!(outlook["pending_points"], 50);

    app.advance(71 * HOUR).await;
    assert_eq!(
        app.loyalty(&ana).await["balance"],
        0,
        "not yet after 71 hours"
    );

    app.advance(HOUR).await;
    let wallet = app.loyalty(&ana).await;
    assert_eq!(wallet["balance"], 50, "{wallet}");
    assert_eq!(wallet["lifetime_points"], 50);
    assert_eq!(wallet["pending_points"], 0);
    assert!(wallet["next_posting"].is_null());
    assert_eq!(wallet["entries"][0]["status"], "posted");
    assert_eq!(wallet["entries"][0]["balance_after"], 50);
    assert_eq!(wallet["next_expiry"]["points"], 50);
    assert_eq!(wallet["next_expiry"]["on"], date_after(&app, 365 * DAY));
    let outlook = app
        .feed_record(&ana, "loyalty_outlook")
        .await
        .expect("outlook");
    assert_eq!(outlook["pending_points"], 0);
    assert_eq!(outlook["next_expiry"]["points"], 50);

    // The customer is told in the app.
    let posted = app.notifications_of(&ana, "points_posted").await;
    assert_eq!(posted.len(), 1, "{posted:?}");
    assert_eq!(posted[0]["params"]["points"], "50");

    // Running the step again posts nothing twice.
    let again = companion_server::points::due::run_once(&app.state)
        .await
        .expect("step");
    assert_eq!(again.posted, 0);
    assert_eq!(app.balance(&ana).await, 50);
    assert_eq!(app.notifications_of(&ana, "points_posted").await.len(), 1);
}

#[tokio::test]
async fn a_redemption_only_pending_points_would_cover_is_refused() {
    let app = points_app(72).await;
    let reward = app.reward_costing(100).await;
    let staff = app.staff().await;
    let (ana, account) = member(&app, "ana@example.pt").await;
    let first = app
        .till(&staff, Some(&account.member_code), 60, "LX-1")
        .await;
    assert_eq!(first.status, StatusCode::CREATED);
    app.advance(72 * HOUR).await;
    let second = app
        .till(&staff, Some(&account.member_code), 60, "LX-2")
        .await;
    assert_eq!(second.status, StatusCode::CREATED);
    let wallet = app.loyalty(&ana).await;
    assert_eq!(
        (
            wallet["balance"].as_i64(),
            wallet["pending_points"].as_i64()
        ),
        (Some(60), Some(60))
    );

    let refused = app.redeem(&ana, &reward).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{:?}", refused.body);
    assert_eq!(refused.code(), "insufficient_points");

    app.advance(72 * HOUR).await;
    let redeemed = app.redeem(&ana, &reward).await;
    assert_eq!(redeemed.status, StatusCode::CREATED, "{:?}", redeemed.body);
    assert_eq!(app.balance(&ana).await, 20);
}

#[tokio::test]
async fn points_expire_after_a_year_and_the_oldest_are_spent_first() {
    let app = points_app(0).await;
    let reward = app.reward_costing(150).await;
    let staff = app.staff().await;
    let (ana, account) = member(&app, "ana@example.pt").await;
    let start = app.clock_now();
    assert_eq!(
        app.till(&staff, Some(&account.member_code), 100, "R-1")
            .await
            .status,
        StatusCode::CREATED
    );
    app.advance(30 * DAY).await;
    assert_eq!(
        app.till(&staff, Some(&account.member_code), 100, "R-2")
            .await
            .status,
        StatusCode::CREATED
    );
    let wallet = app.loyalty(&ana).await;
    assert_eq!(wallet["next_expiry"]["points"], 100, "{wallet}");
    assert_eq!(
        wallet["next_expiry"]["on"],
        (start + Duration::from_secs(365 * DAY)).date().to_string()
    );

    let spent = app.redeem(&ana, &reward).await;
    assert_eq!(spent.status, StatusCode::CREATED, "{:?}", spent.body);
    let wallet = app.loyalty(&ana).await;
    assert_eq!(wallet["balance"], 50);
    // The first 100 were spent: what expires next is the 50 left of the second earning.
    assert_eq!(wallet["next_expiry"]["points"], 50, "{wallet}");
    assert_eq!(
        wallet["next_expiry"]["on"],
        (start + Duration::from_secs(395 * DAY)).date().to_string()
    );

    // The first anniversary: nothing left of the first earning, so nothing expires.
    app.advance(335 * DAY).await;
    let wallet = app.loyalty(&ana).await;
    assert_eq!(wallet["balance"], 50, "{wallet}");
    assert_ne!(wallet["entries"][0]["kind"], "expiry");
    // The 50 left expire within 30 days: the customer is warned, once.
    let step = companion_server::points::due::run_once(&app.state)
        .await
        .expect("step");
    assert_eq!(step.warned, 0, "warned by the clock's own run already");
    let warned = app.notifications_of(&ana, "points_expiring").await;
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert_eq!(warned[0]["params"]["points"], "50");
    assert_eq!(
        warned[0]["params"]["on"],
        (start + Duration::from_secs(395 * DAY)).date().to_string()
    );

    // A month later the 50 left of the second earning leave, as one expiry entry.
    app.advance(30 * DAY).await;
    let wallet = app.loyalty(&ana).await;
    assert_eq!(wallet["balance"], 0, "{wallet}");
    assert_eq!(wallet["entries"][0]["kind"], "expiry");
    assert_eq!(wallet["entries"][0]["points"], -50);
    assert_eq!(wallet["entries"][0]["balance_after"], 0);
    assert!(wallet["next_expiry"].is_null(), "{wallet}");
    let expiries = wallet["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|entry| entry["kind"] == "expiry")
        .count();
    assert_eq!(expiries, 1);
    // The balance always equals the sum of the posted entries.
    let posted: i64 = wallet["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|entry| entry["status"] == "posted")
        .map(|entry| entry["points"].as_i64().expect("points"))
        .sum();
    assert_eq!(posted, 0);
    assert_eq!(
        wallet["lifetime_points"], 200,
        "expiry never lowers the tier"
    );
}

#[tokio::test]
async fn a_claim_filed_after_an_unclaimed_receipt_is_credited_at_once_with_the_purchase_window() {
    let app = points_app(72).await;
    let staff = app.staff().await;
    let (ana, _) = member(&app, "ana@example.pt").await;
    let recorded = app.till(&staff, None, 40, "TK-77").await;
    assert_eq!(recorded.status, StatusCode::CREATED, "{:?}", recorded.body);
    assert_eq!(recorded.body["shop"], "main");
    assert!(
        recorded.body.get("credited_claim").is_none(),
        "{:?}",
        recorded.body
    );

    app.advance(DAY).await;
    // Case, spaces and 50 cents apart: the same receipt.
    let claim = app
        .request(
            Method::POST,
            "/v1/points-claims",
            Some(&ana),
            Some(&uuid::Uuid::new_v4().to_string()),
            Some(json!({"shop": " MAIN ", "receipt_reference": "tk-77 ",
                        "purchased_on": date_after(&app, 0), "amount_cents": 4050})),
        )
        .await;
    assert_eq!(claim.status, StatusCode::CREATED, "{:?}", claim.body);
    assert_eq!(claim.body["status"], "credited");
    assert_eq!(claim.body["points"], 40);
    // The points follow the purchase's window: pending until 72 h after the purchase.
    let wallet = app.loyalty(&ana).await;
    assert_eq!(
        (
            wallet["balance"].as_i64(),
            wallet["pending_points"].as_i64()
        ),
        (Some(0), Some(40))
    );
    app.advance(48 * HOUR).await;
    assert_eq!(app.balance(&ana).await, 40);
    let listed = app.get("/v1/points-claims", &ana).await;
    assert_eq!(
        listed.body["claims"][0]["status"], "credited",
        "{:?}",
        listed.body
    );
    let fed = app
        .feed_record(&ana, "points_claim")
        .await
        .expect("claim in the feed");
    assert_eq!(fed["status"], "credited");
}

#[tokio::test]
async fn an_open_claim_is_credited_when_the_till_records_the_receipt_later() {
    let app = points_app(0).await;
    let staff = app.staff().await;
    let (ana, _) = member(&app, "ana@example.pt").await;
    let claim = app.claim(&ana, "main", "TK-9", &app.today(), 25).await;
    assert_eq!(claim.status, StatusCode::CREATED, "{:?}", claim.body);
    assert_eq!(claim.body["status"], "open");
    let reference = claim.body["reference"]
        .as_str()
        .expect("reference")
        .to_string();

    let recorded = app.till(&staff, None, 25, "tk-9").await;
    assert_eq!(recorded.status, StatusCode::CREATED, "{:?}", recorded.body);
    assert_eq!(recorded.body["credited_claim"], reference.as_str());
    assert_eq!(app.balance(&ana).await, 25);
    let listed = app.get("/v1/points-claims", &ana).await;
    assert_eq!(listed.body["claims"][0]["status"], "credited");
    assert_eq!(listed.body["claims"][0]["points"], 25);
    let told = app.feed_record(&ana, "notification").await.expect("told");
    assert_eq!(
        (told["kind"].as_str(), told["params"]["reference"].as_str()),
        (Some("claim_decided"), Some(reference.as_str()))
    );
    // The same receipt at the till again is a duplicate.
    let again = app.till(&staff, None, 25, "TK-9").await;
    assert_eq!(again.code(), "duplicate_receipt");
}

#[tokio::test]
async fn support_credits_one_open_claim_and_rejects_another_with_a_reason_the_customer_reads() {
    let app = points_app(72).await;
    let (ana, account) = member(&app, "ana@example.pt").await;
    let till = app.staff().await;
    let bought = app
        .till(&till, Some(&account.member_code), 12, "T-100")
        .await;
    assert_eq!(bought.status, StatusCode::CREATED, "{:?}", bought.body);
    let first = app.claim(&ana, "porto", "A-1", &app.today(), 30).await;
    let second = app.claim(&ana, "porto", "A-2", &app.today(), 80).await;
    assert_eq!(
        (first.status, second.status),
        (StatusCode::CREATED, StatusCode::CREATED)
    );
    let support = app.staff_member(StaffRole::Support).await;

    let queue = app
        .get("/v1/backoffice/points-claims?status=open", &support.token)
        .await;
    assert_eq!(queue.status, StatusCode::OK, "{:?}", queue.body);
    assert_eq!(queue.body["claims"].as_array().map(Vec::len), Some(2));
    // Beside each claim: who filed it, their latest purchases, the points it would earn.
    // (Both were filed at the same instant of the test clock: no order between them.)
    let queued = queue.body["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .find(|claim| claim["reference"] == first.body["reference"])
        .expect("the first claim is queued");
    assert_eq!(queued["suggested_points"], 30);
    assert_eq!(queued["customer"]["id"], account.id.to_string());
    assert_eq!(queued["customer"]["member_code"], account.member_code);
    assert_eq!(queued["recent_purchases"][0]["kind"], "purchase");
    assert_eq!(
        queued["recent_purchases"][0]["description"],
        "Purchase T-100"
    );
    assert_eq!(queued["recent_purchases"][0]["points"], 12);
    let sales = app.staff().await;
    let refused = app.get("/v1/backoffice/points-claims", &sales).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let decide = |id: &Value, body: Value| {
        let path = format!(
            "/v1/backoffice/points-claims/{}/decision",
            id.as_str().expect("id")
        );
        let token = support.token.clone();
        let app = &app;
        async move { app.post(&path, Some(&token), body).await }
    };
    let no_reason = decide(&second.body["id"], json!({"decision": "reject"})).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);

    let credited = decide(&first.body["id"], json!({"decision": "credit"})).await;
    assert_eq!(credited.status, StatusCode::OK, "{:?}", credited.body);
    assert_eq!(credited.body["status"], "credited");
    assert_eq!(credited.body["points"], 30);
    let rejected = decide(
        &second.body["id"],
        json!({"decision": "reject", "reason": "Este talão é de outra loja."}),
    )
    .await;
    assert_eq!(rejected.status, StatusCode::OK, "{:?}", rejected.body);
    assert_eq!(rejected.body["status"], "rejected");
    let twice = decide(&second.body["id"], json!({"decision": "credit"})).await;
    assert_eq!(twice.code(), "invalid_transition");

    // Credited by support posts at once, even with a 72-hour window for the till.
    assert_eq!(app.balance(&ana).await, 30);
    let mine = app.get("/v1/points-claims", &ana).await;
    let reason = mine.body["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .find(|claim| claim["status"] == "rejected")
        .map(|claim| claim["reason"].clone());
    assert_eq!(reason, Some(json!("Este talão é de outra loja.")));
    // Each decision is in the customer's inbox, with what the app renders it from.
    let page = app.get("/v1/changes", &ana).await;
    let decided: Vec<&Value> = page.body["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|change| change["entity"] == "notification")
        .map(|change| &change["data"])
        .filter(|data| data["kind"] == "claim_decided")
        .collect();
    assert_eq!(decided.len(), 2, "{decided:?}");
    assert_eq!(decided[0]["subject_id"], first.body["id"]);
    assert_eq!(decided[0]["params"]["points"], "30");
    assert_eq!(decided[1]["params"]["status"], "rejected");
    assert_eq!(
        decided[1]["params"]["reason"],
        "Este talão é de outra loja."
    );
    let admin = app.staff_member(StaffRole::Admin).await;
    let audit = app
        .get(
            &format!("/v1/backoffice/audit?account_id={}", account.id),
            &admin.token,
        )
        .await;
    let actions: Vec<&str> = audit.body["entries"]
        .as_array()
        .expect("audit entries")
        .iter()
        .filter_map(|entry| entry["action"].as_str())
        .collect();
    assert_eq!(
        actions
            .iter()
            .filter(|a| **a == "points_claim_decision")
            .count(),
        2,
        "{actions:?}"
    );
}

#[tokio::test]
async fn a_claim_left_by_an_erased_customer_stays_in_the_queue_without_anyone_behind_it() {
    let app = points_app(0).await;
    let (ana, _) = member(&app, "ana@example.pt").await;
    let claim = app.claim(&ana, "porto", "E-1", &app.today(), 20).await;
    assert_eq!(claim.status, StatusCode::CREATED, "{:?}", claim.body);
    let removed = app
        .request(
            Method::DELETE,
            "/v1/account",
            Some(&ana),
            None,
            Some(json!({"password": crate::helpers::PASSWORD})),
        )
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT, "{:?}", removed.body);
    let support = app.staff_member(StaffRole::Support).await;
    let queue = app
        .get("/v1/backoffice/points-claims", &support.token)
        .await;
    assert_eq!(queue.status, StatusCode::OK, "{:?}", queue.body);
    assert_eq!(
        queue.body["claims"][0]["reference"],
        claim.body["reference"]
    );
    assert_eq!(queue.body["claims"][0]["customer"], Value::Null);
    assert_eq!(queue.body["claims"][0]["recent_purchases"], json!([]));
}

#[tokio::test]
async fn claims_are_refused_too_late_in_the_future_twice_or_when_already_credited() {
    let app = points_app(0).await;
    let staff = app.staff().await;
    let (ana, account) = member(&app, "ana@example.pt").await;
    let (rui, _) = member(&app, "rui@example.pt").await;

    let long_ago = (app.clock_now() - Duration::from_secs(91 * DAY))
        .date()
        .to_string();
    let late = app.claim(&ana, "main", "OLD-1", &long_ago, 10).await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(late.code(), "claim_too_late");
    let ninety = (app.clock_now() - Duration::from_secs(90 * DAY))
        .date()
        .to_string();
    assert_eq!(
        app.claim(&ana, "main", "OLD-2", &ninety, 10).await.status,
        StatusCode::CREATED
    );
    let future = app
        .claim(&ana, "main", "NEW-1", &date_after(&app, DAY), 10)
        .await;
    assert_eq!(future.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(future.code(), "invalid_purchase_date");

    assert_eq!(
        app.claim(&ana, "main", "TWICE", &app.today(), 10)
            .await
            .status,
        StatusCode::CREATED
    );
    let twice = app.claim(&ana, "Main", " twice", &app.today(), 10).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert_eq!(twice.code(), "claim_exists");
    let someone_else = app.claim(&rui, "main", "TWICE", &app.today(), 10).await;
    assert_eq!(someone_else.code(), "claim_exists");

    let bought = app
        .till(&staff, Some(&account.member_code), 10, "PAID-1")
        .await;
    assert_eq!(bought.status, StatusCode::CREATED);
    let credited = app.claim(&rui, "main", "paid-1", &app.today(), 10).await;
    assert_eq!(credited.status, StatusCode::CONFLICT);
    assert_eq!(credited.code(), "already_credited");
}

#[tokio::test]
async fn support_grants_goodwill_within_bounds_and_a_daily_cap() {
    let app = spawn_app_with(|settings| {
        settings.goodwill_daily_cap = 600;
        long_sessions(settings);
    })
    .await;
    let (ana, account) = member(&app, "ana@example.pt").await;
    let support = app.staff_member(StaffRole::Support).await;
    let path = format!("/v1/backoffice/accounts/{}/points", account.id);
    for points in [0, 501] {
        let refused = app
            .post(
                &path,
                Some(&support.token),
                json!({"points": points, "reason": "Desculpe"}),
            )
            .await;
        assert_eq!(refused.code(), "invalid_points", "{points}");
    }
    let granted = app
        .post(
            &path,
            Some(&support.token),
            json!({"points": 500, "reason": "Atraso na entrega"}),
        )
        .await;
    assert_eq!(granted.status, StatusCode::CREATED, "{:?}", granted.body);
    assert_eq!(granted.body["kind"], "goodwill");
    assert_eq!(app.balance(&ana).await, 500, "goodwill posts at once");
    let capped = app
        .post(
            &path,
            Some(&support.token),
            json!({"points": 101, "reason": "Mais"}),
        )
        .await;
    assert_eq!(capped.code(), "daily_award_limit");
    app.clock.advance(Duration::from_secs(DAY + 1));
    let next_day = app
        .post(
            &path,
            Some(&support.token),
            json!({"points": 101, "reason": "Mais"}),
        )
        .await;
    assert_eq!(next_day.status, StatusCode::CREATED, "{:?}", next_day.body);
    let sales = app.staff().await;
    let forbidden = app
        .post(&path, Some(&sales), json!({"points": 1, "reason": "x"}))
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_test_clock_exists_only_when_turned_on() {
    let off = spawn_app_with(|_| {}).await;
    let answer = off
        .request(Method::GET, "/v1/test-clock", None, None, None)
        .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    let moved = off
        .post("/v1/test-clock/advance", None, json!({"seconds": 60}))
        .await;
    assert_eq!(moved.status, StatusCode::NOT_FOUND);
    let doc = off
        .request(Method::GET, "/v1/openapi.json", None, None, None)
        .await;
    assert!(doc.body["paths"].get("/v1/test-clock").is_none());
    assert!(doc.body["paths"].get("/v1/points-claims").is_some());

    let on = points_app(72).await;
    let before = on
        .request(Method::GET, "/v1/test-clock", None, None, None)
        .await;
    assert_eq!(before.status, StatusCode::OK);
    let after = on.advance(90).await;
    let parse = |v: &Value| {
        time::OffsetDateTime::parse(
            v.as_str().expect("now"),
            &time::format_description::well_known::Rfc3339,
        )
        .expect("rfc3339")
    };
    assert_eq!(
        parse(&after.body["now"]) - parse(&before.body["now"]),
        time::Duration::seconds(90)
    );
    let doc = on
        .request(Method::GET, "/v1/openapi.json", None, None, None)
        .await;
    assert!(doc.body["paths"].get("/v1/test-clock/advance").is_some());
}
