//! Posting pending points whose return window is over, warning of earnings that expire
//! within [`EXPIRY_WARNING_DAYS`], expiring what is left of earnings past their
//! validity, and escalating device transfers nobody answered: a step function (tests call it after moving the test
//! clock) wrapped in a loop that every `serve` process runs. Each entry is settled in its
//! own transaction by a conditional update (`store::ledger::post`, `::expire`), so
//! instances running the step at once never post or expire an entry twice: the loser of
//! a race changes no row.

use std::time::Duration;

use companion_domain::loyalty::EXPIRY_WARNING_DAYS;
use companion_domain::wire::{TransferStatus, TRANSFER_ESCALATION_DAYS};
use time::OffsetDateTime;

use crate::error::ApiResult;
use crate::state::AppState;
use crate::store::ledger;
use crate::store::transfers::{self, Decided};

/// How often the loop runs: pending points post within this of their time.
pub const EVERY: Duration = Duration::from_secs(60);

/// Entries looked at per query; the step goes on until none are left.
const BATCH: i64 = 200;

/// What one run settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Settled {
    /// Pending entries this run posted.
    pub posted: u64,
    /// Earnings this run expired.
    pub expired: u64,
    /// Points that left balances by expiry.
    pub expired_points: i64,
    /// Earnings whose owners were warned of their expiry.
    pub warned: u64,
    /// Device transfers unanswered for 14 days, sent to support.
    pub escalated: u64,
}

/// One run: posts, then expires, everything due as of the state's clock. Posting comes
/// first so points that post and expire in the same jump (a test clock moved by years)
/// leave by expiry instead of staying pending.
pub async fn run_once(state: &AppState) -> ApiResult<Settled> {
    let now = state.clock.now();
    let mut settled = Settled::default();
    loop {
        let due = ledger::due_to_post(&mut *state.db.pool().acquire().await?, now, BATCH).await?;
        let mut progressed = false;
        for entry in &due {
            let mut tx = state.db.begin_write().await?;
            if ledger::post(&mut tx, entry, now).await? {
                settled.posted += 1;
                progressed = true;
            }
            tx.commit().await?;
        }
        if (due.len() as i64) < BATCH || !progressed {
            break;
        }
    }
    let horizon = now + time::Duration::days(EXPIRY_WARNING_DAYS);
    loop {
        let due = ledger::due_to_warn(&mut *state.db.pool().acquire().await?, now, horizon, BATCH)
            .await?;
        let mut progressed = false;
        for entry in &due {
            let mut tx = state.db.begin_write().await?;
            if ledger::warn_expiry(&mut tx, entry, now).await? {
                settled.warned += 1;
                progressed = true;
            }
            tx.commit().await?;
        }
        if (due.len() as i64) < BATCH || !progressed {
            break;
        }
    }
    loop {
        let due = ledger::due_to_expire(&mut *state.db.pool().acquire().await?, now, BATCH).await?;
        let mut progressed = false;
        for entry in &due {
            let mut tx = state.db.begin_write().await?;
            let points = ledger::expire(&mut tx, entry, now).await?;
            tx.commit().await?;
            if points > 0 {
                settled.expired += 1;
                settled.expired_points += points;
                progressed = true;
            }
        }
        if (due.len() as i64) < BATCH || !progressed {
            break;
        }
    }
    settled.escalated = escalate_transfers(state, now).await?;
    Ok(settled)
}

/// Sends device transfers unanswered for [`TRANSFER_ESCALATION_DAYS`] to support, each in
/// its own transaction by a conditional update (an instance that loses the race moves
/// nothing).
async fn escalate_transfers(state: &AppState, now: OffsetDateTime) -> ApiResult<u64> {
    let before = now - time::Duration::days(TRANSFER_ESCALATION_DAYS);
    let mut escalated = 0;
    loop {
        let due = transfers::due_to_escalate(&mut *state.db.pool().acquire().await?, before, BATCH)
            .await?;
        let mut progressed = false;
        for id in &due {
            let mut tx = state.db.begin_write().await?;
            let to_support = Decided {
                status: TransferStatus::Escalated,
                by: None,
                reason: None,
            };
            let pending = [TransferStatus::Pending];
            if transfers::move_on(&mut tx, *id, &pending, to_support, now)
                .await?
                .is_some()
            {
                escalated += 1;
                progressed = true;
            }
            tx.commit().await?;
        }
        if (due.len() as i64) < BATCH || !progressed {
            return Ok(escalated);
        }
    }
}

/// Runs [`run_once`] every [`EVERY`] until the task is dropped; failures are logged and
/// tried again next time.
pub async fn run_forever(state: AppState) {
    let mut ticks = tokio::time::interval(EVERY);
    loop {
        ticks.tick().await;
        match run_once(&state).await {
            Ok(settled) if settled != Settled::default() => {
                tracing::info!(?settled, "points settled")
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "settling points failed; retrying later"),
        }
    }
}
