//! Catalogues from operations' CSV files: all or nothing, bad lines named, re-import
//! updates, a withdrawn reward leaves the app but its vouchers stay valid.

use std::process::Command;

use companion_server::catalogues::{self, Imported};
use companion_server::csv_import::ImportError;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::spawn_app;

const REWARDS: &str = "id,category,cost_points,name_pt,name_en,description_pt,description_en,active
cafe-gratis,gadget,100,Café grátis,Free coffee,Um café na loja.,A coffee in the shop.,true
desconto-5,discount,500,Desconto de 5 €,5 € off,Na próxima compra.,On your next purchase.,true
";

#[tokio::test]
async fn rewards_load_from_csv_and_a_withdrawn_one_keeps_its_vouchers() {
    let app = spawn_app().await;
    let lines = catalogues::parse_rewards(REWARDS.as_bytes()).expect("valid file");
    let done = catalogues::import_rewards(&app.state.db, &lines)
        .await
        .expect("imported");
    assert_eq!(
        done,
        Imported {
            added: 2,
            updated: 0
        }
    );

    let (token, session) = app.customer("csv@example.pt").await;
    let staff = app.staff().await;
    app.give_points(&staff, &session.account, 150).await;
    let listed = app.get("/v1/rewards", &token).await;
    let ids: Vec<&str> = listed.body["rewards"]
        .as_array()
        .expect("rewards")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert_eq!(ids, ["cafe-gratis", "desconto-5"]);
    assert_eq!(
        listed.body["rewards"][0]["translations"]["en"]["name"],
        "Free coffee"
    );
    let redeemed = app
        .post(
            "/v1/redemptions",
            Some(&token),
            json!({"reward_id": "cafe-gratis"}),
        )
        .await;
    assert_eq!(redeemed.status, StatusCode::CREATED, "{:?}", redeemed.body);

    // Withdrawn and repriced by a second import of the same ids.
    let withdrawn = REWARDS
        .replace(
            "Um café na loja.,A coffee in the shop.,true",
            "Um café na loja.,A coffee in the shop.,false",
        )
        .replace(",500,", ",450,");
    let lines = catalogues::parse_rewards(withdrawn.as_bytes()).expect("valid file");
    let done = catalogues::import_rewards(&app.state.db, &lines)
        .await
        .expect("imported");
    assert_eq!(
        done,
        Imported {
            added: 0,
            updated: 2
        }
    );
    let listed = app.get("/v1/rewards", &token).await;
    assert_eq!(listed.body["rewards"].as_array().map(Vec::len), Some(1));
    assert_eq!(listed.body["rewards"][0]["cost_points"], 450);
    let refused = app
        .post(
            "/v1/redemptions",
            Some(&token),
            json!({"reward_id": "cafe-gratis"}),
        )
        .await;
    assert_eq!(refused.code(), "unknown_reward");
    let vouchers = app.get("/v1/redemptions", &token).await;
    assert_eq!(
        vouchers.body["redemptions"][0]["voucher_code"], redeemed.body["voucher_code"],
        "the voucher bought before stays valid"
    );
}

#[tokio::test]
async fn a_file_with_a_bad_line_changes_nothing_and_names_the_line() {
    let app = spawn_app().await;
    let bad = format!("{REWARDS}broken,toys,0,,,,,perhaps\n");
    let Err(ImportError::BadLines(lines)) = catalogues::parse_rewards(bad.as_bytes()) else {
        panic!("refused")
    };
    assert_eq!(lines.iter().map(|(line, _)| *line).collect::<Vec<_>>(), [4]);
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM rewards")
        .fetch_one(app.state.db.pool())
        .await
        .expect("count");
    assert_eq!(count, 0, "nothing half-imported");

    // The command says the same and fails.
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("rewards.csv");
    std::fs::write(&file, &bad).expect("file");
    let run = Command::new(env!("CARGO_BIN_EXE_companion-server"))
        .arg("import-rewards")
        .arg(&file)
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/cli.db", dir.path().display()),
        )
        .env("RUST_LOG", "error")
        .output()
        .expect("runs");
    assert!(!run.status.success());
    let said = String::from_utf8_lossy(&run.stderr);
    assert!(said.contains("line 4"), "{said}");
}

#[tokio::test]
async fn collection_points_load_from_csv_and_a_closed_one_is_not_offered() {
    let app = spawn_app().await;
    let file = "id,name,address,postal_code,city,latitude,longitude,opening_hours,active
cp-chiado,Loja Chiado,Rua Garrett 1,1200-203,Lisboa,38.7107,-9.1420,Seg–Sáb 10:00–20:00,true
cp-porto,Loja Porto,Rua de Santa Catarina 312,4000-443,Porto,41.1496,-8.6061,Seg–Sáb 09:30–19:30,true
";
    let lines = catalogues::parse_points(file.as_bytes()).expect("valid");
    catalogues::import_points(&app.state.db, &lines)
        .await
        .expect("imported");
    let (token, _) = app.customer("points@example.pt").await;
    let listed = app.get("/v1/collection-points", &token).await;
    assert_eq!(
        listed.body["collection_points"].as_array().map(Vec::len),
        Some(2)
    );

    let closed = file.replace("09:30–19:30,true", "09:30–19:30,false");
    let lines = catalogues::parse_points(closed.as_bytes()).expect("valid");
    catalogues::import_points(&app.state.db, &lines)
        .await
        .expect("imported");
    let listed = app.get("/v1/collection-points", &token).await;
    let ids: Vec<&str> = listed.body["collection_points"]
        .as_array()
        .expect("points")
        .iter()
        .filter_map(|p| p["id"].as_str())
        .collect();
    assert_eq!(ids, ["cp-chiado"]);
    let [device] = app.catalog(1).await[..] else {
        panic!("one device")
    };
    app.register_device(&token, device.as_str()).await;
    let to_closed = app
        .post(
            "/v1/guarantee-requests",
            Some(&token),
            json!({"device_id": device.as_str(), "fault_description": "Não aquece depois de carregar.",
                   "delivery": {"kind": "collection_point", "collection_point_id": "cp-porto"}}),
        )
        .await;
    assert_eq!(to_closed.code(), "unknown_collection_point");
}
