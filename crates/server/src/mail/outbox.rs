//! The outbox's two ends: [`enqueue`] in the request's transaction, and the worker's
//! step [`deliver_one`] (with [`deliver_due`] and the loop [`run_forever`] around it).
//!
//! Exactly once as the recipient sees it: a row is claimed by one conditional `UPDATE`
//! that gives the worker a lease ([`LEASE`]), so two instances never send it at once; it
//! is marked sent right after the SMTP server accepted it. A process killed between that
//! acceptance and the mark leaves the row `sending`; when the lease runs out another run
//! sends it again — the one duplicate this design allows, with the same Message-ID.

use std::time::Duration;

use rand::Rng;
use sqlx::AnyConnection;
use time::OffsetDateTime;
use uuid::Uuid;

use super::compose::{compose, From};
use super::messages::{Mail, Recipient};
use super::templates::{render, Template, TemplateError};
use super::transport::SendError;
use crate::error::ApiResult;
use crate::state::AppState;
use crate::store::mail_outbox::{self as store, ClaimedMail, NewMail};

/// How long a claimed row is the claiming worker's: longer than any attempt can take
/// (SMTP commands time out after a minute; [`SEND_DEADLINE`] stops the whole attempt).
pub const LEASE: Duration = Duration::from_secs(5 * 60);

/// The longest one attempt may take, however the server dawdles.
pub const SEND_DEADLINE: Duration = Duration::from_secs(3 * 60);

/// How often an idle worker looks for due rows.
pub const POLL_EVERY: Duration = Duration::from_millis(500);

/// Attempts before giving up: with [`backoff`] that is about 24 hours of trying.
pub const MAX_ATTEMPTS: i64 = 20;

/// Writes `mail` to `to` into the outbox, in the caller's transaction; the worker sends it
/// once that commits. Returns the row's id.
pub async fn enqueue(
    conn: &mut AnyConnection,
    to: &Recipient,
    mail: &Mail,
    now: OffsetDateTime,
) -> ApiResult<Uuid> {
    let id = Uuid::new_v4();
    let params = serde_json::to_string(&mail.params()).map_err(anyhow::Error::from)?;
    store::insert(
        conn,
        &NewMail {
            id,
            account_id: to.account_id.as_deref(),
            recipient: &to.address,
            template: mail.template().as_str(),
            language: to.language,
            params: &params,
            message_id: &From::message_id(&id.to_string()),
            now,
        },
    )
    .await?;
    Ok(id)
}

/// What one step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// Nothing was due.
    EmptyQueue,
    /// A message left.
    Sent,
    /// A message did not leave and is due again at this time.
    Retrying(OffsetDateTime),
    /// A message was given up.
    Failed,
}

/// What [`deliver_due`] did in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Delivered {
    /// Messages that left.
    pub sent: u64,
    /// Messages put back for later.
    pub retrying: u64,
    /// Messages given up.
    pub failed: u64,
}

/// Delivers every message due as of the state's clock, one after the other, until none
/// is left (a message put back for later is not due again in the same run).
pub async fn deliver_due(state: &AppState) -> ApiResult<Delivered> {
    let mut done = Delivered::default();
    loop {
        match deliver_one(state).await? {
            Attempt::EmptyQueue => return Ok(done),
            Attempt::Sent => done.sent += 1,
            Attempt::Retrying(_) => done.retrying += 1,
            Attempt::Failed => done.failed += 1,
        }
    }
}

/// Claims the oldest due message, if any, and tries to send it.
pub async fn deliver_one(state: &AppState) -> ApiResult<Attempt> {
    let now = state.clock.now();
    let claimed = {
        let mut conn = state.db.pool().acquire().await?;
        store::claim(&mut conn, state.db.backend(), now, now + LEASE).await?
    };
    let Some(row) = claimed else {
        return Ok(Attempt::EmptyQueue);
    };
    let outcome = match build(&row, now) {
        Ok(message) => {
            match tokio::time::timeout(SEND_DEADLINE, state.mailer.send(message)).await {
                Ok(sent) => sent,
                Err(_) => Err(SendError::Transient(format!(
                    "no answer within {} s",
                    SEND_DEADLINE.as_secs()
                ))),
            }
        }
        Err(error) => Err(SendError::Permanent(error.to_string())),
    };
    let later = state.clock.now();
    let mut conn = state.db.pool().acquire().await?;
    match outcome {
        Ok(()) => {
            store::mark_sent(&mut conn, &row.id, later).await?;
            tracing::info!(mail_id = %row.id, template = %row.template, attempts = row.attempts, "mail sent");
            Ok(Attempt::Sent)
        }
        Err(SendError::Transient(error)) if row.attempts < MAX_ATTEMPTS => {
            let at = later + backoff(row.attempts);
            store::reschedule(&mut conn, &row.id, at, &error).await?;
            tracing::warn!(mail_id = %row.id, template = %row.template, attempts = row.attempts, %error,
                "mail not sent; trying again later");
            Ok(Attempt::Retrying(at))
        }
        Err(error) => {
            store::mark_failed(&mut conn, &row.id, &error.to_string()).await?;
            tracing::error!(mail_id = %row.id, template = %row.template, attempts = row.attempts,
                queued_at = %row.created_at, %error, "mail given up");
            Ok(Attempt::Failed)
        }
    }
}

/// Runs [`deliver_due`] every [`POLL_EVERY`] until the task is dropped; a database error
/// is logged and tried again next time.
pub async fn run_forever(state: AppState) {
    loop {
        if let Err(error) = deliver_due(&state).await {
            tracing::warn!(%error, "mail delivery failed; retrying later");
        }
        tokio::time::sleep(POLL_EVERY).await;
    }
}

/// The wait after failed attempt number `attempts` (1 for the first): 30 s doubling up to
/// 2 hours, each stretched or shrunk by up to a quarter at random so that messages
/// refused together do not all come back together.
pub fn backoff(attempts: i64) -> Duration {
    let doubling = attempts.clamp(1, 16) as u32 - 1;
    let base = (30u64 << doubling).min(2 * 3600);
    let jitter = rand::rng().random_range(0.75..=1.25);
    Duration::from_secs_f64(base as f64 * jitter)
}

/// The message a claimed row stands for.
fn build(row: &ClaimedMail, now: OffsetDateTime) -> Result<lettre::Message, BuildError> {
    let template =
        Template::from_name(&row.template).ok_or(TemplateError::Unknown(row.template.clone()))?;
    let params: serde_json::Value = serde_json::from_str(&row.params)?;
    let rendered = render(template, row.language, &params)?;
    Ok(compose(&row.recipient, &row.message_id, &rendered, now)?)
}

/// Why a row cannot become a message: permanent, never retried.
#[derive(Debug, thiserror::Error)]
enum BuildError {
    /// No such template, or it does not render with the row's values.
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// The stored params are not JSON.
    #[error("the stored params are not JSON: {0}")]
    Params(#[from] serde_json::Error),
    /// An address does not parse.
    #[error(transparent)]
    Message(#[from] super::transport::MailError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_from_half_a_minute_to_two_hours_over_about_a_day() {
        let first = backoff(1).as_secs_f64();
        assert!((22.0..=38.0).contains(&first), "{first}");
        assert!(backoff(30).as_secs() <= 9000);
        // The waits of every attempt before giving up add up to about a day.
        let base: u64 = (1..MAX_ATTEMPTS)
            .map(|n| (30u64 << (n.clamp(1, 16) - 1)).min(7200))
            .sum();
        assert!((20 * 3600..=28 * 3600).contains(&base), "{base}");
    }
}
