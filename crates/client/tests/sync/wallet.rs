//! The wallet's claims and the inbox against the real server: a missing-points claim filed
//! on the phone, credited when the till records the receipt, told in the inbox, and the
//! notification read on the phone reaching the server exactly once.

use companion_client::actions::{FilePointsClaim, ReadNotification};
use companion_client::store::StoreError;
use companion_client::ErrorCode;
use companion_domain::wire::{
    NewPointsClaim, NotificationKind, PointsClaimStatus, StaffPurchaseRequest,
};
use companion_server::clock::Clock;
use uuid::Uuid;

use crate::helpers::world;

fn claim(receipt: &str, purchased_on: &str) -> FilePointsClaim {
    FilePointsClaim::new(NewPointsClaim {
        shop: "main".into(),
        receipt_reference: receipt.into(),
        purchased_on: purchased_on.into(),
        amount_cents: 2_500,
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_claim_filed_on_the_phone_is_credited_by_the_till_and_the_news_is_read_once() {
    let world = world().await;
    let phone = world.customer("claims@example.pt").await;
    // The phone's clock agrees with the server's (a test clock).
    let now = world.server.clock.now();
    let today = now.date().to_string();
    let before = phone.store.wallet(10).expect("wallet").expect("signed in");

    // Refused on the phone, as the server would: a date too old, and a day to come.
    for (day, code) in [
        (
            (now.date() - time::Duration::days(91)).to_string(),
            ErrorCode::ClaimTooLate,
        ),
        (
            (now.date() + time::Duration::days(1)).to_string(),
            ErrorCode::InvalidPurchaseDate,
        ),
        ("31/12/2026".to_string(), ErrorCode::InvalidPurchaseDate),
    ] {
        let refused = phone.store.queue(claim("TK-77", &day), now);
        assert!(
            matches!(&refused, Err(StoreError::NotAllowed(c)) if *c == code),
            "{day}: {refused:?}"
        );
    }

    phone
        .store
        .queue(claim(" TK-77 ", &today), now)
        .expect("queued");
    let shown = phone.store.points_claims().expect("claims");
    assert_eq!(shown.len(), 1);
    assert!(shown[0].pending && shown[0].claim.status == PointsClaimStatus::Open);
    assert_eq!(shown[0].claim.receipt_reference, "TK-77");
    let twice = phone.store.queue(claim("tk-77", &today), now);
    assert!(
        matches!(&twice, Err(StoreError::NotAllowed(ErrorCode::ClaimExists))),
        "{twice:?}"
    );

    let rounds = phone.sync_until_synced(5).await;
    let filed = phone.store.points_claims().expect("claims");
    assert_eq!(
        phone.store.notices().expect("notices"),
        vec![],
        "{rounds:?}"
    );
    assert_eq!(
        filed.len(),
        1,
        "the server's record replaced the placeholder"
    );
    assert!(!filed[0].pending);
    assert!(!filed[0].claim.reference.is_empty());
    assert_eq!(filed[0].claim.status, PointsClaimStatus::Open);

    // The till records the receipt without a member code: the claim is credited.
    world
        .staff
        .staff_unclaimed_purchase(
            &StaffPurchaseRequest {
                member_code: String::new(),
                amount_cents: 2_500,
                receipt_reference: "tk-77".into(),
            },
            Uuid::new_v4(),
        )
        .await
        .expect("recorded");
    phone.sync_until_synced(5).await;
    let credited = phone.store.points_claims().expect("claims");
    assert_eq!(
        (credited[0].claim.status, credited[0].claim.points),
        (PointsClaimStatus::Credited, Some(25))
    );
    let wallet = phone.store.wallet(10).expect("wallet").expect("signed in");
    assert_eq!(wallet.balance, before.balance + 25);
    assert_eq!(phone.store.unread_notifications().expect("count"), 1);
    let inbox = phone.store.notifications().expect("inbox");
    assert_eq!(inbox[0].kind, NotificationKind::ClaimDecided);
    assert_eq!(
        inbox[0].params["reference"].as_str(),
        Some(filed[0].claim.reference.as_str())
    );

    // Read on the phone: the badge goes at once, the server learns it once.
    let read = ReadNotification { id: inbox[0].id };
    phone.store.queue(read.clone(), now).expect("queued");
    assert_eq!(phone.store.unread_notifications().expect("count"), 0);
    assert_eq!(
        phone.store.queue(read, now).expect("nothing to do"),
        None,
        "reading it again sends nothing"
    );
    phone.sync_until_synced(5).await;
    phone.store.reset_sync().expect("forget the feed");
    phone.sync_until_synced(5).await;
    let again = phone.store.notifications().expect("inbox");
    assert_eq!(again.len(), 1);
    assert!(again[0].read_at.is_some(), "the server has it read");
    assert_eq!(phone.store.unread_notifications().expect("count"), 0);
}
