//! Messages to customer support, signed in or not.

use companion_domain::wire::{ExportedSupportRequest, SupportTopic};
use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::clock::{from_millis, to_millis};
use crate::db::col;
use crate::error::ApiError;

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
