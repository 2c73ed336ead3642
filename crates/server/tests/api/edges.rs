//! The server's edges over real sockets: slow clients lose their connections at the
//! header-read timeout, connections over the cap wait instead of being refused, a full disk
//! answers 503 `storage_unavailable` and heals once there is room, and a PostgreSQL that
//! stops and starts again costs 503s, never a double effect.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use companion_server::fd_limit;
use reqwest::{Method, StatusCode};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::task::JoinSet;

use crate::helpers::{spawn_app_with, TestApp};

/// Half a request line: a slow (or malicious) client that never finishes its head.
const HALF_A_REQUEST_LINE: &[u8] = b"GET /healthz HT";

fn host_port(app: &TestApp) -> String {
    app.address.trim_start_matches("http://").to_string()
}

/// Opens `n` connections that each send half a request line and then wait.
async fn slow_connections(address: &str, n: usize) -> Vec<TcpStream> {
    let mut streams = Vec::with_capacity(n);
    for i in 0..n {
        let mut stream = match TcpStream::connect(address).await {
            Ok(stream) => stream,
            Err(error) => panic!("connection {i} was refused: {error}"),
        };
        stream
            .write_all(HALF_A_REQUEST_LINE)
            .await
            .expect("half a line");
        streams.push(stream);
    }
    streams
}

/// Waits for the server to close each stream (EOF or reset), up to `deadline`; returns
/// how long each took, measured from `since`.
async fn closed_by_server(
    streams: Vec<TcpStream>,
    since: Instant,
    deadline: Duration,
) -> Vec<Duration> {
    let mut waits = JoinSet::new();
    for mut stream in streams {
        waits.spawn(async move {
            let mut sink = Vec::new();
            match tokio::time::timeout(deadline, stream.read_to_end(&mut sink)).await {
                Ok(_) => Some(since.elapsed()),
                Err(_) => None,
            }
        });
    }
    let mut closed = Vec::new();
    while let Some(done) = waits.join_next().await {
        match done.expect("task") {
            Some(after) => closed.push(after),
            None => panic!("a slow connection was still open after {deadline:?}"),
        }
    }
    closed
}

/// `/healthz` on a connection of its own. A pooled keep-alive connection would race the
/// server's (deliberately short) idle timeout in these tests: the server may close it just
/// as the client reuses it, which says nothing about whether new clients are served.
async fn healthz(app: &TestApp) -> StatusCode {
    let mut stream = TcpStream::connect(host_port(app))
        .await
        .expect("a new connection is accepted");
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: edge\r\nConnection: close\r\n\r\n")
        .await
        .expect("request");
    let mut answer = String::new();
    tokio::time::timeout(Duration::from_secs(30), stream.read_to_string(&mut answer))
        .await
        .expect("answered")
        .expect("read");
    let code = answer
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse::<u16>().ok())
        .unwrap_or_else(|| panic!("not an HTTP answer: {answer:?}"));
    StatusCode::from_u16(code).expect("a status code")
}

#[tokio::test]
async fn a_thousand_slow_connections_are_dropped_at_the_header_timeout_while_others_are_served() {
    // 1,000 sockets on each side of one process: the limit is raised as the server does.
    let open_files = fd_limit::raise_to_hard_limit().unwrap_or(0);
    assert!(
        open_files > 2_200,
        "the open-file limit {open_files} is too low for this test"
    );
    let header_timeout = Duration::from_secs(1);
    let app = spawn_app_with(|settings| {
        settings.connections.header_read_timeout = header_timeout;
    })
    .await;
    let started = Instant::now();
    let slow = slow_connections(&host_port(&app), 1_000).await;
    // During: an ordinary request is answered at once.
    assert_eq!(healthz(&app).await, StatusCode::OK);
    let closed = closed_by_server(slow, started, header_timeout * 10).await;
    assert_eq!(closed.len(), 1_000);
    let latest = closed.iter().max().copied().unwrap_or_default();
    let earliest = closed.iter().min().copied().unwrap_or_default();
    assert!(
        earliest >= header_timeout / 2,
        "dropped before the timeout: {earliest:?}"
    );
    assert!(
        latest < header_timeout * 5,
        "the last slow connection was dropped only after {latest:?}"
    );
    // After: still answering.
    assert_eq!(healthz(&app).await, StatusCode::OK);
}

#[tokio::test]
async fn over_the_connection_cap_a_new_connection_waits_instead_of_being_refused() {
    let header_timeout = Duration::from_secs(1);
    let app = spawn_app_with(|settings| {
        settings.connections.header_read_timeout = header_timeout;
        settings.connections.max_connections = 50;
    })
    .await;
    let address = host_port(&app);
    let started = Instant::now();
    let slow = slow_connections(&address, 50).await;
    // The 51st: the kernel completes the handshake (no refusal), the server takes it once a
    // slow one has been dropped.
    let mut waiting = TcpStream::connect(&address)
        .await
        .expect("an over-limit connection is not refused");
    waiting
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: edge\r\nConnection: close\r\n\r\n")
        .await
        .expect("request");
    let mut answer = String::new();
    tokio::time::timeout(header_timeout * 10, waiting.read_to_string(&mut answer))
        .await
        .expect("answered within the deadline")
        .expect("read");
    let waited = started.elapsed();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        waited >= header_timeout / 2,
        "answered after {waited:?}: it did not wait for a free slot"
    );
    closed_by_server(slow, started, header_timeout * 10).await;
    assert_eq!(healthz(&app).await, StatusCode::OK);
}

/// A tmpfs of a few MiB, unmounted when dropped (lazily, so a still-open file cannot stop it).
struct SmallVolume {
    dir: PathBuf,
}

impl SmallVolume {
    fn mount(dir: &Path, size: &str) -> Option<SmallVolume> {
        std::fs::create_dir_all(dir).ok()?;
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .status()
            .ok()?;
        mounted.success().then(|| SmallVolume {
            dir: dir.to_path_buf(),
        })
    }

    /// Writes a file until the volume is full; returns it.
    fn fill(&self) -> PathBuf {
        let filler = self.dir.join("filler");
        let mut file = std::fs::File::create(&filler).expect("filler");
        let chunk = vec![0xA5u8; 4096];
        loop {
            use std::io::Write;
            if file.write_all(&chunk).and_then(|()| file.flush()).is_err() {
                break;
            }
        }
        filler
    }
}

impl Drop for SmallVolume {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
    }
}

async fn register(app: &TestApp, token: &str, id: &str) -> crate::helpers::Answer {
    app.request(
        Method::POST,
        "/v1/devices",
        Some(token),
        Some(&uuid::Uuid::new_v4().to_string()),
        Some(json!({"device_id": id, "source": "manual"})),
    )
    .await
}

#[tokio::test]
async fn a_full_disk_answers_503_and_writes_heal_once_there_is_room_without_a_restart() {
    let root = tempfile::tempdir().expect("temp dir");
    let Some(volume) = SmallVolume::mount(&root.path().join("vol"), "8m") else {
        eprintln!("SKIPPED: cannot mount a tmpfs here (not root?); the full-disk test needs one");
        return;
    };
    let url = format!("sqlite://{}/full.db", volume.dir.display());
    let app = spawn_app_with(|settings| settings.database_url = url).await;
    let (token, _) = app.customer("full-disk@example.pt").await;
    let devices: Vec<String> = app
        .catalog(40)
        .await
        .iter()
        .map(|d| d.to_string())
        .collect();
    // Accepted before the disk fills: must survive.
    assert_eq!(
        register(&app, &token, &devices[0]).await.status,
        StatusCode::CREATED
    );
    // Empty the WAL so the next commit needs new room, then take all the room there is.
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(app.state.db.pool())
        .await
        .expect("checkpoint");
    let filler = volume.fill();

    let mut refused = 0;
    for id in &devices[1..6] {
        let answer = register(&app, &token, id).await;
        assert_eq!(
            answer.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{:?}",
            answer.body
        );
        assert_eq!(answer.code(), "storage_unavailable");
        assert!(answer.headers.contains_key("retry-after"));
        refused += 1;
    }
    assert_eq!(refused, 5);

    std::fs::remove_file(&filler).expect("room again");
    // Healed within seconds, without a restart...
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let answer = register(&app, &token, &devices[6]).await;
        if answer.status == StatusCode::CREATED {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "writes still fail after room was made: {} {:?}",
            answer.status,
            answer.body
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // ...on every connection of the pool, not only a lucky one (in parallel, so the pool's
    // connections are all used).
    let mut writes = JoinSet::new();
    for id in &devices[7..40] {
        let id = id.clone();
        let client = app.client.clone();
        let address = app.address.clone();
        let token = token.clone();
        writes.spawn(async move {
            client
                .post(format!("{address}/v1/devices"))
                .bearer_auth(token)
                .json(&json!({"device_id": id, "source": "manual"}))
                .send()
                .await
                .map(|r| r.status())
        });
    }
    while let Some(done) = writes.join_next().await {
        assert_eq!(done.expect("task").expect("sent"), StatusCode::CREATED);
    }
    // Nothing accepted before was lost, and the file is sound.
    let list = app.get("/v1/devices", &token).await;
    let listed = list.body.to_string();
    let plain = |id: &str| id.replace(|c: char| !c.is_ascii_alphanumeric(), "");
    assert!(listed.contains(&plain(&devices[0])), "{listed}");
    assert!(listed.contains(&plain(&devices[6])), "{listed}");
    assert_eq!(list.body["devices"].as_array().map(Vec::len), Some(35));
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(app.state.db.pool())
        .await
        .expect("integrity check");
    assert_eq!(integrity, "ok");
    drop(app);
    drop(volume);
}

/// A private PostgreSQL cluster this test may stop and start without disturbing the shared
/// one the rest of the suite uses. Stopped and removed when dropped.
struct PrivatePostgres {
    bin: PathBuf,
    root: tempfile::TempDir,
    port: u16,
}

impl PrivatePostgres {
    fn start() -> Option<PrivatePostgres> {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(Result::ok)
            .map(|e| e.path().join("bin"))
            .filter(|bin| bin.join("initdb").exists())
            .max()?;
        let root = tempfile::tempdir().ok()?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .ok()?
            .local_addr()
            .ok()?
            .port();
        let pg = PrivatePostgres { bin, root, port };
        if is_root() {
            Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(pg.root.path())
                .status()
                .ok()?;
        }
        let data = pg.root.path().join("data");
        pg.run(&format!(
            "'{}' -D '{}' -A trust -U postgres --no-sync >/dev/null",
            pg.bin.join("initdb").display(),
            data.display()
        ))
        .then_some(())?;
        pg.pg_ctl_start().then_some(pg)
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    fn run(&self, script: &str) -> bool {
        let status = if is_root() {
            Command::new("su")
                .args(["postgres", "-s", "/bin/bash", "-c", script])
                .status()
        } else {
            Command::new("bash").args(["-c", script]).status()
        };
        status.is_ok_and(|s| s.success())
    }

    fn pg_ctl_start(&self) -> bool {
        let root = self.root.path();
        self.run(&format!(
            "'{}' -D '{}/data' -l '{}/server.log' -w start -o \"-p {} -k '{}' -c listen_addresses=127.0.0.1 -c fsync=off\" >/dev/null",
            self.bin.join("pg_ctl").display(),
            root.display(),
            root.display(),
            self.port,
            root.display()
        ))
    }

    /// A fast stop: sessions end with "terminating connection due to administrator
    /// command", as in a real maintenance restart.
    fn pg_ctl_stop(&self) -> bool {
        self.run(&format!(
            "'{}' -D '{}/data' -m fast -w stop >/dev/null",
            self.bin.join("pg_ctl").display(),
            self.root.path().display()
        ))
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        let _ = self.run(&format!(
            "'{}' -D '{}/data' -m immediate stop >/dev/null 2>&1",
            self.bin.join("pg_ctl").display(),
            self.root.path().display()
        ));
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

async fn purchase(
    app: &TestApp,
    staff: &str,
    key: &str,
    member: &str,
    receipt: &str,
) -> crate::helpers::Answer {
    app.request(
        Method::POST,
        "/v1/staff/purchases",
        Some(staff),
        Some(key),
        Some(json!({"member_code": member, "amount_cents": 4_000, "receipt_reference": receipt})),
    )
    .await
}

#[tokio::test]
async fn postgres_stopping_and_starting_gives_503s_then_heals_and_a_retried_key_counts_once() {
    if std::env::var("COMPANION_TEST_POSTGRES").map_or(true, |v| v.is_empty()) {
        eprintln!("SKIPPED: the PostgreSQL stop/start test runs in the PostgreSQL suite (scripts/with-postgres.sh)");
        return;
    }
    let Some(pg) = PrivatePostgres::start() else {
        eprintln!(
            "SKIPPED: no initdb under /usr/lib/postgresql, or the private cluster did not start"
        );
        return;
    };
    let url = pg.url();
    let app = spawn_app_with(|settings| settings.database_url = url).await;
    let staff = app.staff().await;
    let (token, session) = app.customer("outage@example.pt").await;
    let member = session.account.member_code.clone();
    // One purchase before the outage tells how many points one is worth.
    let before = purchase(
        &app,
        &staff,
        &uuid::Uuid::new_v4().to_string(),
        &member,
        "OUT-1",
    )
    .await;
    assert_eq!(before.status, StatusCode::CREATED, "{:?}", before.body);
    let one_purchase = app.balance(&token).await;
    assert!(one_purchase > 0);

    assert!(pg.pg_ctl_stop(), "the private PostgreSQL stops");
    let key = uuid::Uuid::new_v4().to_string();
    let down = purchase(&app, &staff, &key, &member, "OUT-2").await;
    assert_eq!(
        down.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{:?}",
        down.body
    );
    assert!(
        matches!(down.code(), "storage_unavailable" | "unavailable"),
        "{:?}",
        down.body
    );

    assert!(pg.pg_ctl_start(), "the private PostgreSQL starts again");
    let back = Instant::now();
    // The phone retries the same request with the same key until it goes through.
    let answer = loop {
        let answer = purchase(&app, &staff, &key, &member, "OUT-2").await;
        if answer.status != StatusCode::SERVICE_UNAVAILABLE {
            break answer;
        }
        assert!(
            back.elapsed() < Duration::from_secs(15),
            "still 503 {:?} after PostgreSQL came back",
            answer.body
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(answer.status, StatusCode::CREATED, "{:?}", answer.body);
    assert!(back.elapsed() < Duration::from_secs(15));
    // A replay answers the same and adds nothing.
    let replay = purchase(&app, &staff, &key, &member, "OUT-2").await;
    assert_eq!(replay.status, StatusCode::CREATED);
    assert_eq!(replay.body, answer.body);
    assert_eq!(app.balance(&token).await, 2 * one_purchase);
    drop(app);
    drop(pg);
}
