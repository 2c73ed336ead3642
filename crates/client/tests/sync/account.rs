//! Account-level calls: password change, export, log-out and removal clear what they must.

use companion_client::sync::Outcome;
use companion_client::{CallError, ErrorCode};
use companion_domain::wire::DeviceSource;
use time::OffsetDateTime;

use crate::helpers::{world, PASSWORD};

const NEW_PASSWORD: &str = "andorinha-mercado-bolhao";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_change_keeps_this_session_and_the_export_has_the_data() {
    let world = world().await;
    let phone = world.customer("pw@example.pt").await;
    let wrong = phone
        .api
        .change_password("not-the-password", NEW_PASSWORD)
        .await;
    assert!(
        matches!(
            wrong,
            Err(CallError::Refused {
                code: ErrorCode::InvalidCredentials,
                ..
            })
        ),
        "{wrong:?}"
    );
    phone
        .api
        .change_password(PASSWORD, NEW_PASSWORD)
        .await
        .expect("changed");
    assert_eq!(
        phone.sync.sync_once().await.expect("ok"),
        Outcome::Synced,
        "this session stays"
    );
    let export = phone.api.export().await.expect("export");
    assert_eq!(export.account.email, "pw@example.pt");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn log_out_and_account_removal_clear_the_session_and_the_cache() {
    let world = world().await;
    let phone = world.customer("bye@example.pt").await;
    let [device] = world.catalog(1).await[..] else {
        panic!("one device")
    };
    phone.queue_registration(device, DeviceSource::Scan, OffsetDateTime::now_utc());
    assert_eq!(phone.sync.sync_once().await.expect("ok"), Outcome::Synced);

    phone.api.log_out().await.expect("logged out");
    assert!(
        !phone.dir.join("session.json").exists(),
        "the session is gone from the device"
    );
    assert_eq!(
        phone.sync.sync_once().await.expect("ok"),
        Outcome::SignedOut
    );
    phone.store.clear_all().expect("cache cleared");
    assert!(phone.store.home(50).expect("home").account.is_none());

    let account = phone
        .api
        .log_in("bye@example.pt", PASSWORD)
        .await
        .expect("back in");
    phone.store.save_account(&account).expect("cache");
    assert_eq!(phone.sync.sync_once().await.expect("ok"), Outcome::Synced);
    assert_eq!(
        phone.store.devices().expect("read").len(),
        1,
        "the cache is rebuilt from the server"
    );

    phone.api.delete_account(PASSWORD).await.expect("removed");
    assert!(!phone.dir.join("session.json").exists());
    phone.store.clear_all().expect("cache cleared");
    assert!(phone.store.devices().expect("read").is_empty());
    assert!(matches!(
        phone.api.log_in("bye@example.pt", PASSWORD).await,
        Err(CallError::Refused {
            code: ErrorCode::InvalidCredentials,
            ..
        })
    ));
}
