//! Sync benchmark (numbers for BENCHMARKS.md; run with
//! `cargo run --release -p companion-client --example sync_bench`).
//!
//! An account with 10,000 ledger entries and 20 devices on a real server (in process,
//! SQLite). Every request goes through a loopback proxy that counts bytes both ways and
//! connections (one request per connection). Compared in the same run with a naive client
//! that refetches everything (account, devices, the whole history in pages, rewards,
//! collection points, vouchers, requests) every time it syncs and every time a screen opens.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use companion_client::sync::{Outcome, SyncService};
use companion_client::{ApiClient, FileSecretStore, LocalStore};
use companion_domain::wire::{
    DeviceSource, LoyaltyEntryKind, RegisterDeviceRequest, SignUpRequest,
};
use companion_server::clock::Clock;
use companion_server::testing::TestServer;
use companion_server::{catalog, demo, routes::devices::register_for, store::ledger};
use tokio::net::{TcpListener, TcpStream};

use companion_server::testing::PASSWORD;
const DEVICES: usize = 20;
const ENTRIES: i64 = 10_000;

/// Bytes up, bytes down, connections.
#[derive(Default)]
struct Meter {
    up: AtomicU64,
    down: AtomicU64,
    connections: AtomicU64,
}

impl Meter {
    fn take(&self) -> (u64, u64) {
        let bytes = self.up.swap(0, Ordering::SeqCst) + self.down.swap(0, Ordering::SeqCst);
        (self.connections.swap(0, Ordering::SeqCst), bytes)
    }
}

async fn counting_proxy(upstream: String, meter: Arc<Meter>) -> anyhow::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let address = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let (meter, upstream) = (meter.clone(), upstream.clone());
            meter.connections.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                if let Ok(mut server) = TcpStream::connect(upstream).await {
                    if let Ok((up, down)) =
                        tokio::io::copy_bidirectional(&mut client, &mut server).await
                    {
                        meter.up.fetch_add(up, Ordering::SeqCst);
                        meter.down.fetch_add(down, Ordering::SeqCst);
                    }
                }
            });
        }
    });
    Ok(address)
}

fn one_request_per_connection() -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()?)
}

/// Settles the proxy's byte counts (a copy finishes when both sides close).
async fn settle() {
    tokio::time::sleep(Duration::from_millis(300)).await;
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

async fn naive_refetch(http: &reqwest::Client, base: &str, token: &str) -> anyhow::Result<usize> {
    let mut entries = 0;
    for path in [
        "/v1/account",
        "/v1/devices",
        "/v1/rewards",
        "/v1/collection-points",
        "/v1/redemptions",
        "/v1/guarantee-requests",
    ] {
        http.get(format!("{base}{path}"))
            .bearer_auth(token)
            .send()
            .await?
            .error_for_status()?
            .bytes()
            .await?;
    }
    let mut before: Option<String> = None;
    loop {
        let mut url = format!("{base}/v1/loyalty?limit=200");
        if let Some(cursor) = &before {
            url.push_str(&format!("&before={cursor}"));
        }
        let page: serde_json::Value = http
            .get(url)
            .bearer_auth(token)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        entries += page["entries"].as_array().map(Vec::len).unwrap_or(0);
        match page["next_before"].as_str() {
            Some(next) => before = Some(next.to_string()),
            None => return Ok(entries),
        }
    }
}

async fn naive_screen(http: &reqwest::Client, base: &str, token: &str) -> anyhow::Result<()> {
    for path in ["/v1/account", "/v1/devices", "/v1/loyalty?limit=50"] {
        http.get(format!("{base}{path}"))
            .bearer_auth(token)
            .send()
            .await?
            .error_for_status()?
            .bytes()
            .await?;
    }
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let server = TestServer::spawn(&dir.path().join("server")).await;
    demo::seed_rewards(&server.state).await?;
    demo::seed_collection_points(&server.state).await?;

    // The account, its devices and history.
    let direct = ApiClient::new(
        &server.address,
        Arc::new(FileSecretStore::new(dir.path().join("setup.json"))),
    )?;
    let email = "bench@example.pt";
    let signup = SignUpRequest {
        email: email.into(),
        password: PASSWORD.into(),
        given_name: "Ana".into(),
        family_name: "Silva".into(),
        birth_date: "1990-04-25".into(),
        country: "PT".into(),
        accept_terms: true,
        marketing_opt_in: false,
    };
    let account = direct
        .sign_up(
            &signup,
            companion_domain::wire::Language::Pt,
            uuid::Uuid::new_v4(),
        )
        .await?;
    let id = account.id.to_string();
    let entries: Vec<catalog::CatalogEntry> = (0..DEVICES)
        .map(|n| catalog::CatalogEntry {
            device_id: demo::demo_device_id(1000 + n as u64),
            model: "ILUMA PRIME".into(),
            manufactured_on: time::macros::date!(2026 - 01 - 10),
        })
        .collect();
    catalog::import(&server.state.db, &entries).await?;
    for entry in &entries {
        let request = RegisterDeviceRequest {
            device_id: entry.device_id.to_string(),
            source: DeviceSource::Scan,
        };
        register_for(&server.state, &id, &request)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    let now = server.clock.now();
    let mut tx = server.state.db.begin_write().await?;
    for n in 0..ENTRIES - DEVICES as i64 {
        ledger::earn(
            &mut tx,
            &id,
            5,
            LoyaltyEntryKind::Purchase,
            &format!("Purchase LJ-{n:06}"),
            server.state.settings.points.at_once(now),
            now,
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    tx.commit().await?;

    let meter = Arc::new(Meter::default());
    let proxy = counting_proxy(server.addr.to_string(), meter.clone()).await?;
    let http = one_request_per_connection()?;

    // Our client.
    let phone_dir = dir.path().join("phone");
    let store = Arc::new(LocalStore::open(&phone_dir.join("cache.db"))?);
    let api = Arc::new(ApiClient::with_http(
        http.clone(),
        &proxy,
        Arc::new(FileSecretStore::new(phone_dir.join("session.json"))),
    ));
    store.save_account(&api.log_in(email, PASSWORD).await?)?;
    let token = api
        .session()
        .await?
        .map(|s| s.access_token)
        .unwrap_or_default();
    settle().await;
    meter.take();
    let sync = SyncService::new(store.clone(), api.clone());
    let started = Instant::now();
    while sync.sync_once().await? != Outcome::Synced {}
    let first_sync = started.elapsed();
    settle().await;
    let (first_requests, first_bytes) = meter.take();
    let cached_entries = store.history_page(i64::MAX, 100_000)?.len();

    let started = Instant::now();
    sync.sync_once().await?;
    let idle_sync = started.elapsed();
    settle().await;
    let (idle_requests, idle_bytes) = meter.take();

    let samples: Vec<Duration> = (0..201)
        .map(|_| {
            let started = Instant::now();
            let home = store.home(50);
            assert!(home
                .is_ok_and(|h| h.devices.len() == DEVICES
                    && h.wallet.is_some_and(|w| w.entries.len() == 50)));
            started.elapsed()
        })
        .collect();
    let screen = median(samples);

    // The naive client, through the same proxy.
    let started = Instant::now();
    let naive_entries = naive_refetch(&http, &proxy, &token).await?;
    let naive_sync = started.elapsed();
    settle().await;
    let (naive_requests, naive_bytes) = meter.take();
    let mut samples = Vec::new();
    for _ in 0..51 {
        let started = Instant::now();
        naive_screen(&http, &proxy, &token).await?;
        samples.push(started.elapsed());
    }
    let naive_screen_time = median(samples);

    println!("Sync benchmark: {ENTRIES} ledger entries, {DEVICES} devices; one request per connection through a counting proxy");
    println!(
        "our first sync:      {:>8.1} ms  {:>4} requests  {:>9} bytes  ({} entries cached)",
        ms(first_sync),
        first_requests,
        first_bytes,
        cached_entries
    );
    println!(
        "naive full refetch:  {:>8.1} ms  {:>4} requests  {:>9} bytes  ({} entries)",
        ms(naive_sync),
        naive_requests,
        naive_bytes,
        naive_entries
    );
    println!(
        "  ratio (ours / naive): time {:.2}, bytes {:.2}",
        ratio(first_sync, naive_sync),
        first_bytes as f64 / naive_bytes as f64
    );
    println!(
        "our no-change sync:  {:>8.1} ms  {:>4} requests  {:>9} bytes",
        ms(idle_sync),
        idle_requests,
        idle_bytes
    );
    println!(
        "  ratio to a naive refetch: time {:.4}, bytes {:.5}",
        ratio(idle_sync, naive_sync),
        idle_bytes as f64 / naive_bytes as f64
    );
    println!("screen data (balance, last 50 entries, {DEVICES} devices), median:");
    println!(
        "  ours from the cache {:.3} ms; naive over loopback {:.3} ms; ratio {:.3}",
        ms(screen),
        ms(naive_screen_time),
        ratio(screen, naive_screen_time)
    );
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}
