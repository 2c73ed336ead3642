//! Finished troubleshooting sessions (anonymous: a model, a symptom, an outcome) and the
//! statistics the back office reads from them and from replacement requests.

use std::collections::BTreeMap;

use companion_domain::troubleshooting::FaultCode;
use companion_domain::wire::{NewTroubleshootingSession, TroubleshootingStatsRow};
use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::clock::to_millis;
use crate::db::col;
use crate::error::ApiError;

/// Records a finished session of a device of `model`; false when this id was recorded
/// already (the phone sent it again), so each session counts once.
pub async fn record(
    conn: &mut AnyConnection,
    session: &NewTroubleshootingSession,
    model: &str,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query(
        "INSERT INTO troubleshooting_sessions (id, model, fault_code, outcome, steps, finished_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING",
    )
    .bind(session.id.to_string())
    .bind(model)
    .bind(session.fault_code.as_str())
    .bind(session.outcome.as_str())
    .bind(i64::from(session.steps))
    .bind(to_millis(now))
    .execute(&mut *conn)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// By model and symptom: sessions, solved, led to a request (from the sessions) and the
/// replacement requests naming the symptom (from the requests, whatever made them).
pub async fn stats(
    conn: &mut AnyConnection,
    model: Option<&str>,
) -> Result<Vec<TroubleshootingStatsRow>, ApiError> {
    let (session_filter, request_filter) = match model {
        Some(_) => ("WHERE model = $1", "WHERE d.model = $1"),
        None => ("", ""),
    };
    let sessions = format!(
        "SELECT model, fault_code, COUNT(*) AS sessions,
                SUM(CASE WHEN outcome = 'solved' THEN 1 ELSE 0 END) AS solved,
                SUM(CASE WHEN outcome = 'replacement' THEN 1 ELSE 0 END) AS led_to_request
         FROM troubleshooting_sessions {session_filter} GROUP BY model, fault_code"
    );
    let requests = format!(
        "SELECT d.model, COALESCE(r.fault_code, 'other') AS fault_code, COUNT(*) AS requests
         FROM guarantee_requests r JOIN devices d ON d.device_id = r.device_id
         {request_filter} GROUP BY d.model, COALESCE(r.fault_code, 'other')"
    );
    let bind = |sql: String| {
        let query = sqlx::query(sqlx::AssertSqlSafe(sql));
        match model {
            Some(model) => query.bind(model.to_string()),
            None => query,
        }
    };
    let sessions = bind(sessions).fetch_all(&mut *conn).await?;
    let requests = bind(requests).fetch_all(&mut *conn).await?;
    let mut by_key: BTreeMap<(String, &'static str), TroubleshootingStatsRow> = BTreeMap::new();
    for row in &sessions {
        let stats = row_of(&mut by_key, col(row, "model")?, col(row, "fault_code")?);
        stats.sessions += col::<i64>(row, "sessions")?;
        stats.solved += col::<i64>(row, "solved")?;
        stats.led_to_request += col::<i64>(row, "led_to_request")?;
    }
    for row in &requests {
        let stats = row_of(&mut by_key, col(row, "model")?, col(row, "fault_code")?);
        stats.requests += col::<i64>(row, "requests")?;
    }
    Ok(by_key.into_values().collect())
}

/// The statistics row of a model and symptom, started at zero.
fn row_of<'a>(
    rows: &'a mut BTreeMap<(String, &'static str), TroubleshootingStatsRow>,
    model: String,
    code: String,
) -> &'a mut TroubleshootingStatsRow {
    let code = FaultCode::from_name(&code);
    rows.entry((model.clone(), code.as_str()))
        .or_insert_with(|| TroubleshootingStatsRow {
            model,
            fault_code: code,
            sessions: 0,
            solved: 0,
            led_to_request: 0,
            requests: 0,
        })
}
