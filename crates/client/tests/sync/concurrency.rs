//! The UI reads while sync writes a large history, and the server restarts mid-sync:
//! no "database is locked", nothing lost, nothing doubled.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use companion_client::sync::Outcome;
use companion_domain::wire::LoyaltyEntryKind;
use companion_server::clock::Clock;
use companion_server::store::ledger;

use crate::helpers::world;

const ENTRIES: i64 = 3000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn screens_read_while_a_large_sync_writes_and_a_server_restart_mid_sync_loses_nothing() {
    let mut world = world().await;
    let phone = world.customer("big@example.pt").await;
    let id = phone.account_id();
    {
        let now = world.server.clock.now();
        let mut tx = world.server.state.db.begin_write().await.expect("tx");
        for n in 0..ENTRIES {
            ledger::earn(
                &mut tx,
                &id,
                1,
                LoyaltyEntryKind::Purchase,
                &format!("Purchase {n}"),
                world.server.state.settings.points.at_once(now),
                now,
            )
            .await
            .expect("earn");
        }
        tx.commit().await.expect("commit");
    }

    let stop = Arc::new(AtomicBool::new(false));
    let reader = {
        let (store, stop) = (phone.store.clone(), stop.clone());
        std::thread::spawn(move || {
            let (mut reads, mut errors) = (0u64, Vec::new());
            while !stop.load(Ordering::Relaxed) {
                match store.home(50) {
                    Ok(_) => reads += 1,
                    Err(error) => errors.push(error.to_string()),
                }
            }
            (reads, errors)
        })
    };

    let first = {
        let sync = phone.sync.clone();
        tokio::spawn(async move { sync.sync_once().await })
    };
    tokio::time::sleep(Duration::from_millis(40)).await;
    world.server.restart().await;
    let _ = first.await.expect("joined").expect("the store is fine");
    assert_eq!(
        phone.sync_until_synced(10).await.last(),
        Some(&Outcome::Synced)
    );
    stop.store(true, Ordering::Relaxed);
    let (reads, errors) = reader.join().expect("reader thread");

    assert!(
        errors.is_empty(),
        "reads failed while sync wrote: {errors:?}"
    );
    assert!(reads > 10, "the reader barely ran ({reads} reads)");
    let wallet = phone.store.wallet(50).expect("read").expect("wallet");
    assert_eq!(wallet.balance, ENTRIES);
    assert_eq!(wallet.entries.len(), 50);
    let all = phone.store.history_page(i64::MAX, 10_000).expect("read");
    assert_eq!(all.len() as i64, ENTRIES, "every entry once");
}
