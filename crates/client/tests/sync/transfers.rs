//! Issue 25 on two phones against the real server: a device passed on (asked on the new
//! owner's phone, accepted on the old owner's, both queued like every change), and a
//! troubleshooting session reported once.

use companion_client::actions::{AskTransfer, DecideTransfer, RecordTroubleshooting};
use companion_client::store::StoreError;
use companion_client::ErrorCode;
use companion_domain::troubleshooting::FaultCode;
use companion_domain::wire::{
    DeviceSource, TransferDecision, TransferDirection, TransferStatus, TroubleshootingOutcome,
};
use companion_server::clock::Clock;

use crate::helpers::world;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_asked_for_on_one_phone_is_accepted_on_the_owners_and_moves() {
    let world = world().await;
    let owner = world.customer("antiga@example.pt").await;
    let buyer = world.customer("nova@example.pt").await;
    let device = world.catalog(1).await[0];
    let now = world.server.clock.now();
    owner.queue_registration(device, DeviceSource::Scan, now);
    owner.sync_until_synced(5).await;
    let solved = RecordTroubleshooting::new(
        device,
        FaultCode::WontHeat,
        TroubleshootingOutcome::Solved,
        2,
    );
    owner.store.queue(solved, now).expect("queued");
    let own = owner.store.queue(AskTransfer::new(device), now);
    assert!(
        matches!(
            own,
            Err(StoreError::NotAllowed(ErrorCode::DeviceAlreadyYours))
        ),
        "{own:?}"
    );

    buyer
        .store
        .queue(AskTransfer::new(device), now)
        .expect("queued offline");
    let waiting = buyer.store.transfers().expect("transfers");
    assert_eq!(waiting.len(), 1);
    assert!(waiting[0].pending);
    buyer.sync_until_synced(5).await;
    let asked = buyer.store.transfers().expect("transfers");
    assert_eq!(
        asked.len(),
        1,
        "the server's record replaced the placeholder"
    );
    assert!(!asked[0].pending);
    assert_eq!(asked[0].transfer.direction, TransferDirection::Outgoing);
    assert_eq!(asked[0].transfer.status, TransferStatus::Pending);

    owner.sync_until_synced(5).await;
    let incoming = owner.store.transfers().expect("transfers");
    assert_eq!(incoming.len(), 1);
    assert_eq!(incoming[0].transfer.direction, TransferDirection::Incoming);
    assert_eq!(incoming[0].transfer.id, asked[0].transfer.id);
    owner
        .store
        .queue(
            DecideTransfer::new(incoming[0].transfer.id, TransferDecision::Accept),
            now,
        )
        .expect("queued");
    let shown = owner.store.transfers().expect("transfers");
    assert!(shown[0].pending && shown[0].transfer.status == TransferStatus::Accepted);
    let twice = owner.store.queue(
        DecideTransfer::new(incoming[0].transfer.id, TransferDecision::Decline),
        now,
    );
    assert!(
        matches!(
            twice,
            Err(StoreError::NotAllowed(ErrorCode::TransferClosed))
        ),
        "{twice:?}"
    );
    owner.sync_until_synced(5).await;
    assert_eq!(owner.store.notices().expect("notices"), vec![]);
    assert!(
        owner.store.devices().expect("devices").is_empty(),
        "gone from the owner"
    );

    buyer.sync_until_synced(5).await;
    let devices = buyer.store.devices().expect("devices");
    assert_eq!(devices.len(), 1);
    assert_eq!(devices[0].device_id, device);
    let settled = buyer.store.transfers().expect("transfers");
    assert_eq!(settled[0].transfer.status, TransferStatus::Accepted);

    let mut conn = world.server.state.db.pool().acquire().await.expect("conn");
    let stats = companion_server::store::troubleshooting::stats(&mut conn, None)
        .await
        .expect("stats");
    assert_eq!(stats.len(), 1, "{stats:?}");
    assert_eq!(
        (stats[0].sessions, stats[0].solved, stats[0].fault_code),
        (1, 1, FaultCode::WontHeat),
        "the solved session reached the server once"
    );
}
