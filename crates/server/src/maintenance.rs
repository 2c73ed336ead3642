//! Housekeeping that keeps the database from holding what it no longer needs: saved
//! idempotent answers past their day, throttle buckets past their window. A step function
//! (tests call it) wrapped in a loop that every instance runs; the deletes are idempotent,
//! so instances running it at once only repeat each other's work.

use std::time::Duration;

use crate::error::ApiResult;
use crate::idempotency;
use crate::state::AppState;

/// How often the loop runs.
pub const EVERY: Duration = Duration::from_secs(10 * 60);

/// What one run removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Purged {
    /// Saved idempotent answers older than a day.
    pub saved_answers: u64,
    /// Throttle buckets whose window is over.
    pub throttle_buckets: u64,
    /// Staff log-in challenges past their few minutes.
    pub mfa_challenges: u64,
}

/// One run: purges what has expired as of the state's clock.
pub async fn run_once(state: &AppState) -> ApiResult<Purged> {
    let now = state.clock.now();
    Ok(Purged {
        saved_answers: idempotency::purge_expired(&state.db, now).await?,
        throttle_buckets: state.throttle.purge(now).await?,
        mfa_challenges: crate::store::staff_factors::purge_challenges(
            &mut *state.db.pool().acquire().await?,
            now,
        )
        .await?,
    })
}

/// Runs [`run_once`] every [`EVERY`] until the task is dropped; failures are logged and
/// tried again next time.
pub async fn run_forever(state: AppState) {
    let mut ticks = tokio::time::interval(EVERY);
    loop {
        ticks.tick().await;
        match run_once(&state).await {
            Ok(purged) => tracing::debug!(?purged, "maintenance"),
            Err(error) => tracing::warn!(%error, "maintenance failed; retrying later"),
        }
    }
}
