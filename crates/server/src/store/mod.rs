//! Reading and writing the domain's records. Handlers decide; these functions keep the
//! SQL for each record in one place so that no query is written twice. Every `sqlx::query`
//! of the server lives under this folder (`tests/tidy.rs` checks it): a handler parses its
//! input, calls a function here and maps the error.

pub mod accounts;
pub mod audit;
pub mod changes;
pub mod collection_points;
pub mod devices;
pub mod erasure;
pub mod goodwill;
pub mod guarantee;
pub mod idempotency;
pub mod ledger;
pub mod login_devices;
pub mod mail_outbox;
pub mod notifications;
pub mod one_time_codes;
pub mod points_claims;
pub mod purchases;
pub mod rewards;
pub mod sessions;
pub mod staff_factors;
pub mod support_requests;
pub mod throttle;
pub mod transfers;
pub mod troubleshooting;

use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use time::Date;

use crate::error::ApiError;

/// The row that `sql` (one text parameter, `$1`) finds, if any, made a record by
/// `from_row`: the shape of every look-up of one record by its key.
pub async fn one_by<T>(
    conn: &mut AnyConnection,
    sql: String,
    key: &str,
    from_row: impl Fn(&AnyRow) -> Result<T, ApiError>,
) -> Result<Option<T>, ApiError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(key)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// `YYYY-MM-DD`, the storage form of dates.
pub fn date_to_text(date: Date) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    date.format(&format).unwrap_or_default()
}

/// Parses a stored date.
pub fn date_from_text(text: &str) -> anyhow::Result<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text, &format).map_err(|e| anyhow::anyhow!("bad stored date {text:?}: {e}"))
}

/// Which end of a customer's list comes first: the app's screens show the newest first,
/// the data export reads like a diary, oldest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Oldest first (the export).
    OldestFirst,
    /// Newest first (the screens).
    NewestFirst,
}

impl Order {
    /// The SQL direction of `ORDER BY created_at`.
    fn direction(self) -> &'static str {
        match self {
            Order::OldestFirst => "ASC",
            Order::NewestFirst => "DESC",
        }
    }
}
