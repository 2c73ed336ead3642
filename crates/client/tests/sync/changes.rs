//! Each kind of change is shown at once, reaches the server exactly once, and the cache
//! converges with the server.

use companion_client::actions::{
    Redeem, ReleaseDevice, RequestReplacement, SendSupportRequest, UpdateProfile,
};
use companion_client::store::ItemState;
use companion_client::sync::{Outcome, SyncState};
use companion_domain::troubleshooting::FaultCode;
use companion_domain::wire::{
    CreateGuaranteeRequest, CreateSupportRequest, Delivery, DeviceSource, GuaranteeRequestStatus,
    SupportTopic, UpdateAccountRequest,
};
use time::OffsetDateTime;

use crate::helpers::world;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_of_change_shows_at_once_and_reaches_the_server_once() {
    let world = world().await;
    let phone = world.customer("ana@example.pt").await;
    assert_eq!(
        phone.store.rewards().expect("rewards").len(),
        6,
        "catalogs came with the first sync"
    );
    assert_eq!(phone.store.collection_points().expect("points").len(), 6);
    let devices = world.catalog(2).await;
    world.give_points(&phone.member_code(), 600).await;
    assert_eq!(phone.sync.sync_once().await.expect("ok"), Outcome::Synced);
    assert_eq!(
        phone
            .store
            .wallet(10)
            .expect("read")
            .expect("wallet")
            .balance,
        600
    );

    let now = OffsetDateTime::now_utc();
    phone.queue_registration(devices[0], DeviceSource::Scan, now);
    phone.queue_registration(devices[1], DeviceSource::Manual, now);
    phone
        .store
        .queue(Redeem::new("discount-5"), now)
        .expect("queued");
    phone
        .store
        .queue(
            UpdateProfile::new(UpdateAccountRequest {
                given_name: Some("Maria".into()),
                ..Default::default()
            }),
            now,
        )
        .expect("queued");
    phone
        .store
        .queue(
            SendSupportRequest::new(CreateSupportRequest {
                topic: SupportTopic::Device,
                message: "It blinks.".into(),
                device_id: None,
                contact_email: None,
            }),
            now,
        )
        .expect("queued");

    // Shown at once, marked pending.
    let home = phone.store.home(50).expect("home");
    assert_eq!(home.pending_changes, 5);
    assert!(home
        .devices
        .iter()
        .all(|d| d.state == ItemState::PendingRegister && d.device.is_none()));
    let wallet = home.wallet.expect("wallet");
    assert_eq!(
        (wallet.balance, wallet.held_points, wallet.available),
        (600, 250, 350)
    );
    assert_eq!(home.account.expect("account").given_name, "Maria");
    assert!(phone.store.vouchers().expect("vouchers")[0].pending);

    assert_eq!(phone.sync.sync_once().await.expect("ok"), Outcome::Synced);
    let home = phone.store.home(50).expect("home");
    assert_eq!(home.pending_changes, 0);
    assert!(home.devices.iter().all(|d| d.state == ItemState::Synced
        && d.device
            .as_ref()
            .is_some_and(|d| d.model == companion_server::testing::CATALOG_MODEL)));
    let wallet = home.wallet.expect("wallet");
    assert_eq!(
        (wallet.balance, wallet.held_points),
        (600 + 2 * 100 - 250, 0)
    );
    let voucher = phone.store.vouchers().expect("vouchers").remove(0);
    assert!(
        !voucher.pending
            && voucher
                .redemption
                .is_some_and(|r| r.voucher_code.len() == 12)
    );
    assert_eq!(phone.sync.status().borrow().state, SyncState::Synced);

    // A replacement for one device, a release of the other.
    let request = CreateGuaranteeRequest {
        device_id: devices[0].display_grouped(),
        fault_description: "Does not heat any more.".into(),
        fault_code: Some(FaultCode::WontHeat),
        delivery: Delivery::CollectionPoint {
            collection_point_id: "cp-porto-santa-catarina".into(),
        },
    };
    phone
        .store
        .queue(RequestReplacement::new(request), now)
        .expect("queued");
    phone
        .store
        .queue(
            ReleaseDevice {
                device_id: devices[1],
            },
            now,
        )
        .expect("queued");
    assert!(phone.store.guarantee_requests().expect("read")[0].pending);
    assert_eq!(phone.sync.sync_once().await.expect("ok"), Outcome::Synced);
    let requests = phone.store.guarantee_requests().expect("read");
    assert_eq!(requests.len(), 1);
    assert!(
        !requests[0].pending && requests[0].request.status == GuaranteeRequestStatus::Submitted
    );
    assert_eq!(phone.store.devices().expect("read").len(), 1);

    // The server holds each change once.
    let id = phone.account_id();
    let server = world.server_state(&id).await;
    assert_eq!(server.devices, 1);
    assert_eq!(server.redemptions, 1);
    assert_eq!(server.guarantee_requests, 1);
    assert_eq!(server.support_requests, 1);
    assert_eq!(server.balance, 550);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_access_token_is_refreshed_and_the_new_pair_saved() {
    let world = world().await;
    let phone = world.customer("tok@example.pt").await;
    let before = std::fs::read_to_string(phone.dir.join("session.json")).expect("session file");
    world
        .server
        .clock
        .advance(std::time::Duration::from_secs(16 * 60));
    assert_eq!(phone.sync.sync_once().await.expect("ok"), Outcome::Synced);
    let after = std::fs::read_to_string(phone.dir.join("session.json")).expect("session file");
    assert_ne!(before, after, "the rotated pair is stored");
    // The stored pair is the live one: a fresh client from the same file works.
    let again = world.phone_at(&phone.dir, &world.server.address);
    assert_eq!(again.sync.sync_once().await.expect("ok"), Outcome::Synced);
}

/// Waits (bounded) until the status satisfies `done`.
async fn wait_for(phone: &crate::helpers::Phone, done: impl Fn(&SyncState) -> bool) -> SyncState {
    let mut status = phone.sync.status();
    let waited = tokio::time::timeout(std::time::Duration::from_secs(20), async {
        loop {
            let state = status.borrow_and_update().state;
            if done(&state) {
                return state;
            }
            if status.changed().await.is_err() {
                return state;
            }
        }
    })
    .await;
    waited.unwrap_or_else(|_| {
        panic!(
            "status never reached the expected state: {:?}",
            phone.sync.status().borrow()
        )
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_background_loop_syncs_after_a_change_and_when_the_network_returns() {
    let mut world = world().await;
    let phone = world.customer("loop@example.pt").await;
    let devices = world.catalog(2).await;
    let service = tokio::spawn(phone.sync.clone().run(std::time::Duration::from_secs(3600)));
    wait_for(&phone, |s| *s == SyncState::Synced).await;

    phone.queue_registration(devices[0], DeviceSource::Scan, OffsetDateTime::now_utc());
    phone
        .sync
        .trigger(companion_client::sync::Trigger::LocalChange);
    wait_for(&phone, |_| {
        phone.store.pending_count().is_ok_and(|n| n == 0)
    })
    .await;

    world.server.stop().await;
    phone.queue_registration(devices[1], DeviceSource::Scan, OffsetDateTime::now_utc());
    phone
        .sync
        .trigger(companion_client::sync::Trigger::LocalChange);
    // A sync that was already under way when the server stopped may report
    // `Offline { pending: 0 }` first; what matters is that the queued change
    // is then counted while the network is away.
    wait_for(&phone, |s| *s == SyncState::Offline { pending: 1 }).await;

    world.server.restart().await;
    phone
        .sync
        .trigger(companion_client::sync::Trigger::NetworkUp);
    wait_for(&phone, |s| *s == SyncState::Synced).await;
    assert_eq!(phone.store.pending_count().expect("count"), 0);
    assert_eq!(world.server_state(&phone.account_id()).await.devices, 2);
    service.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_chosen_on_the_phone_reaches_the_account_once_synced() {
    let world = world().await;
    let phone = world.customer("lang@example.pt").await;
    let language = || async {
        sqlx::query_scalar::<_, String>("SELECT language FROM accounts WHERE email = $1")
            .bind("lang@example.pt")
            .fetch_one(world.server.state.db.pool())
            .await
            .expect("the account")
    };
    assert_eq!(language().await, "pt", "Portuguese by default");
    let queued = phone
        .store
        .queue(
            companion_client::actions::ChangeLanguage {
                language: "en".into(),
            },
            OffsetDateTime::now_utc(),
        )
        .expect("queued");
    assert!(queued.is_some());
    assert_eq!(language().await, "pt", "nothing sent yet");
    assert_eq!(phone.sync.sync_once().await.expect("ok"), Outcome::Synced);
    assert_eq!(language().await, "en");
    assert!(phone.store.outbox_head().expect("read").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_account_signed_up_in_english_gets_english_from_the_start() {
    let world = world().await;
    let _phone = world
        .customer_in("en@example.pt", companion_domain::wire::Language::En)
        .await;
    let language: String = sqlx::query_scalar("SELECT language FROM accounts WHERE email = $1")
        .bind("en@example.pt")
        .fetch_one(world.server.state.db.pool())
        .await
        .expect("the account");
    assert_eq!(
        language, "en",
        "the app's language at sign-up is the account's"
    );
}
