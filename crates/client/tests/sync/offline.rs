//! The cache serves every screen with the server gone; changes wait and go when it is back.

use companion_client::actions::{Redeem, RegisterDevice};
use companion_client::sync::{Outcome, SyncState};
use companion_client::CallError;
use companion_domain::wire::DeviceSource;
use time::OffsetDateTime;

use crate::helpers::world;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_screen_reads_from_the_cache_offline_and_changes_wait_for_the_network() {
    let mut world = world().await;
    let phone = world.customer("off@example.pt").await;
    let devices = world.catalog(2).await;
    world.give_points(&phone.member_code(), 300).await;
    assert_eq!(phone.sync.sync_once().await.expect("ok"), Outcome::Synced);
    let now = OffsetDateTime::now_utc();
    phone.queue_registration(devices[0], DeviceSource::Manual, now);
    phone
        .store
        .queue(Redeem::new("discount-5"), now)
        .expect("queued");
    assert_eq!(phone.sync.sync_once().await.expect("ok"), Outcome::Synced);
    let home_before = phone.store.home(50).expect("home");

    world.server.stop().await;
    let home = phone.store.home(50).expect("home offline");
    assert_eq!(home, home_before);
    assert_eq!(
        home.wallet.as_ref().map(|w| w.balance),
        Some(300 + 100 - 250)
    );
    assert_eq!(phone.store.devices().expect("devices").len(), 1);
    assert_eq!(phone.store.rewards().expect("rewards").len(), 6);
    assert_eq!(phone.store.collection_points().expect("points").len(), 6);
    assert_eq!(phone.store.vouchers().expect("vouchers").len(), 1);
    assert!(phone
        .store
        .guarantee_requests()
        .expect("requests")
        .is_empty());

    phone
        .store
        .queue(
            RegisterDevice {
                device_id: devices[1],
                source: DeviceSource::Scan,
            },
            now,
        )
        .expect("queued offline");
    match phone.sync.sync_once().await.expect("ok") {
        Outcome::RetryLater {
            error: CallError::Offline(_),
            ..
        } => {}
        other => panic!("expected to wait for the network, got {other:?}"),
    }
    assert_eq!(
        phone.sync.status().borrow().state,
        SyncState::Offline { pending: 1 }
    );
    assert_eq!(
        phone.store.devices().expect("devices").len(),
        2,
        "the offline change shows"
    );

    world.server.restart().await;
    assert_eq!(
        phone.sync_until_synced(3).await.last(),
        Some(&Outcome::Synced)
    );
    assert_eq!(phone.store.pending_count().expect("count"), 0);
    let id = phone.account_id();
    assert_eq!(world.server_state(&id).await.devices, 2);
}
