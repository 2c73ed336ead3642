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

use crate::db::{Db, Tx};
use crate::error::{ApiError, ApiResult};
use crate::extract::IdempotencyKey;
use crate::store::idempotency as store;

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
        store::forget_if_older(tx, &self.scope, key, now - ANSWERS_KEPT_FOR).await?;
        if store::claim(tx, &self.scope, key, &self.request_hash, now).await? {
            return Ok(None);
        }
        let saved = store::saved(tx, &self.scope, key).await?;
        if saved.request_hash != self.request_hash {
            return Err(ApiError::unprocessable(
                ErrorCode::IdempotencyKeyReused,
                "This Idempotency-Key was already used for a different request.",
            ));
        }
        match (saved.status_code, saved.body) {
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
                    let body = answer.body.to_string();
                    let status = answer.status.as_u16() as i64;
                    let about = answer.about.as_deref();
                    store::save_answer(&mut tx, &self.scope, key, status, &body, about).await?;
                }
                tx.commit().await?;
                Ok(answer.into_response())
            }
            Err(error) => {
                tx.rollback().await?;
                if let (Some(key), true) = (&self.key, is_final_refusal(&error)) {
                    let body = serde_json::to_string(&error.body()).map_err(anyhow::Error::from)?;
                    let refusal = store::Refusal {
                        scope: &self.scope,
                        key,
                        request_hash: &self.request_hash,
                        status_code: error.status().as_u16() as i64,
                        body: &body,
                        at: now,
                    };
                    store::save_refusal(&mut *db.pool().acquire().await?, &refusal).await?;
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
    let body = serde_json::to_string(&gone.body()).unwrap_or_default();
    store::replace_answers_about(conn, account_id, gone.status().as_u16() as i64, &body).await
}

/// Deletes saved answers older than [`ANSWERS_KEPT_FOR`]; returns how many.
pub async fn purge_expired(db: &Db, now: time::OffsetDateTime) -> Result<u64, sqlx::Error> {
    store::purge(&mut *db.pool().acquire().await?, now - ANSWERS_KEPT_FOR).await
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
