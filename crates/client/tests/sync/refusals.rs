//! A business refusal undoes the optimistic change and leaves a notice.

use companion_client::actions::{Redeem, UpdateProfile};
use companion_client::store::StoreError;
use companion_client::sync::Outcome;
use companion_client::ErrorCode;
use companion_domain::wire::{DeviceSource, UpdateAccountRequest};
use time::OffsetDateTime;

use crate::helpers::{world, PASSWORD};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_claimed_by_someone_else_meanwhile_is_rolled_back_with_a_notice() {
    let world = world().await;
    let ana = world.customer("ana@example.pt").await;
    let rui = world.customer("rui@example.pt").await;
    let [device] = world.catalog(1).await[..] else {
        panic!("one device")
    };
    let now = OffsetDateTime::now_utc();
    ana.queue_registration(device, DeviceSource::Scan, now);
    rui.queue_registration(device, DeviceSource::Manual, now);
    assert_eq!(rui.sync.sync_once().await.expect("ok"), Outcome::Synced);

    assert_eq!(ana.sync.sync_once().await.expect("ok"), Outcome::Synced);
    assert!(ana.store.devices().expect("read").is_empty(), "rolled back");
    let notices = ana.store.notices().expect("read");
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].code, ErrorCode::DeviceAlreadyRegistered);
    assert_eq!(notices[0].subject.as_deref(), Some(device.as_str()));
    assert_eq!(ana.store.pending_count().expect("count"), 0);
    ana.store.mark_notices_seen(&[notices[0].id]).expect("seen");
    assert!(ana.store.notices().expect("read").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redemption_refused_by_the_server_gives_the_points_back() {
    let world = world().await;
    let phone = world.customer("two@example.pt").await;
    world.give_points(&phone.member_code(), 300).await;
    assert_eq!(phone.sync.sync_once().await.expect("ok"), Outcome::Synced);
    // The same customer on a tablet spends the points first.
    let tablet = world.phone_at(&world.dir.path().join("tablet"), &world.server.address);
    let account = tablet
        .api
        .log_in("two@example.pt", PASSWORD)
        .await
        .expect("log in");
    tablet.store.save_account(&account).expect("cache");
    assert_eq!(tablet.sync.sync_once().await.expect("ok"), Outcome::Synced);
    tablet
        .store
        .queue(Redeem::new("discount-5"), OffsetDateTime::now_utc())
        .expect("queued");
    assert_eq!(tablet.sync.sync_once().await.expect("ok"), Outcome::Synced);

    phone
        .store
        .queue(Redeem::new("discount-5"), OffsetDateTime::now_utc())
        .expect("the phone's cache still shows 300");
    assert_eq!(
        phone
            .store
            .wallet(5)
            .expect("read")
            .expect("wallet")
            .available,
        50
    );
    assert_eq!(phone.sync.sync_once().await.expect("ok"), Outcome::Synced);
    let wallet = phone.store.wallet(5).expect("read").expect("wallet");
    assert_eq!(
        (wallet.balance, wallet.held_points, wallet.available),
        (50, 0, 50)
    );
    let vouchers = phone.store.vouchers().expect("read");
    assert_eq!(vouchers.len(), 1, "only the tablet's voucher, synced");
    assert!(!vouchers[0].pending);
    assert_eq!(
        phone.store.notices().expect("read")[0].code,
        ErrorCode::InsufficientPoints
    );
    // And the phone now refuses locally what it knows cannot work.
    assert!(matches!(
        phone
            .store
            .queue(Redeem::new("discount-5"), OffsetDateTime::now_utc()),
        Err(StoreError::NotAllowed(ErrorCode::InsufficientPoints))
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_profile_change_the_server_refuses_is_undone() {
    let world = world().await;
    let phone = world.customer("name@example.pt").await;
    let long = "x".repeat(81);
    phone
        .store
        .queue(
            UpdateProfile::new(UpdateAccountRequest {
                given_name: Some(long.clone()),
                ..Default::default()
            }),
            OffsetDateTime::now_utc(),
        )
        .expect("queued");
    assert_eq!(
        phone
            .store
            .account()
            .expect("read")
            .expect("account")
            .given_name,
        long
    );
    assert_eq!(phone.sync.sync_once().await.expect("ok"), Outcome::Synced);
    assert_eq!(
        phone
            .store
            .account()
            .expect("read")
            .expect("account")
            .given_name,
        "Ana"
    );
    assert_eq!(
        phone.store.notices().expect("read")[0].code,
        ErrorCode::InvalidName
    );
}
