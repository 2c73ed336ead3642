//! A `World` is a real server plus a staff member; a `Phone` is a data directory with its
//! store, API client and sync service, as the app builds them.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use companion_client::actions::RegisterDevice;
use companion_client::session::FileSecretStore;
use companion_client::sync::{Outcome, SyncService};
use companion_client::{ApiClient, LocalStore};
use companion_domain::wire::{DeviceSource, SignUpRequest, StaffPurchaseRequest};
use companion_domain::DeviceId;
use companion_server::testing::TestServer;
use companion_server::{admin, demo};
use time::OffsetDateTime;
use uuid::Uuid;

pub use companion_server::testing::PASSWORD;

pub struct World {
    pub server: TestServer,
    pub staff: ApiClient,
    pub dir: tempfile::TempDir,
}

/// Counts of what the server holds for one account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerState {
    pub devices: i64,
    pub redemptions: i64,
    pub guarantee_requests: i64,
    pub support_requests: i64,
    pub loyalty_entries: i64,
    pub balance: i64,
}

pub struct Phone {
    pub store: Arc<LocalStore>,
    pub api: Arc<ApiClient>,
    pub sync: Arc<SyncService<ApiClient>>,
    pub dir: PathBuf,
}

pub async fn world() -> World {
    let dir = tempfile::tempdir().expect("temp dir");
    // One assistant seeds every balance here, some far above a shop's day.
    let server = TestServer::spawn_with(&dir.path().join("server"), |settings| {
        settings.staff_daily_points_cap = i64::MAX
    })
    .await;
    demo::seed_rewards(&server.state).await.expect("rewards");
    demo::seed_collection_points(&server.state)
        .await
        .expect("collection points");
    let staff_email = "staff@companion.pt";
    admin::create_staff(&server.state, staff_email, PASSWORD, "Loja")
        .await
        .expect("staff");
    let staff = ApiClient::new(
        &server.address,
        Arc::new(FileSecretStore::new(dir.path().join("staff/session.json"))),
    )
    .expect("client");
    staff
        .log_in(staff_email, PASSWORD)
        .await
        .expect("staff logs in");
    World { server, staff, dir }
}

impl World {
    /// A phone with its own data directory, talking to `base_url`.
    pub fn phone_at(&self, data_dir: &Path, base_url: &str) -> Phone {
        let store = Arc::new(LocalStore::open(&data_dir.join("cache.db")).expect("store opens"));
        let secrets = Arc::new(FileSecretStore::new(data_dir.join("session.json")));
        // One connection per request, so that a fault proxy can act on each request.
        let http = reqwest::Client::builder()
            .pool_max_idle_per_host(0)
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .expect("http");
        let api = Arc::new(ApiClient::with_http(http, base_url, secrets));
        let sync = SyncService::new(store.clone(), api.clone());
        Phone {
            store,
            api,
            sync,
            dir: data_dir.to_path_buf(),
        }
    }

    /// A new customer signed in on a new phone that has synced once.
    pub async fn customer(&self, email: &str) -> Phone {
        self.customer_via(email, &self.server.address.clone()).await
    }

    pub async fn customer_via(&self, email: &str, base_url: &str) -> Phone {
        self.signed_up(email, base_url, companion_domain::wire::Language::Pt)
            .await
    }

    /// A customer who signed up with the app showing `language`.
    pub async fn customer_in(
        &self,
        email: &str,
        language: companion_domain::wire::Language,
    ) -> Phone {
        self.signed_up(email, &self.server.address, language).await
    }

    async fn signed_up(
        &self,
        email: &str,
        base_url: &str,
        language: companion_domain::wire::Language,
    ) -> Phone {
        let phone = self.phone_at(
            &self.dir.path().join(Uuid::new_v4().to_string()),
            &self.server.address,
        );
        let request = SignUpRequest {
            email: email.into(),
            password: PASSWORD.into(),
            given_name: "Ana".into(),
            family_name: "Silva".into(),
            birth_date: "1990-04-25".into(),
            country: "PT".into(),
            accept_terms: true,
            marketing_opt_in: false,
        };
        phone
            .api
            .sign_up(&request, language, Uuid::new_v4())
            .await
            .expect("signs up");
        let account = phone.api.log_in(email, PASSWORD).await.expect("logs in");
        phone.store.save_account(&account).expect("cache account");
        assert_eq!(
            phone.sync.sync_once().await.expect("store ok"),
            Outcome::Synced
        );
        if base_url == self.server.address {
            phone
        } else {
            // Same data directory and session, through another address.
            let dir = phone.dir.clone();
            drop(phone);
            self.phone_at(&dir, base_url)
        }
    }

    /// New devices in the manufacturer's catalog.
    pub async fn catalog(&self, count: usize) -> Vec<DeviceId> {
        companion_server::testing::catalog_devices(&self.server.state.db, count).await
    }

    /// Points for a customer through a shop purchase.
    pub async fn give_points(&self, member_code: &str, euros: i64) {
        let request = StaffPurchaseRequest {
            member_code: member_code.into(),
            amount_cents: euros * 100,
            receipt_reference: Uuid::new_v4().to_string(),
        };
        self.staff
            .staff_purchase(&request, Uuid::new_v4())
            .await
            .expect("purchase recorded");
    }

    /// What the server's database holds for an account: what "exactly once" is checked on.
    pub async fn server_state(&self, account_id: &str) -> ServerState {
        let pool = self.server.state.db.pool();
        let count = |sql: &'static str| async move {
            sqlx::query_scalar::<_, i64>(sql)
                .bind(account_id)
                .fetch_one(pool)
                .await
                .expect("query")
        };
        ServerState {
            devices: count("SELECT COUNT(*) FROM devices WHERE owner_id = $1").await,
            redemptions: count("SELECT COUNT(*) FROM redemptions WHERE account_id = $1").await,
            guarantee_requests: count(
                "SELECT COUNT(*) FROM guarantee_requests WHERE account_id = $1",
            )
            .await,
            support_requests: count("SELECT COUNT(*) FROM support_requests WHERE account_id = $1")
                .await,
            loyalty_entries: count("SELECT COUNT(*) FROM loyalty_entries WHERE account_id = $1")
                .await,
            balance: count("SELECT balance FROM accounts WHERE id = $1").await,
        }
    }
}

impl Phone {
    pub fn account_id(&self) -> String {
        self.store
            .account()
            .expect("read")
            .expect("signed in")
            .id
            .to_string()
    }

    pub fn member_code(&self) -> String {
        self.store
            .account()
            .expect("read")
            .expect("signed in")
            .member_code
    }

    /// Queues the registration of `device` as the app does when the customer scans or
    /// types it.
    pub fn queue_registration(&self, device: DeviceId, source: DeviceSource, now: OffsetDateTime) {
        self.store
            .queue(
                RegisterDevice {
                    device_id: device,
                    source,
                },
                now,
            )
            .expect("queued");
    }

    /// Sync rounds until synced (ignoring backoff delays), at most `rounds`.
    pub async fn sync_until_synced(&self, rounds: usize) -> Vec<Outcome> {
        let mut outcomes = Vec::new();
        for _ in 0..rounds {
            let outcome = self.sync.sync_once().await.expect("store ok");
            let done = outcome == Outcome::Synced;
            outcomes.push(outcome);
            if done {
                break;
            }
        }
        outcomes
    }
}
