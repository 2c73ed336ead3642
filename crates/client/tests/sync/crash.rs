//! Crash safety: a phone process making changes and syncing is killed with SIGKILL at
//! random moments, over and over. Afterwards the server holds every change exactly once
//! and the phone's cache matches it.

use std::process::{Command, Stdio};
use std::time::Duration;

use companion_client::sync::Outcome;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::helpers::{world, PASSWORD};

const ROUNDS: usize = 100;
/// Enough work that the kills land in the middle of it, not after it is all done.
const DEVICES: i64 = 120;
const REDEMPTIONS: i64 = 40;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_survive_sigkill_at_any_moment_and_reach_the_server_exactly_once() {
    let world = world().await;
    let phone = world.customer("crash@example.pt").await;
    world.give_points(&phone.member_code(), 10_000).await;
    let data_dir = phone.dir.clone();
    drop(phone);
    let devices = world.catalog(DEVICES as usize).await;
    let device_list = devices
        .iter()
        .map(|d| d.as_str())
        .collect::<Vec<_>>()
        .join(",");
    let worker = |kill_after: Option<Duration>| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_companion-sync-worker"))
            .args([
                &world.server.address,
                data_dir.to_str().unwrap_or("."),
                "crash@example.pt",
                PASSWORD,
                &device_list,
                "discount-5",
                &REDEMPTIONS.to_string(),
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("worker starts");
        async move {
            match kill_after {
                Some(delay) => {
                    tokio::time::sleep(delay).await;
                    let _ = child.kill(); // SIGKILL
                    let _ = child.wait();
                    None
                }
                None => Some(tokio::task::spawn_blocking(move || child.wait_with_output()).await),
            }
        }
    };
    let mut rng = StdRng::seed_from_u64(42);
    let mut progress = Vec::new();
    for _ in 0..ROUNDS {
        worker(Some(Duration::from_millis(rng.random_range(5..80)))).await;
        let done: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM devices d JOIN accounts a ON a.id = d.owner_id WHERE a.email = $1)
                  + (SELECT COUNT(*) FROM redemptions r JOIN accounts a ON a.id = r.account_id WHERE a.email = $1)",
        )
        .bind("crash@example.pt")
        .fetch_one(world.server.state.db.pool())
        .await
        .expect("query");
        progress.push(done);
    }
    eprintln!("server-side changes done after each killed round: {progress:?}");
    // The kills interleaved with the work: it advanced across many killed rounds.
    let advancing_rounds = progress.windows(2).filter(|w| w[1] > w[0]).count();
    assert!(
        advancing_rounds >= 20,
        "kills did not land mid-work: {progress:?}"
    );
    let finished = worker(None)
        .await
        .expect("ran to the end")
        .expect("joined")
        .expect("output");
    assert!(
        finished.status.success(),
        "{}",
        String::from_utf8_lossy(&finished.stderr)
    );

    let phone = world.phone_at(&data_dir, &world.server.address);
    assert_eq!(
        phone.sync_until_synced(3).await.last(),
        Some(&Outcome::Synced)
    );
    let id = phone.account_id();
    let server = world.server_state(&id).await;
    assert_eq!(server.devices, DEVICES);
    assert_eq!(server.redemptions, REDEMPTIONS);
    let balance = 10_000 + DEVICES * 100 - REDEMPTIONS * 250;
    assert_eq!(server.balance, balance);
    let entries = 1 + DEVICES + REDEMPTIONS;
    assert_eq!(server.loyalty_entries, entries);

    let wallet = phone.store.wallet(500).expect("read").expect("wallet");
    assert_eq!(
        (wallet.balance, wallet.entries.len() as i64),
        (balance, entries)
    );
    assert_eq!(phone.store.devices().expect("read").len() as i64, DEVICES);
    assert_eq!(
        phone.store.vouchers().expect("read").len() as i64,
        REDEMPTIONS
    );
    assert_eq!(phone.store.pending_count().expect("count"), 0);
}
