//! The mail outbox: every email the server sends, from the request that causes it to the
//! SMTP server's answer. Written in the caller's transaction; claimed by one conditional
//! `UPDATE` with a lease, so two workers (two instances) never hold one row at once.

use companion_domain::wire::{Language, MailCounts, MailMessage, MailStatus};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::clock::{from_millis, to_millis};
use crate::db::{col, Backend};
use crate::error::ApiError;
use crate::store::accounts::parse_uuid;

/// A message to queue.
#[derive(Debug, Clone)]
pub struct NewMail<'a> {
    /// The row's id, also the Message-ID's left part.
    pub id: uuid::Uuid,
    /// The recipient's account, when there is one (erasure deletes the row with it).
    pub account_id: Option<&'a str>,
    /// The address.
    pub recipient: &'a str,
    /// The template's name.
    pub template: &'a str,
    /// The language it is written in.
    pub language: Language,
    /// The template's values, JSON.
    pub params: &'a str,
    /// The Message-ID header, fixed now so every attempt sends the same one.
    pub message_id: &'a str,
    /// Now: queued and due at once.
    pub now: OffsetDateTime,
}

/// Queues a message, due at once.
pub async fn insert(conn: &mut AnyConnection, mail: &NewMail<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO mail_outbox (id, account_id, recipient, template, language, params, status, attempts,
                                  next_attempt_at, message_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $8, $7)",
    )
    .bind(mail.id.to_string())
    .bind(mail.account_id)
    .bind(mail.recipient)
    .bind(mail.template)
    .bind(mail.language.as_str())
    .bind(mail.params)
    .bind(to_millis(mail.now))
    .bind(mail.message_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A row a worker holds until `locked_until`.
#[derive(Debug, Clone)]
pub struct ClaimedMail {
    /// The row's id.
    pub id: String,
    /// The address.
    pub recipient: String,
    /// The template's name.
    pub template: String,
    /// Its language.
    pub language: Language,
    /// The template's values, JSON.
    pub params: String,
    /// Attempts including this one.
    pub attempts: i64,
    /// The Message-ID header.
    pub message_id: String,
    /// When it was queued.
    pub created_at: OffsetDateTime,
}

/// Which rows a worker may take: due pending ones, and those whose sender's lease ran
/// out (a process killed mid-send).
const CLAIMABLE: &str =
    "(status = 'pending' AND next_attempt_at <= $1) OR (status = 'sending' AND locked_until <= $1)";

/// Takes the oldest due row, if any, holding it until `lease_until`. The `WHERE` is
/// checked again by the `UPDATE` itself, so of two workers racing for one row only one
/// gets it; PostgreSQL also skips rows another transaction is claiming at that moment.
pub async fn claim(
    conn: &mut AnyConnection,
    backend: Backend,
    now: OffsetDateTime,
    lease_until: OffsetDateTime,
) -> Result<Option<ClaimedMail>, ApiError> {
    let skip_locked = match backend {
        Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let sql = format!(
        "UPDATE mail_outbox SET status = 'sending', locked_until = $2, attempts = attempts + 1
         WHERE id = (SELECT id FROM mail_outbox WHERE {CLAIMABLE}
                     ORDER BY next_attempt_at LIMIT 1 {skip_locked})
           AND ({CLAIMABLE})
         RETURNING id, recipient, template, language, params, attempts, message_id, created_at"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(to_millis(now))
        .bind(to_millis(lease_until))
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|row| {
        Ok(ClaimedMail {
            id: col(&row, "id")?,
            recipient: col(&row, "recipient")?,
            template: col(&row, "template")?,
            language: Language::from_name(&col::<String>(&row, "language")?),
            params: col(&row, "params")?,
            attempts: col(&row, "attempts")?,
            message_id: col(&row, "message_id")?,
            created_at: from_millis(col(&row, "created_at")?),
        })
    })
    .transpose()
}

/// Delivered: the params (a one-time code, a reply's text) are emptied, as nothing will
/// read them again.
pub async fn mark_sent(
    conn: &mut AnyConnection,
    id: &str,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE mail_outbox SET status = 'sent', sent_at = $2, params = '{}', locked_until = NULL,
                last_error = NULL
         WHERE id = $1",
    )
    .bind(id)
    .bind(to_millis(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Not delivered this time: try again at `next_attempt_at`.
pub async fn reschedule(
    conn: &mut AnyConnection,
    id: &str,
    next_attempt_at: OffsetDateTime,
    error: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE mail_outbox SET status = 'pending', next_attempt_at = $2, locked_until = NULL,
                last_error = $3
         WHERE id = $1",
    )
    .bind(id)
    .bind(to_millis(next_attempt_at))
    .bind(error)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Given up (a permanent refusal, or too many attempts); kept for operations to see.
pub async fn mark_failed(
    conn: &mut AnyConnection,
    id: &str,
    error: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE mail_outbox SET status = 'failed', locked_until = NULL, last_error = $2 WHERE id = $1",
    )
    .bind(id)
    .bind(error)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Puts a failed row back in the queue, due now, with its attempts counted afresh;
/// `false` if there is no failed row with this id.
pub async fn retry(
    conn: &mut AnyConnection,
    id: &str,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE mail_outbox SET status = 'pending', attempts = 0, next_attempt_at = $2
         WHERE id = $1 AND status = 'failed'",
    )
    .bind(id)
    .bind(to_millis(now))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The most rows one listing shows.
pub const LIST_LIMIT: i64 = 500;

/// The rows with `status` (or every row not sent), oldest first, recipients unmasked.
pub async fn list(
    conn: &mut AnyConnection,
    status: Option<MailStatus>,
) -> Result<Vec<MailMessage>, ApiError> {
    let rows = sqlx::query(
        "SELECT id, account_id, recipient, template, language, status, attempts, next_attempt_at,
                last_error, created_at, sent_at
         FROM mail_outbox
         WHERE ($1 IS NULL AND status <> 'sent') OR status = $1
         ORDER BY created_at LIMIT $2",
    )
    .bind(status.map(MailStatus::as_str))
    .bind(LIST_LIMIT)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(message_from_row).collect()
}

fn message_from_row(row: &AnyRow) -> Result<MailMessage, ApiError> {
    let status: String = col(row, "status")?;
    Ok(MailMessage {
        id: parse_uuid(&col::<String>(row, "id")?)?,
        recipient: col(row, "recipient")?,
        account_id: col::<Option<String>>(row, "account_id")?
            .as_deref()
            .map(parse_uuid)
            .transpose()?,
        template: col(row, "template")?,
        language: Language::from_name(&col::<String>(row, "language")?),
        status: MailStatus::from_name(&status)
            .ok_or_else(|| anyhow::anyhow!("unknown stored mail status {status:?}"))?,
        attempts: col(row, "attempts")?,
        next_attempt_at: from_millis(col(row, "next_attempt_at")?),
        last_error: col(row, "last_error")?,
        created_at: from_millis(col(row, "created_at")?),
        sent_at: col::<Option<i64>>(row, "sent_at")?.map(from_millis),
    })
}

/// How many rows have each status.
pub async fn counts(conn: &mut AnyConnection) -> Result<MailCounts, sqlx::Error> {
    let rows = sqlx::query("SELECT status, COUNT(*) AS n FROM mail_outbox GROUP BY status")
        .fetch_all(&mut *conn)
        .await?;
    let mut counts = MailCounts::default();
    for row in &rows {
        let n: i64 = col(row, "n")?;
        match MailStatus::from_name(&col::<String>(row, "status")?) {
            Some(MailStatus::Pending) => counts.pending = n,
            Some(MailStatus::Sending) => counts.sending = n,
            Some(MailStatus::Sent) => counts.sent = n,
            Some(MailStatus::Failed) => counts.failed = n,
            None => {}
        }
    }
    Ok(counts)
}

/// Forgets delivered messages queued before `before` (their params are already empty;
/// the row only says a message went out).
pub async fn purge_sent(
    conn: &mut AnyConnection,
    before: OffsetDateTime,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM mail_outbox WHERE status = 'sent' AND created_at < $1")
        .bind(to_millis(before))
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}
