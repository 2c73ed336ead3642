//! Goodwill points granted by support: who granted what, for the per-agent daily cap (the
//! points themselves are a ledger entry).

use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::clock::to_millis;

/// Records that `staff_id` granted the goodwill `entry_id` of `points` to `account_id`.
pub async fn record(
    conn: &mut AnyConnection,
    entry_id: &str,
    staff_id: &str,
    account_id: &str,
    points: i64,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO goodwill_grants (entry_id, staff_id, account_id, points, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(entry_id)
    .bind(staff_id)
    .bind(account_id)
    .bind(points)
    .bind(to_millis(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Goodwill points `staff_id` granted since `since`.
pub async fn granted_since(
    conn: &mut AnyConnection,
    staff_id: &str,
    since: OffsetDateTime,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM goodwill_grants
         WHERE staff_id = $1 AND created_at >= $2",
    )
    .bind(staff_id)
    .bind(to_millis(since))
    .fetch_one(&mut *conn)
    .await
}
