//! Throttle counters in the shared database: every instance of the API counts into the
//! same rows, and a restart forgets nothing.

use sqlx::AnyConnection;

use crate::db::col;

/// A bucket's state right after counting one hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    /// Hits in the current window, this one included.
    pub hits: i64,
    /// When the current window began (Unix milliseconds).
    pub window_start: i64,
}

/// Counts one hit in `bucket` and returns the count. A window that began at or before
/// `now - window` is over: the count starts again at 1. One statement, so concurrent
/// callers are serialised on the bucket's row and each sees a distinct count.
pub async fn hit(
    conn: &mut AnyConnection,
    bucket: &str,
    now_ms: i64,
    window_ms: i64,
) -> Result<Counted, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO throttle (bucket, window_start, hits) VALUES ($1, $2, 1)
         ON CONFLICT (bucket) DO UPDATE SET
             hits = CASE WHEN throttle.window_start <= $3 THEN 1 ELSE throttle.hits + 1 END,
             window_start = CASE WHEN throttle.window_start <= $3 THEN $2 ELSE throttle.window_start END
         RETURNING hits, window_start",
    )
    .bind(bucket)
    .bind(now_ms)
    .bind(now_ms - window_ms)
    .fetch_one(&mut *conn)
    .await?;
    Ok(Counted {
        hits: col(&row, "hits")?,
        window_start: col(&row, "window_start")?,
    })
}

/// Takes one hit back (an attempt that turned out to be legitimate).
pub async fn take_back(conn: &mut AnyConnection, bucket: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE throttle SET hits = hits - 1 WHERE bucket = $1 AND hits > 0")
        .bind(bucket)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Forgets a bucket (its owner proved who they are).
pub async fn clear(conn: &mut AnyConnection, bucket: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM throttle WHERE bucket = $1")
        .bind(bucket)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Deletes buckets whose window began before `before_ms`; returns how many.
pub async fn purge(conn: &mut AnyConnection, before_ms: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM throttle WHERE window_start < $1")
        .bind(before_ms)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}
