//! Mail through the outbox, against a real SMTP server on loopback (Python's aiosmtpd,
//! `tests/smtp_sink.py` through `tests/shared/smtp_sink.rs`, started per test on a free
//! port): delivery with well-formed headers, the recipient's language, an SMTP server that
//! is down, refusing (451, 550), slow, or outlived by a restart; operations' view of the
//! queue; and the in-app notifications written with the events they report.

use std::time::{Duration, Instant};

use companion_domain::wire::{MailStatus, StaffRole};
use companion_server::config::MailSettings;
use companion_server::mail::LEASE;
use companion_server::store::mail_outbox;
use companion_server::testing::{code_in, TestServer, PASSWORD};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{spawn_app_with, TestApp};
use crate::outbox::wait_for_row;
use crate::smtp_sink::SmtpSink;

fn smtp_to(port: u16) -> MailSettings {
    MailSettings::Smtp {
        url: format!("smtp://127.0.0.1:{port}"),
    }
}

async fn app_sending_to(port: u16) -> TestApp {
    spawn_app_with(|settings| settings.mail = smtp_to(port)).await
}

async fn ask_reset(app: &TestApp, email: &str) -> Duration {
    let started = Instant::now();
    let asked = app
        .post("/v1/password-resets", None, json!({ "email": email }))
        .await;
    assert_eq!(asked.status, StatusCode::ACCEPTED, "{:?}", asked.body);
    started.elapsed()
}

async fn signed_up(app: &TestApp, email: &str, extra: Value) -> String {
    let mut body = app.sign_up_body(email);
    if let (Some(body), Value::Object(extra)) = (body.as_object_mut(), extra) {
        body.extend(extra);
    }
    let created = app.sign_up(body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let session = app.log_in(email, PASSWORD).await;
    assert_eq!(session.status, StatusCode::OK, "{:?}", session.body);
    session.body["access_token"]
        .as_str()
        .expect("token")
        .to_string()
}

#[tokio::test]
async fn a_reset_code_arrives_over_smtp_in_portuguese_with_every_header() {
    let port = SmtpSink::free_port();
    let sink = SmtpSink::start(port, &[]);
    let app = app_sending_to(port).await;
    signed_up(&app, "smtp.pt@example.pt", json!({})).await;

    ask_reset(&app, "smtp.pt@example.pt").await;
    let mail = sink.wait_for(1).await.remove(0);
    for header in [
        "From: Companion <no-reply@companion.pt>",
        "To: smtp.pt@example.pt",
        "Message-ID: <",
        "@companion.pt>",
        "Date: ",
        "MIME-Version: 1.0",
        "multipart/alternative",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Type: text/html; charset=utf-8",
        "Subject: O seu =?utf-8?",
    ] {
        assert!(mail.contains(header), "{header:?} missing: {mail}");
    }
    assert!(mail.contains("O seu código: "), "{mail}");
    assert!(
        mail.contains("Precisa de ajuda?") && mail.contains("apoio@companion.pt"),
        "the footer says how to reach support: {mail}"
    );
    let row = wait_for_row(&app.state.db, |row| row.status == MailStatus::Sent).await;
    assert!(
        mail.contains(&format!("Message-ID: <{}@companion.pt>", row.id)),
        "the Message-ID is the row's: {mail}"
    );

    // The code in the email is the one that works.
    let code = code_in(&mail).expect("a code");
    let confirmed = app
        .post(
            "/v1/password-resets/confirm",
            None,
            json!({"token": code, "new_password": "outra-gaivota-no-tejo-azul"}),
        )
        .await;
    assert_eq!(
        confirmed.status,
        StatusCode::NO_CONTENT,
        "{:?}",
        confirmed.body
    );
}

#[tokio::test]
async fn an_account_in_english_gets_english_and_can_switch_back() {
    let port = SmtpSink::free_port();
    let sink = SmtpSink::start(port, &[]);
    let app = app_sending_to(port).await;
    let token = signed_up(&app, "smtp.en@example.pt", json!({"language": "en"})).await;
    let account = app.get("/v1/account", &token).await;
    assert_eq!(account.body["language"], "en", "{:?}", account.body);
    let feed = app.get("/v1/changes", &token).await;
    let change = feed.body["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .find(|c| c["entity"] == "account")
        .cloned()
        .expect("the account is in the feed");
    assert_eq!(change["data"]["language"], "en");

    ask_reset(&app, "smtp.en@example.pt").await;
    let mail = sink.wait_for(1).await.remove(0);
    assert!(mail.contains("Subject: Your password reset code"), "{mail}");
    assert!(
        mail.contains("Your code: ") && mail.contains("Need help?"),
        "{mail}"
    );

    let patched = app
        .request(
            Method::PATCH,
            "/v1/account",
            Some(&token),
            None,
            Some(json!({"language": "pt"})),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{:?}", patched.body);
    assert_eq!(patched.body["language"], "pt");
    let refused = app
        .request(
            Method::PATCH,
            "/v1/account",
            Some(&token),
            None,
            Some(json!({"language": "fr"})),
        )
        .await;
    assert_eq!(refused.status.as_u16() / 100, 4, "{:?}", refused.body);

    // Resetting the password ended the sessions; the next email is Portuguese.
    ask_reset(&app, "smtp.en@example.pt").await;
    let mail = sink.wait_for(2).await.remove(1);
    assert!(mail.contains("O seu código: "), "{mail}");
}

#[tokio::test]
async fn smtp_down_during_the_request_then_up_delivers_exactly_once() {
    let port = SmtpSink::free_port();
    let app = app_sending_to(port).await;
    signed_up(&app, "down@example.pt", json!({})).await;

    let took = ask_reset(&app, "down@example.pt").await;
    assert!(took < Duration::from_secs(2), "answered at once: {took:?}");
    let row = wait_for_row(&app.state.db, |row| {
        row.status == MailStatus::Pending && row.attempts == 1
    })
    .await;
    assert!(row.last_error.is_some(), "{row:?}");

    let sink = SmtpSink::start(port, &[]);
    app.clock.advance(Duration::from_secs(10 * 60));
    let messages = sink.wait_for(1).await;
    assert!(code_in(&messages[0]).is_some());
    wait_for_row(&app.state.db, |row| row.status == MailStatus::Sent).await;

    // Later runs, by the worker and by hand, find nothing more to send.
    app.clock.advance(Duration::from_secs(24 * 3600));
    tokio::time::sleep(Duration::from_millis(1500)).await;
    app.emails().await;
    assert_eq!(sink.messages().len(), 1, "delivered exactly once");
}

#[tokio::test]
async fn a_451_answer_is_tried_again_later() {
    let port = SmtpSink::free_port();
    let sink = SmtpSink::start(port, &["--reject-first", "1"]);
    let app = app_sending_to(port).await;
    signed_up(&app, "greylisted@example.pt", json!({})).await;

    ask_reset(&app, "greylisted@example.pt").await;
    let row = wait_for_row(&app.state.db, |row| {
        row.attempts == 1 && row.last_error.is_some()
    })
    .await;
    assert_eq!(row.status, MailStatus::Pending, "{row:?}");
    assert!(
        row.last_error.as_deref().is_some_and(|e| e.contains("451")),
        "{row:?}"
    );
    assert!(sink.messages().is_empty());

    app.clock.advance(Duration::from_secs(2 * 60));
    sink.wait_for(1).await;
    let row = wait_for_row(&app.state.db, |row| row.status == MailStatus::Sent).await;
    assert_eq!(row.attempts, 2);
    assert_eq!(sink.messages().len(), 1);
}

#[tokio::test]
async fn a_slow_smtp_server_does_not_slow_the_api() {
    let port = SmtpSink::free_port();
    let sink = SmtpSink::start(port, &["--delay", "5"]);
    let app = app_sending_to(port).await;
    for email in ["slow.a@example.pt", "slow.b@example.pt"] {
        signed_up(&app, email, json!({})).await;
    }
    for email in ["slow.a@example.pt", "slow.b@example.pt"] {
        let took = ask_reset(&app, email).await;
        assert!(
            took < Duration::from_secs(1),
            "the answer does not wait for the 5-second server: {took:?}"
        );
    }
    // Meanwhile the API answers everything else at once.
    let started = Instant::now();
    let health = app
        .client
        .get(format!("{}/healthz", app.address))
        .send()
        .await
        .expect("sent");
    assert_eq!(health.status(), StatusCode::OK);
    assert!(started.elapsed() < Duration::from_secs(1));
    let messages = sink.wait_for(2).await;
    assert_eq!(messages.len(), 2);
}

#[tokio::test]
async fn mail_pending_when_the_server_stops_is_delivered_after_a_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let port = SmtpSink::free_port();
    let mut server = TestServer::spawn_with(dir.path(), |s| s.mail = smtp_to(port)).await;
    let client = reqwest::Client::new();
    let post = |path: &str, body: Value| {
        client
            .post(format!("{}{path}", server.address))
            .json(&body)
            .send()
    };
    let created = post(
        "/v1/accounts",
        json!({"email": "restart@example.pt", "password": PASSWORD, "given_name": "Rui",
               "family_name": "Sousa", "birth_date": "1980-02-02", "country": "PT",
               "accept_terms": true}),
    )
    .await
    .expect("sent");
    assert_eq!(created.status(), StatusCode::CREATED);
    let asked = post(
        "/v1/password-resets",
        json!({"email": "restart@example.pt"}),
    )
    .await
    .expect("sent");
    assert_eq!(asked.status(), StatusCode::ACCEPTED);
    wait_for_row(&server.state.db, |row| row.attempts == 1).await;

    server.stop().await;
    let sink = SmtpSink::start(port, &[]);
    server.restart().await;
    server.clock.advance(Duration::from_secs(10 * 60));
    let messages = sink.wait_for(1).await;
    assert!(messages[0].contains("To: restart@example.pt"));
    wait_for_row(&server.state.db, |row| row.status == MailStatus::Sent).await;
    assert_eq!(sink.messages().len(), 1);
}

#[tokio::test]
async fn a_row_held_by_a_worker_that_died_is_sent_once_its_lease_runs_out() {
    let port = SmtpSink::free_port();
    let app = app_sending_to(port).await;
    signed_up(&app, "lease@example.pt", json!({})).await;
    ask_reset(&app, "lease@example.pt").await;
    wait_for_row(&app.state.db, |row| row.attempts == 1).await;

    // Another instance claims the row a minute later and dies mid-send.
    use companion_server::clock::Clock;
    let then = app.clock.now() + Duration::from_secs(60);
    let claimed = mail_outbox::claim(
        &mut app.state.db.pool().acquire().await.expect("connection"),
        app.state.db.backend(),
        then,
        then + LEASE,
    )
    .await
    .expect("claims");
    assert!(claimed.is_some(), "the retry was due");

    let sink = SmtpSink::start(port, &[]);
    app.clock.advance(Duration::from_secs(2 * 60));
    tokio::time::sleep(Duration::from_millis(1500)).await;
    app.emails().await;
    assert!(sink.messages().is_empty(), "the lease holds it");

    app.clock.advance(LEASE);
    sink.wait_for(1).await;
    let row = wait_for_row(&app.state.db, |row| row.status == MailStatus::Sent).await;
    assert_eq!(row.attempts, 3, "the dead worker's attempt counts");
    assert_eq!(sink.messages().len(), 1);
}

#[tokio::test]
async fn operations_see_a_refused_message_and_send_it_again() {
    let port = SmtpSink::free_port();
    let sink = SmtpSink::start(port, &["--reject-first", "1", "--reject-code", "550"]);
    let app = app_sending_to(port).await;
    signed_up(&app, "refused@example.pt", json!({})).await;
    ask_reset(&app, "refused@example.pt").await;
    let row = wait_for_row(&app.state.db, |row| row.status == MailStatus::Failed).await;
    assert_eq!(row.attempts, 1, "a 5xx is not tried again");

    let operations = app.staff_member(StaffRole::Operations).await;
    let queue = app
        .get("/v1/backoffice/mail?status=failed", &operations.token)
        .await;
    assert_eq!(queue.status, StatusCode::OK, "{:?}", queue.body);
    let messages = queue.body["messages"].as_array().expect("messages");
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["recipient"], "r***@example.pt");
    assert_eq!(messages[0]["template"], "password_reset");
    assert!(messages[0]["last_error"]
        .as_str()
        .is_some_and(|e| e.contains("550")));
    assert!(messages[0].get("params").is_none(), "never the contents");
    assert_eq!(queue.body["counts"]["failed"], 1);
    let metrics = app
        .client
        .get(format!("{}/metrics", app.address))
        .send()
        .await
        .expect("sent")
        .text()
        .await
        .expect("text");
    assert!(
        metrics.contains("companion_mail_outbox{status=\"failed\"} 1"),
        "{metrics}"
    );
    let sales = app.staff_member(StaffRole::Sales).await;
    let refused = app.get("/v1/backoffice/mail", &sales.token).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let retry = format!("/v1/backoffice/mail/{}/retry", row.id);
    let retried = app.post(&retry, Some(&operations.token), json!({})).await;
    assert_eq!(retried.status, StatusCode::NO_CONTENT, "{:?}", retried.body);
    sink.wait_for(1).await;
    wait_for_row(&app.state.db, |row| row.status == MailStatus::Sent).await;
    let again = app.post(&retry, Some(&operations.token), json!({})).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);

    let audit = app
        .get(
            "/v1/backoffice/audit?action=mail_queue_read",
            &admin_token(&app).await,
        )
        .await;
    assert_eq!(audit.status, StatusCode::OK, "{:?}", audit.body);
    assert!(!audit.body["entries"]
        .as_array()
        .expect("entries")
        .is_empty());
}

async fn admin_token(app: &TestApp) -> String {
    app.staff_member(StaffRole::Admin).await.token
}

#[tokio::test]
async fn a_support_reply_is_emailed_and_notified_in_the_app_and_read_once() {
    let port = SmtpSink::free_port();
    let sink = SmtpSink::start(port, &[]);
    let app = app_sending_to(port).await;
    let token = signed_up(&app, "inbox@example.pt", json!({"language": "en"})).await;
    let asked = app
        .post(
            "/v1/support-requests",
            Some(&token),
            json!({"topic": "other", "message": "O meu dispositivo não liga."}),
        )
        .await;
    assert_eq!(asked.status, StatusCode::CREATED, "{:?}", asked.body);
    let request_id = asked.body["id"].as_str().expect("id").to_string();
    let support = app.staff_member(StaffRole::Support).await;
    let replied = app
        .post(
            &format!("/v1/backoffice/support-requests/{request_id}/reply"),
            Some(&support.token),
            json!({"message": "Experimente carregar durante uma hora.", "action": "none"}),
        )
        .await;
    assert_eq!(replied.status, StatusCode::NO_CONTENT, "{:?}", replied.body);
    let mail = sink.wait_for(1).await.remove(0);
    assert!(
        mail.contains("Subject: Your support request")
            && mail.contains("Experimente carregar durante uma hora."),
        "{mail}"
    );

    let feed = app.get("/v1/changes", &token).await;
    let notification = feed.body["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .find(|c| c["entity"] == "notification")
        .cloned()
        .expect("a notification in the feed");
    assert_eq!(notification["data"]["kind"], "support_reply");
    assert_eq!(notification["data"]["subject_id"], request_id.as_str());
    assert!(notification["data"]["read_at"].is_null());
    assert!(notification["data"]["params"]["reference"].is_string());
    let id = notification["id"].as_str().expect("id").to_string();

    let path = format!("/v1/notifications/{id}/read");
    let read = app.post(&path, Some(&token), json!({})).await;
    assert_eq!(read.status, StatusCode::OK, "{:?}", read.body);
    let read_at = read.body["read_at"].clone();
    assert!(read_at.is_string());
    app.clock.advance(Duration::from_secs(60));
    let again = app.post(&path, Some(&token), json!({})).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.body["read_at"], read_at, "the first read stays");
    let all = app
        .post("/v1/notifications/read-all", Some(&token), json!({}))
        .await;
    assert_eq!(all.body["marked"], 0, "{:?}", all.body);

    let (stranger, _) = app.customer("stranger@example.pt").await;
    let theirs = app.post(&path, Some(&stranger), json!({})).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
}
