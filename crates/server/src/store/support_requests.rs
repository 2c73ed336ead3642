//! Messages to customer support, signed in or not.

use companion_domain::wire::{
    ExportedSupportRequest, SupportInboxItem, SupportStatus, SupportTopic,
};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::clock::{from_millis, to_millis};
use crate::db::col;
use crate::error::ApiError;
use crate::store::accounts::parse_uuid;

/// A support request to record.
#[derive(Debug)]
pub struct NewSupportRequest<'a> {
    /// Its id.
    pub id: uuid::Uuid,
    /// The reference the customer quotes (`SR-…`).
    pub reference: &'a str,
    /// The signed-in customer, if any.
    pub account_id: Option<&'a str>,
    /// What it is about.
    pub topic: SupportTopic,
    /// The message, already checked.
    pub message: &'a str,
    /// A device it concerns (how a signed-out customer who forgot their email is found).
    pub device_id: Option<&'a str>,
    /// Where to answer a signed-out customer.
    pub contact_email: Option<&'a str>,
    /// When.
    pub at: OffsetDateTime,
}

/// Records a support request.
pub async fn insert(
    conn: &mut AnyConnection,
    request: &NewSupportRequest<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO support_requests (id, reference, account_id, topic, message, device_id, contact_email, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(request.id.to_string())
    .bind(request.reference)
    .bind(request.account_id)
    .bind(request.topic.as_str())
    .bind(request.message)
    .bind(request.device_id)
    .bind(request.contact_email)
    .bind(to_millis(request.at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The account's support requests, oldest first, for the data export. Signed-out requests
/// count too when they gave the account's `email` to answer to.
pub async fn for_export(
    conn: &mut AnyConnection,
    account_id: &str,
    email: &str,
) -> Result<Vec<ExportedSupportRequest>, ApiError> {
    let rows = sqlx::query(
        "SELECT reference, topic, message, device_id, contact_email, created_at FROM support_requests
         WHERE account_id = $1 OR contact_email = $2 ORDER BY created_at",
    )
    .bind(account_id)
    .bind(email)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let topic: String = col(row, "topic")?;
            Ok(ExportedSupportRequest {
                reference: col(row, "reference")?,
                // A topic this version does not know is still exported, as "other".
                topic: serde_json::from_value(serde_json::Value::String(topic))
                    .unwrap_or(SupportTopic::Other),
                message: col(row, "message")?,
                device_id: col(row, "device_id")?,
                contact_email: col(row, "contact_email")?,
                created_at: from_millis(col(row, "created_at")?),
            })
        })
        .collect()
}

/// The account a request belongs to: its signed-in sender, else the owner of the device it
/// names, else the live account with the email it gave ("I forgot my email" finds the
/// customer by their device).
const MATCHED_ACCOUNT: &str = "COALESCE(s.account_id,
        (SELECT d.owner_id FROM devices d WHERE d.device_id = s.device_id),
        (SELECT a.id FROM accounts a WHERE a.email = s.contact_email AND a.erased_at IS NULL))";

/// The inbox: requests with `status`, oldest first, each with the account it matches.
pub async fn inbox(
    conn: &mut AnyConnection,
    status: SupportStatus,
) -> Result<Vec<SupportInboxItem>, ApiError> {
    let sql = format!(
        "SELECT s.id, s.reference, s.topic, s.message, s.device_id, s.contact_email, s.status,
                s.created_at, {MATCHED_ACCOUNT} AS matched_account
         FROM support_requests s WHERE s.status = $1 ORDER BY s.created_at, s.id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(status_name(status))
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(inbox_item).collect()
}

/// One request of the inbox.
pub async fn find(
    conn: &mut AnyConnection,
    id: &str,
) -> Result<Option<SupportInboxItem>, ApiError> {
    let sql = format!(
        "SELECT s.id, s.reference, s.topic, s.message, s.device_id, s.contact_email, s.status,
                s.created_at, {MATCHED_ACCOUNT} AS matched_account
         FROM support_requests s WHERE s.id = $1"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(inbox_item).transpose()
}

/// Closes an open request; false if it was already closed (two agents answering at once).
pub async fn close(
    conn: &mut AnyConnection,
    id: &str,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let closed = sqlx::query(
        "UPDATE support_requests SET status = 'closed', closed_at = $1 WHERE id = $2 AND status = 'open'",
    )
    .bind(to_millis(now))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(closed.rows_affected() == 1)
}

fn status_name(status: SupportStatus) -> &'static str {
    match status {
        SupportStatus::Open => "open",
        SupportStatus::Closed => "closed",
    }
}

fn inbox_item(row: &AnyRow) -> Result<SupportInboxItem, ApiError> {
    let topic: String = col(row, "topic")?;
    let status: String = col(row, "status")?;
    Ok(SupportInboxItem {
        id: parse_uuid(&col::<String>(row, "id")?)?,
        reference: col(row, "reference")?,
        topic: serde_json::from_value(serde_json::Value::String(topic))
            .unwrap_or(SupportTopic::Other),
        message: col(row, "message")?,
        device_id: col(row, "device_id")?,
        contact_email: col(row, "contact_email")?,
        status: if status == "closed" {
            SupportStatus::Closed
        } else {
            SupportStatus::Open
        },
        account_id: col::<Option<String>>(row, "matched_account")?
            .map(|id| parse_uuid(&id))
            .transpose()?,
        created_at: from_millis(col(row, "created_at")?),
    })
}
