//! Reading and writing the domain's records. Handlers decide; these functions keep the
//! SQL for each record in one place so that no query is written twice.

pub mod accounts;
pub mod changes;
pub mod devices;
pub mod erasure;
pub mod guarantee;
pub mod ledger;
pub mod login_devices;
pub mod purchases;
pub mod rewards;
pub mod throttle;

use time::Date;

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
