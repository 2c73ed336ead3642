//! The mail outbox as the mail tests read it: every row, and waiting for the only row to
//! reach a state. Shared by the `api` and `cluster` suites (each includes this file with
//! `#[path]`).

use std::time::{Duration, Instant};

use companion_domain::wire::{MailMessage, MailStatus};
use companion_server::db::Db;
use companion_server::store::mail_outbox;

/// Every row of the outbox, whatever its status.
pub async fn outbox(db: &Db) -> Vec<MailMessage> {
    let mut conn = db.pool().acquire().await.expect("connection");
    let mut rows = Vec::new();
    for status in MailStatus::ALL {
        rows.extend(
            mail_outbox::list(&mut conn, Some(status))
                .await
                .expect("listed"),
        );
    }
    rows
}

/// Waits (up to 30 s: the cluster's processes start cold) until the outbox's only row
/// satisfies `test`.
pub async fn wait_for_row(db: &Db, test: impl Fn(&MailMessage) -> bool) -> MailMessage {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30) {
        if let [row] = outbox(db).await.as_slice() {
            if test(row) {
                return row.clone();
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the outbox never got there: {:?}", outbox(db).await);
}
