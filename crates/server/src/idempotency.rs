//! `Idempotency-Key`: a retried request returns the first answer and changes nothing.
//!
//! The key is claimed inside the same transaction as the work, so the work and the saved
//! answer commit together or not at all: a crash in between leaves neither, and the retry
//! simply does the work. Concurrent requests with one key serialise on the key's row (the
//! second waits for the first to commit, then replays its answer). A business refusal is
//! saved too (in its own statement, after the work rolled back), so a replay of a refused
//! request gets the same refusal even if the account changed since. The key is scoped to
//! the caller and bound to the request body: the same key with another body is refused.

use companion_domain::ErrorCode;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use crate::clock::to_millis;
use crate::db::{col, Db, Tx};
use crate::error::{ApiError, ApiResult};
use crate::extract::IdempotencyKey;

/// How long a saved answer is replayed; older ones are purged. A phone retries within
/// minutes; a day covers one left offline overnight.
pub const ANSWERS_KEPT_FOR: Duration = Duration::from_secs(24 * 3600);

/// A handler's successful answer, kept as JSON so that it can be stored and replayed.
#[derive(Debug)]
pub struct Answer {
    status: StatusCode,
    body: serde_json::Value,
    about: Option<String>,
}

impl Answer {
    /// An answer with a JSON body.
    pub fn new(status: StatusCode, body: &impl Serialize) -> ApiResult<Self> {
        let body = serde_json::to_value(body).map_err(anyhow::Error::from)?;
        Ok(Answer {
            status,
            body,
            about: None,
        })
    }

    /// Marks the answer as holding `account_id`'s personal data, so that erasing that
    /// account also blanks the saved copy. Every answer about a customer says so.
    pub fn about(mut self, account_id: &str) -> Self {
        self.about = Some(account_id.to_string());
        self
    }
}

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}

/// The work of an idempotent request, borrowing the transaction's connection.
pub type Work<'t> = Pin<Box<dyn Future<Output = ApiResult<Answer>> + Send + 't>>;

/// One request's idempotency context.
#[derive(Debug)]
pub struct Idempotent {
    scope: String,
    key: Option<String>,
    request_hash: String,
}

impl Idempotent {
    /// `scope` names the caller and the route; `body` is the parsed request.
    pub fn new(scope: String, key: IdempotencyKey, body: &impl Serialize) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(scope.as_bytes());
        hasher.update(serde_json::to_vec(body).unwrap_or_default());
        Idempotent {
            scope,
            key: key.0.map(|k| k.to_string()),
            request_hash: hex::encode(hasher.finalize()),
        }
    }

    /// Claims the key in `tx`. `Some(answer)` means this is a replay: send that and stop.
    pub async fn claim(
        &self,
        tx: &mut Tx,
        now: time::OffsetDateTime,
    ) -> ApiResult<Option<Response>> {
        let Some(key) = &self.key else {
            return Ok(None);
        };
        // An answer past its time is forgotten even before the purge runs.
        sqlx::query(
            "DELETE FROM idempotency WHERE scope = $1 AND idem_key = $2 AND created_at < $3",
        )
        .bind(&self.scope)
        .bind(key)
        .bind(to_millis(now - ANSWERS_KEPT_FOR))
        .execute(&mut **tx)
        .await?;
        let inserted = sqlx::query(
            "INSERT INTO idempotency (scope, idem_key, request_hash, created_at)
             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(&self.scope)
        .bind(key)
        .bind(&self.request_hash)
        .bind(to_millis(now))
        .execute(&mut **tx)
        .await?;
        if inserted.rows_affected() == 1 {
            return Ok(None);
        }
        let row = sqlx::query(
            "SELECT request_hash, status_code, body FROM idempotency WHERE scope = $1 AND idem_key = $2",
        )
        .bind(&self.scope)
        .bind(key)
        .fetch_one(&mut **tx)
        .await?;
        let hash: String = col(&row, "request_hash")?;
        if hash != self.request_hash {
            return Err(ApiError::unprocessable(
                ErrorCode::IdempotencyKeyReused,
                "This Idempotency-Key was already used for a different request.",
            ));
        }
        let status: Option<i64> = col(&row, "status_code")?;
        let body: Option<String> = col(&row, "body")?;
        match (status, body) {
            (Some(status), Some(body)) => {
                let status = StatusCode::from_u16(status as u16).map_err(anyhow::Error::from)?;
                let body: serde_json::Value =
                    serde_json::from_str(&body).map_err(anyhow::Error::from)?;
                Ok(Some((status, Json(body)).into_response()))
            }
            _ => Err(ApiError::conflict(
                ErrorCode::RequestInProgress,
                "The same request is still being processed.",
            )),
        }
    }

    /// Runs `work` in a write transaction under this key: a replay returns the saved
    /// answer without running it; otherwise the work commits with its answer, or a refusal
    /// is saved after the work rolled back. (Handlers that need something from the work
    /// besides the answer use [`Idempotent::claim`] and [`Idempotent::finish`] directly.)
    pub async fn run<F>(self, db: &Db, now: time::OffsetDateTime, work: F) -> ApiResult<Response>
    where
        F: for<'t> FnOnce(&'t mut AnyConnection) -> Work<'t>,
    {
        let mut tx = db.begin_write().await?;
        if let Some(replay) = self.claim(&mut tx, now).await? {
            return Ok(replay);
        }
        let outcome = work(&mut tx).await;
        self.finish(db, tx, outcome, now).await
    }

    /// Commits the work with its answer, or saves a refusal after rolling the work back.
    pub async fn finish(
        self,
        db: &Db,
        mut tx: Tx,
        outcome: ApiResult<Answer>,
        now: time::OffsetDateTime,
    ) -> ApiResult<Response> {
        match outcome {
            Ok(answer) => {
                if let Some(key) = &self.key {
                    sqlx::query(
                        "UPDATE idempotency SET status_code = $1, body = $2, account_id = $3
                         WHERE scope = $4 AND idem_key = $5",
                    )
                    .bind(answer.status.as_u16() as i64)
                    .bind(answer.body.to_string())
                    .bind(answer.about.as_deref())
                    .bind(&self.scope)
                    .bind(key)
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                Ok(answer.into_response())
            }
            Err(error) => {
                tx.rollback().await?;
                if let (Some(key), true) = (&self.key, is_final_refusal(&error)) {
                    sqlx::query(
                        "INSERT INTO idempotency (scope, idem_key, request_hash, status_code, body, created_at)
                         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                    )
                    .bind(&self.scope)
                    .bind(key)
                    .bind(&self.request_hash)
                    .bind(error.status().as_u16() as i64)
                    .bind(serde_json::to_string(&error.body()).map_err(anyhow::Error::from)?)
                    .bind(to_millis(now))
                    .execute(db.pool())
                    .await?;
                }
                Err(error)
            }
        }
    }
}

/// Replaces every saved answer about `account_id` with a 410 that holds nothing
/// personal: a replay after erasure neither returns the erased data nor runs again.
pub async fn forget_answers_about(
    conn: &mut AnyConnection,
    account_id: &str,
) -> Result<(), sqlx::Error> {
    let gone = ApiError::AccountRemoved;
    sqlx::query(
        "UPDATE idempotency SET status_code = $1, body = $2, account_id = NULL WHERE account_id = $3",
    )
    .bind(gone.status().as_u16() as i64)
    .bind(serde_json::to_string(&gone.body()).unwrap_or_default())
    .bind(account_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Deletes saved answers older than [`ANSWERS_KEPT_FOR`]; returns how many.
pub async fn purge_expired(db: &Db, now: time::OffsetDateTime) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM idempotency WHERE created_at < $1")
        .bind(to_millis(now - ANSWERS_KEPT_FOR))
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected())
}

/// Refusals that depend on the request and the data (saved for replay), as opposed to
/// transient ones (rate limits, auth, server errors) that a retry may get past.
fn is_final_refusal(error: &ApiError) -> bool {
    matches!(
        error,
        ApiError::Unprocessable { .. }
            | ApiError::NotFound { .. }
            | ApiError::Conflict { .. }
            | ApiError::BadRequest { .. }
    )
}
