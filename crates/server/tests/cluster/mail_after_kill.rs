//! `kill -9` of a `serve` process with mail in its outbox: the real binary, given no chance
//! to clean up, then started again on the same database. Whichever state the kill left the
//! row in (`pending` after a refused connection, or `sending` under the dead process's
//! lease), the new process delivers it exactly once, with the row's Message-ID, and marks
//! it `sent`. Both processes run with `TEST_CLOCK=1`, so the retry's backoff and the lease
//! run out by a request (`POST /v1/test-clock/advance`), not by waiting; the test only polls
//! for outcomes.

use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::time::Duration;

use companion_domain::wire::{MailMessage, MailStatus};
use companion_server::db::Db;
use companion_server::mail::{From, LEASE};
use companion_server::testing::{code_in, PASSWORD};
use reqwest::StatusCode;
use serde_json::json;

use super::{listening, spawn_instance, Instance};
use crate::outbox::{outbox, wait_for_row};
use crate::smtp_sink::SmtpSink;

#[tokio::test]
async fn mail_pending_when_serve_is_killed_is_delivered_once_after_a_restart() {
    let dir = tempfile::tempdir().expect("dir");
    let url = companion_server::testing::database_url(dir.path()).await;
    // Nothing listens on the SMTP port yet: every attempt is refused.
    let port = SmtpSink::free_port();
    let mut first = serve(&url, dir.path(), port).await;
    let db = Db::connect(&url).await.expect("database");
    let email = "killed.pending@example.pt";
    ask_reset(&first, email).await;
    // Tried once, refused, due again in about 30 s of a clock that stands still.
    let row = wait_for_row(&db, |row| {
        row.status == MailStatus::Pending && row.attempts == 1
    })
    .await;
    assert!(row.last_error.is_some(), "{row:?}");

    kill_9(&mut first).await;
    let sink = SmtpSink::start(port, &[]);
    let second = serve(&url, dir.path(), port).await;
    advance(&second, Duration::from_secs(10 * 60)).await;
    let sent = delivered_once(&db, &sink, email, &row).await;
    assert_eq!(sent.attempts, 2, "{sent:?}");
}

#[tokio::test]
async fn mail_being_sent_when_serve_is_killed_is_delivered_once_its_lease_runs_out() {
    let dir = tempfile::tempdir().expect("dir");
    let url = companion_server::testing::database_url(dir.path()).await;
    // An SMTP server that takes the connection and never says a word: the attempt hangs
    // (lettre waits a minute for the greeting) with the row leased to the first process.
    let stalled = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = stalled.local_addr().expect("address").port();
    let mut first = serve(&url, dir.path(), port).await;
    let db = Db::connect(&url).await.expect("database");
    let email = "killed.sending@example.pt";
    ask_reset(&first, email).await;
    let row = wait_for_row(&db, |row| row.status == MailStatus::Sending).await;

    kill_9(&mut first).await;
    let [left] = outbox(&db).await.try_into().expect("one row");
    assert_eq!(left.status, MailStatus::Sending, "the kill left it leased");
    drop(stalled);
    let sink = SmtpSink::start(port, &[]);
    let second = serve(&url, dir.path(), port).await;
    advance(&second, LEASE + Duration::from_secs(60)).await;
    let sent = delivered_once(&db, &sink, email, &row).await;
    assert_eq!(sent.attempts, 2, "the killed attempt counts: {sent:?}");
}

/// A `serve` process on `database_url` sending through SMTP on loopback `port`, with the
/// test clock.
async fn serve(database_url: &str, dir: &Path, port: u16) -> Instance {
    let smtp = format!("smtp://127.0.0.1:{port}");
    let env = [("SMTP_URL", smtp.as_str()), ("TEST_CLOCK", "1")];
    listening(spawn_instance(database_url, &dir.join("unused-mail"), &env)).await
}

/// SIGKILL, not a graceful stop: nothing in the process runs after it.
async fn kill_9(instance: &mut Instance) {
    instance.child.start_kill().expect("SIGKILL sent");
    let status = instance.child.wait().await.expect("exit status");
    assert_eq!(status.signal(), Some(9), "{status:?}");
}

/// Signs `email` up and asks for a password reset for it (202): one row in the outbox.
async fn ask_reset(instance: &Instance, email: &str) {
    let http = reqwest::Client::new();
    let post = |path: &str, body: serde_json::Value| {
        http.post(format!("{}{path}", instance.address))
            .json(&body)
            .send()
    };
    let created = post(
        "/v1/accounts",
        json!({"email": email, "password": PASSWORD, "given_name": "Rui", "family_name": "Sousa",
               "birth_date": "1980-02-02", "country": "PT", "accept_terms": true}),
    )
    .await
    .expect("sent");
    assert_eq!(created.status(), StatusCode::CREATED);
    let asked = post("/v1/password-resets", json!({ "email": email }))
        .await
        .expect("sent");
    assert_eq!(asked.status(), StatusCode::ACCEPTED);
}

/// Moves the instance's test clock on by `by`.
async fn advance(instance: &Instance, by: Duration) {
    let moved = reqwest::Client::new()
        .post(format!("{}/v1/test-clock/advance", instance.address))
        .json(&json!({ "seconds": by.as_secs() }))
        .send()
        .await
        .expect("sent");
    assert_eq!(moved.status(), StatusCode::OK);
}

/// Waits until the sink received a message and `row` is marked sent, then checks the sink
/// holds exactly one message, to `email`, with the row's Message-ID and a code. A sent row
/// is never claimed again, and the sink writes a message before answering 250, so once the
/// row says `sent` every copy that could arrive is there.
async fn delivered_once(db: &Db, sink: &SmtpSink, email: &str, row: &MailMessage) -> MailMessage {
    sink.wait_for(1).await;
    let sent = wait_for_row(db, |row| row.status == MailStatus::Sent).await;
    assert_eq!(sent.id, row.id, "the same row");
    let messages = sink.messages();
    let to_them: Vec<&String> = messages
        .iter()
        .filter(|m| m.contains(&format!("To: {email}")))
        .collect();
    assert_eq!(
        (to_them.len(), messages.len()),
        (1, 1),
        "exactly one message: {messages:?}"
    );
    let message_id = From::message_id(&row.id.to_string());
    assert!(
        to_them[0].contains(&format!("Message-ID: {message_id}")),
        "the row's Message-ID {message_id}: {}",
        to_them[0]
    );
    assert!(code_in(to_them[0]).is_some(), "{}", to_them[0]);
    sent
}
