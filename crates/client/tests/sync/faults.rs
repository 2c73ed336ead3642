//! Through a network that drops, delays, rate-limits, resets and garbles, every queued
//! change reaches the server exactly once and the cache converges.

use companion_client::actions::{Redeem, SendSupportRequest};
use companion_client::sync::Outcome;
use companion_domain::wire::{CreateSupportRequest, DeviceSource, SupportTopic};
use time::OffsetDateTime;

use crate::helpers::world;
use crate::proxy::{FaultProxy, ALL_FAULTS};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_reach_the_server_exactly_once_through_a_faulty_network() {
    let world = world().await;
    let proxy = FaultProxy::start(world.server.addr.to_string(), 20261125, 0.6).await;
    proxy.set_enabled(false);
    let phone = world
        .customer_via("faults@example.pt", &proxy.address)
        .await;
    let devices = world.catalog(4).await;
    world.give_points(&phone.member_code(), 2000).await;
    assert_eq!(
        phone.sync_until_synced(3).await.last(),
        Some(&Outcome::Synced)
    );
    proxy.set_enabled(true);

    let now = OffsetDateTime::now_utc();
    for device in &devices {
        phone.queue_registration(*device, DeviceSource::Scan, now);
    }
    for _ in 0..3 {
        phone
            .store
            .queue(Redeem::new("discount-5"), now)
            .expect("queued");
    }
    for n in 0..2 {
        let message = format!("Question {n}");
        let request = CreateSupportRequest {
            topic: SupportTopic::Other,
            message,
            device_id: None,
            contact_email: None,
        };
        phone
            .store
            .queue(SendSupportRequest::new(request), now)
            .expect("queued");
    }
    let outcomes = phone.sync_until_synced(400).await;
    assert_eq!(
        outcomes.last(),
        Some(&Outcome::Synced),
        "did not converge in {} rounds",
        outcomes.len()
    );
    for fault in ALL_FAULTS {
        assert!(
            proxy.count(fault) > 0,
            "{fault:?} was never injected; the test proves less than it says"
        );
    }

    let id = phone.account_id();
    let server = world.server_state(&id).await;
    assert_eq!(server.devices, 4);
    assert_eq!(server.redemptions, 3);
    assert_eq!(server.support_requests, 2);
    let expected_balance = 2000 + 4 * 100 - 3 * 250;
    assert_eq!(server.balance, expected_balance);
    assert_eq!(server.loyalty_entries, 1 + 4 + 3);

    // One more clean round: the cache matches the server.
    proxy.set_enabled(false);
    assert_eq!(
        phone.sync_until_synced(3).await.last(),
        Some(&Outcome::Synced)
    );
    let wallet = phone.store.wallet(50).expect("read").expect("wallet");
    assert_eq!(
        (wallet.balance, wallet.held_points, wallet.entries.len()),
        (expected_balance, 0, 8)
    );
    assert_eq!(phone.store.devices().expect("read").len(), 4);
    let vouchers = phone.store.vouchers().expect("read");
    assert_eq!(vouchers.len(), 3);
    assert!(vouchers.iter().all(|v| !v.pending));
    assert_eq!(phone.store.pending_count().expect("count"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garbage_and_truncated_answers_give_a_clear_error_and_leave_the_cache_intact() {
    let world = world().await;
    let proxy = FaultProxy::start(world.server.addr.to_string(), 7, 1.0).await;
    proxy.set_enabled(false);
    let phone = world
        .customer_via("garbage@example.pt", &proxy.address)
        .await;
    assert_eq!(
        phone.sync_until_synced(3).await.last(),
        Some(&Outcome::Synced)
    );
    let before = phone.store.home(50).expect("home");
    proxy.set_enabled(true);
    for _ in 0..20 {
        match phone
            .sync
            .sync_once()
            .await
            .expect("the store is never the problem")
        {
            Outcome::RetryLater { error, .. } => assert!(!error.to_string().is_empty()),
            Outcome::Synced => {} // a delay fault passes through eventually
            Outcome::SignedOut => panic!("a broken network must not sign the customer out"),
        }
        assert_eq!(
            phone.store.home(50).expect("home"),
            before,
            "the cache is intact"
        );
    }
}
