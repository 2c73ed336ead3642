//! No password, token or one-time code ever reaches a log line, even at debug level.
//! Runs the real binary and reads everything it logs.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_never_appear_in_the_logs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_companion-server"))
        .arg("serve")
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/logs.db", dir.path().display()),
        )
        .env("BIND_ADDR", "127.0.0.1:0")
        .env("MAIL_OUTBOX_DIR", dir.path().join("mail"))
        .env("RUST_LOG", "debug")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("server starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut stderr = child.stderr.take().expect("stderr");
    let logs = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let mut line = String::new();
    stdout.read_line(&mut line).expect("address line");
    let base = line.trim().rsplit(' ').next().expect("address").to_string();
    assert!(base.starts_with("http://127.0.0.1:"), "{line}");

    let client = reqwest::Client::new();
    let password = "segredo-muito-comprido-42";
    let new_password = "outro-segredo-ainda-maior-7";
    let post = |path: &str, body: serde_json::Value| {
        client.post(format!("{base}{path}")).json(&body).send()
    };
    let signup = json!({"email": "logs@example.pt", "password": password, "given_name": "Ana", "family_name": "Silva",
                        "birth_date": "1990-01-01", "country": "PT", "accept_terms": true});
    assert_eq!(
        post("/v1/accounts", signup).await.expect("sent").status(),
        201
    );
    post(
        "/v1/sessions",
        json!({"email": "logs@example.pt", "password": "wrong-password-typed"}),
    )
    .await
    .expect("sent");
    let session: serde_json::Value = post(
        "/v1/sessions",
        json!({"email": "logs@example.pt", "password": password}),
    )
    .await
    .expect("sent")
    .json()
    .await
    .expect("json");
    let access = session["access_token"]
        .as_str()
        .expect("access")
        .to_string();
    let refresh = session["refresh_token"]
        .as_str()
        .expect("refresh")
        .to_string();
    let rotated: serde_json::Value =
        post("/v1/sessions/refresh", json!({"refresh_token": refresh}))
            .await
            .expect("sent")
            .json()
            .await
            .expect("json");
    client
        .get(format!("{base}/v1/account"))
        .bearer_auth(&access)
        .send()
        .await
        .expect("sent");
    post("/v1/password-resets", json!({"email": "logs@example.pt"}))
        .await
        .expect("sent");
    let mut code = None;
    for _ in 0..100 {
        if let Some(mail) = std::fs::read_dir(dir.path().join("mail"))
            .ok()
            .and_then(|mut d| d.next())
            .and_then(Result::ok)
        {
            let text = std::fs::read_to_string(mail.path()).unwrap_or_default();
            if let Some(found) = companion_server::testing::code_in(&text) {
                code = Some(found);
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let code = code.expect("reset mail");
    let confirmed = post(
        "/v1/password-resets/confirm",
        json!({"token": code, "new_password": new_password}),
    )
    .await
    .expect("sent");
    assert_eq!(confirmed.status(), 204);

    // A support agent made by the operator's tool enrols a second factor and logs in:
    // neither the factor's secret, the challenge token nor the code may be logged.
    let created = Command::new(env!("CARGO_BIN_EXE_companion-server"))
        .args([
            "create-staff",
            "--email",
            "apoio.logs@companion.pt",
            "--password",
            password,
        ])
        .args(["--name", "Apoio", "--role", "support"])
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/logs.db", dir.path().display()),
        )
        .env("RUST_LOG", "warn")
        .output()
        .expect("create-staff runs");
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let challenge: serde_json::Value = post(
        "/v1/sessions",
        json!({"email": "apoio.logs@companion.pt", "password": password}),
    )
    .await
    .expect("sent")
    .json()
    .await
    .expect("json");
    let factor = challenge["enrolment"]["secret"]
        .as_str()
        .expect("enrolment")
        .to_string();
    let mfa_token = challenge["mfa_token"]
        .as_str()
        .expect("mfa token")
        .to_string();
    let totp_code =
        companion_server::testing::authenticator_code(&factor, time::OffsetDateTime::now_utc());
    let staff_session: serde_json::Value = post(
        "/v1/sessions/mfa",
        json!({"mfa_token": mfa_token, "code": totp_code}),
    )
    .await
    .expect("sent")
    .json()
    .await
    .expect("json");
    let staff_access = staff_session["access_token"]
        .as_str()
        .unwrap_or_else(|| panic!("staff signed in: {staff_session}"))
        .to_string();

    let _ = child.kill();
    let _ = child.wait();
    let logs = logs.join().expect("log reader");
    assert!(
        logs.contains("request"),
        "the server logged requests: {logs}"
    );
    // Security events say who and from where, never the secret.
    let account_id = session["account"]["id"].as_str().expect("id");
    for event in ["login_failed", "login", "password_reset"] {
        let line = logs
            .lines()
            .find(|line| line.contains("security") && line.contains(&format!("event=\"{event}\"")))
            .unwrap_or_else(|| panic!("no {event} event in: {logs}"));
        assert!(line.contains("client=127.0.0.1"), "{line}");
        if event != "login_failed" {
            assert!(line.contains(account_id), "{line}");
        }
    }
    let secrets = [
        session["device_token"]
            .as_str()
            .expect("device token")
            .to_string(),
        password.to_string(),
        new_password.to_string(),
        access,
        refresh,
        rotated["refresh_token"]
            .as_str()
            .expect("rotated")
            .to_string(),
        code.clone(),
        code.replace('-', ""),
        factor,
        mfa_token,
        totp_code,
        staff_access,
    ];
    for secret in secrets {
        assert!(
            !logs.contains(&secret),
            "a secret reached the logs: {secret}"
        );
    }
}
