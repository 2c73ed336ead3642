//! The wallet: history, tiers, rewards and redemptions that never overspend.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::spawn_app;

#[tokio::test]
async fn purchases_build_the_history_newest_first_in_pages_and_raise_the_tier() {
    let app = spawn_app().await;
    let staff = app.staff().await;
    let (access, session) = app.customer("wallet@example.pt").await;
    for euros in [10, 20, 30, 40, 50] {
        app.give_points(&staff, &session.account, euros).await;
    }
    let page = app.get("/v1/loyalty?limit=2", &access).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body["balance"], 150);
    assert_eq!(page.body["lifetime_points"], 150);
    assert_eq!(page.body["tier"], "silver");
    assert_eq!(
        page.body["next_tier"],
        json!({"tier": "gold", "points_needed": 1350})
    );
    let points: Vec<i64> = page.body["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| e["points"].as_i64().expect("points"))
        .collect();
    assert_eq!(points, vec![50, 40]);
    let before = page.body["next_before"].as_str().expect("more pages");
    let rest = app
        .get(&format!("/v1/loyalty?limit=10&before={before}"), &access)
        .await;
    let points: Vec<i64> = rest.body["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| e["points"].as_i64().expect("points"))
        .collect();
    assert_eq!(points, vec![30, 20, 10]);
    assert!(rest.body["next_before"].is_null());

    app.give_points(&staff, &session.account, 1350).await;
    assert_eq!(app.get("/v1/loyalty", &access).await.body["tier"], "gold");
    let bad = app.get("/v1/loyalty?limit=0", &access).await;
    assert_eq!(
        (bad.status, bad.code()),
        (StatusCode::BAD_REQUEST, "invalid_query")
    );
}

#[tokio::test]
async fn a_reward_is_exchanged_for_a_voucher_and_unaffordable_ones_are_refused() {
    let app = spawn_app().await;
    app.seed_rewards_and_points().await;
    let staff = app.staff().await;
    let (access, session) = app.customer("redeem@example.pt").await;
    let rewards = app
        .request(Method::GET, "/v1/rewards", None, None, None)
        .await;
    let categories: Vec<&str> = rewards.body["rewards"]
        .as_array()
        .expect("rewards")
        .iter()
        .filter_map(|r| r["category"].as_str())
        .collect();
    for category in ["discount", "fuel", "gadget"] {
        assert!(categories.contains(&category), "{category}");
    }
    for reward in rewards.body["rewards"].as_array().expect("rewards") {
        let english = &reward["translations"]["en"];
        assert!(
            english["name"].as_str().is_some_and(|n| !n.is_empty())
                && english["name"] != reward["name"],
            "each reward in Portuguese and English: {reward}"
        );
    }
    let poor = app
        .post(
            "/v1/redemptions",
            Some(&access),
            json!({"reward_id": "discount-5"}),
        )
        .await;
    assert_eq!(
        (poor.status, poor.code()),
        (StatusCode::CONFLICT, "insufficient_points")
    );

    app.give_points(&staff, &session.account, 300).await;
    let voucher = app
        .post(
            "/v1/redemptions",
            Some(&access),
            json!({"reward_id": "discount-5"}),
        )
        .await;
    assert_eq!(voucher.status, StatusCode::CREATED, "{:?}", voucher.body);
    assert_eq!(voucher.body["points"], 250);
    assert_eq!(
        voucher.body["voucher_code"].as_str().map(str::len),
        Some(12)
    );
    assert_eq!(app.balance(&access).await, 50);
    let listed = app.get("/v1/redemptions", &access).await;
    assert_eq!(
        listed.body["redemptions"][0]["voucher_code"],
        voucher.body["voucher_code"]
    );
    let summary = app.get("/v1/loyalty", &access).await;
    assert_eq!(
        summary.body["lifetime_points"], 300,
        "spending does not lower the tier's basis"
    );
    assert_eq!(summary.body["entries"][0]["points"], -250);

    let unknown = app
        .post(
            "/v1/redemptions",
            Some(&access),
            json!({"reward_id": "no-such-reward"}),
        )
        .await;
    assert_eq!(
        (unknown.status, unknown.code()),
        (StatusCode::NOT_FOUND, "unknown_reward")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_parallel_redemptions_never_overspend() {
    let app = spawn_app().await;
    app.seed_rewards_and_points().await;
    let staff = app.staff().await;
    let (access, session) = app.customer("race@example.pt").await;
    app.give_points(&staff, &session.account, 1000).await; // exactly 4 × 250
    let attempts = (0..50).map(|_| {
        app.post(
            "/v1/redemptions",
            Some(&access),
            json!({"reward_id": "discount-5"}),
        )
    });
    let answers = futures::future::join_all(attempts).await;
    let won = answers
        .iter()
        .filter(|a| a.status == StatusCode::CREATED)
        .count();
    let refused = answers
        .iter()
        .filter(|a| a.code() == "insufficient_points")
        .count();
    assert_eq!(
        (won, refused),
        (4, 46),
        "{:?}",
        answers.iter().map(|a| a.status).collect::<Vec<_>>()
    );
    assert_eq!(app.balance(&access).await, 0);
    let history = app.get("/v1/loyalty?limit=200", &access).await;
    let sum: i64 = history.body["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| e["points"].as_i64().expect("points"))
        .sum();
    assert_eq!(sum, 0, "the ledger adds up to the balance");
}

#[tokio::test]
async fn a_redemption_retried_with_its_key_is_charged_once() {
    let app = spawn_app().await;
    app.seed_rewards_and_points().await;
    let staff = app.staff().await;
    let (access, session) = app.customer("once@example.pt").await;
    app.give_points(&staff, &session.account, 600).await;
    let key = uuid::Uuid::new_v4().to_string();
    let body = json!({"reward_id": "discount-5"});
    let first = app
        .request(
            Method::POST,
            "/v1/redemptions",
            Some(&access),
            Some(&key),
            Some(body.clone()),
        )
        .await;
    let retry = app
        .request(
            Method::POST,
            "/v1/redemptions",
            Some(&access),
            Some(&key),
            Some(body),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(retry.body, first.body);
    assert_eq!(app.balance(&access).await, 350);
}
