//! The server of `scripts/bench-password-resets.sh`: the real application and serve loop
//! (its mail worker included), after adding `BENCH_ACCOUNTS` customers (default 20,000)
//! `reset0@example.pt`, `reset1@example.pt`, … with one shared password hash, so that a
//! run can spread its requests over enough accounts to stay within the per-email limit.
//! Same environment as `companion-server serve` (logs to stderr, `RUST_LOG`, default warn);
//! prints its address like the server.

use anyhow::Context;
use companion_server::config::Settings;
use companion_server::startup::Application;
use companion_server::state::AppState;
use companion_server::store::accounts::{self, NewAccountRow};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn")),
        )
        .init();
    let count = match std::env::var("BENCH_ACCOUNTS") {
        Ok(text) => text
            .trim()
            .parse()
            .with_context(|| format!("BENCH_ACCOUNTS={text:?} is not a whole number"))?,
        Err(_) => 20_000,
    };
    let app = Application::build(Settings::from_env()?).await?;
    seed(app.state(), count).await?;
    println!("reset bench listening on http://{}", app.local_addr()?);
    app.run_until_stopped().await
}

/// Adds customers `reset0@example.pt` … `reset{count - 1}@example.pt`, a thousand per
/// transaction.
async fn seed(state: &AppState, count: usize) -> anyhow::Result<()> {
    let hash = state
        .hasher
        .hash("bench-gaivota-cacilheiro-tejo".to_string())
        .await?;
    let now = state.clock.now();
    let mut next = 0;
    while next < count {
        let mut tx = state.db.begin_write().await?;
        for n in next..count.min(next + 1000) {
            let email = format!("reset{n}@example.pt");
            let row = NewAccountRow {
                email: &email,
                password_hash: Some(&hash),
                given_name: "Ana",
                family_name: "Silva",
                birth_date: Some(time::macros::date!(1990 - 04 - 25)),
                country: "PT",
                staff_role: None,
                marketing_opt_in: false,
                terms_accepted_at: Some(now),
                shop: None,
                created_at: now,
            };
            accounts::insert(&mut tx, &row).await?;
        }
        tx.commit().await?;
        next += 1000;
    }
    Ok(())
}
