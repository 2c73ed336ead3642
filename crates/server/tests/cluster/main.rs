//! Two real `companion-server` processes on one database behave exactly like one: the
//! API keeps no state of its own. Runs on PostgreSQL when `COMPANION_TEST_POSTGRES` names a
//! server (CI's second stage), otherwise on one SQLite file shared by both processes.
//! `mail_after_kill.rs`: a process killed with mail in its outbox, and the one after it.

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use companion_domain::DeviceId;
use companion_server::clock::SystemClock;
use companion_server::config::{MailSettings, Settings};
use companion_server::db::Db;
use companion_server::state::AppState;
use companion_server::{admin, demo};
use reqwest::StatusCode;
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, Command};

use companion_server::testing::PASSWORD;

mod mail_after_kill;
#[path = "../shared/outbox.rs"]
mod outbox;
#[path = "../shared/smtp_sink.rs"]
mod smtp_sink;

const WRONG: &str = "definitely-not-the-password";

/// One running instance.
struct Instance {
    child: Child,
    address: String,
}

/// Two instances on one fresh database, and a direct handle on it for seeding and checks.
struct Cluster {
    a: Instance,
    b: Instance,
    db: Db,
    /// The server's state over the same database, for seeding through the server's code.
    state: AppState,
    http: reqwest::Client,
    mail_dir: PathBuf,
    _dir: tempfile::TempDir,
}

/// Starts an instance without waiting for it, with `env` added to its environment.
fn spawn_instance(database_url: &str, mail_dir: &std::path::Path, env: &[(&str, &str)]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_companion-server"))
        .arg("serve")
        .envs(env.iter().copied())
        .env("DATABASE_URL", database_url)
        .env("BIND_ADDR", "127.0.0.1:0")
        .env("MAIL_OUTBOX_DIR", mail_dir)
        .env("RUST_LOG", "error")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .expect("companion-server starts")
}

/// Waits for the line that says where the instance listens.
async fn listening(mut child: Child) -> Instance {
    let stdout = child.stdout.take().expect("stdout piped");
    let mut lines = BufReader::new(stdout).lines();
    let wait = async {
        while let Some(line) = lines.next_line().await.expect("stdout read") {
            if let Some(address) = line.strip_prefix("companion-server listening on ") {
                return address.to_string();
            }
        }
        panic!("companion-server exited before listening");
    };
    let address = tokio::time::timeout(Duration::from_secs(60), wait)
        .await
        .expect("listening within a minute");
    // Keep reading stdout so the instance never blocks on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Instance { child, address }
}

impl Cluster {
    /// Both instances started at the same moment on an empty database, in-store points
    /// posting at once (these tests are about instances, not the return window).
    async fn start() -> Cluster {
        Cluster::start_with(&[("POINTS_PENDING_HOURS", "0")]).await
    }

    /// Like [`Cluster::start`] with `env` for both instances (and the default points rules).
    async fn start_with(env: &[(&str, &str)]) -> Cluster {
        let dir = tempfile::tempdir().expect("dir");
        let url = companion_server::testing::database_url(dir.path()).await;
        let mail_dir = dir.path().join("mail");
        let (a, b) = (
            spawn_instance(&url, &mail_dir, env),
            spawn_instance(&url, &mail_dir, env),
        );
        let (a, b) = tokio::join!(listening(a), listening(b));
        let db = Db::connect(&url).await.expect("database");
        let settings = Settings {
            database_url: url,
            mail: MailSettings::OutboxDir(mail_dir.clone()),
            ..Settings::defaults()
        };
        let state = companion_server::startup::state(db.clone(), Arc::new(SystemClock), &settings)
            .expect("state");
        Cluster {
            a,
            b,
            db,
            state,
            http: reqwest::Client::new(),
            mail_dir,
            _dir: dir,
        }
    }

    /// Instance A for even `n`, B for odd: requests alternate.
    fn either(&self, n: usize) -> &str {
        if n.is_multiple_of(2) {
            &self.a.address
        } else {
            &self.b.address
        }
    }

    async fn call(
        &self,
        base: &str,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        key: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self.http.request(method, format!("{base}{path}"));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("answered");
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn post(
        &self,
        base: &str,
        path: &str,
        token: Option<&str>,
        body: Value,
    ) -> (StatusCode, Value) {
        self.call(base, reqwest::Method::POST, path, token, None, Some(body))
            .await
    }

    async fn sign_up(&self, base: &str, email: &str) -> StatusCode {
        let body = json!({"email": email, "password": PASSWORD, "given_name": "Ana", "family_name": "Silva",
                          "birth_date": "1990-04-25", "country": "PT", "accept_terms": true});
        self.post(base, "/v1/accounts", None, body).await.0
    }

    async fn log_in(&self, base: &str, email: &str, password: &str) -> (StatusCode, Value) {
        self.post(
            base,
            "/v1/sessions",
            None,
            json!({"email": email, "password": password}),
        )
        .await
    }

    /// Signs a customer up on A and logs in on B: their access and refresh tokens.
    async fn customer(&self, email: &str) -> (String, String) {
        assert_eq!(
            self.sign_up(&self.a.address, email).await,
            StatusCode::CREATED
        );
        let (status, body) = self.log_in(&self.b.address, email, PASSWORD).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let token = |name: &str| body[name].as_str().expect("token").to_string();
        (token("access_token"), token("refresh_token"))
    }

    async fn catalog(&self, count: usize) -> Vec<DeviceId> {
        companion_server::testing::catalog_devices(&self.db, count).await
    }

    async fn count(&self, sql: &'static str, bind: &str) -> i64 {
        sqlx::query_scalar(sql)
            .bind(bind)
            .fetch_one(self.db.pool())
            .await
            .expect("count")
    }
}

#[tokio::test]
async fn failed_log_ins_sent_to_both_instances_count_together() {
    let cluster = Cluster::start().await;
    cluster.customer("burst@example.pt").await;
    let attempts = (0..100).map(|n| cluster.log_in(cluster.either(n), "burst@example.pt", WRONG));
    let statuses: Vec<StatusCode> = futures::future::join_all(attempts)
        .await
        .into_iter()
        .map(|(status, _)| status)
        .collect();
    let tried = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert!(
        tried <= 5,
        "{tried} passwords tried across two instances (limit 5)"
    );
    assert_eq!(tried + refused, 100, "{statuses:?}");
    for instance in [&cluster.a.address, &cluster.b.address] {
        let (status, _) = cluster.log_in(instance, "burst@example.pt", PASSWORD).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "locked on both");
    }
    // Per-address limits are shared too: 10 sign-ups per hour from one address.
    let mut statuses = Vec::new();
    for n in 0..10 {
        statuses.push(
            cluster
                .sign_up(cluster.either(n), &format!("many{n}@example.pt"))
                .await,
        );
    }
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::CREATED)
            .count(),
        9,
        "one sign-up was already spent by the customer: {statuses:?}"
    );
    assert_eq!(statuses[9], StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn sessions_rotate_and_end_across_instances() {
    let cluster = Cluster::start().await;
    let (access, refresh) = cluster.customer("session@example.pt").await;
    let (a, b) = (&cluster.a.address, &cluster.b.address);
    let (status, pair) = cluster
        .post(
            b,
            "/v1/sessions/refresh",
            None,
            json!({"refresh_token": refresh}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{pair}");
    let new_access = pair["access_token"].as_str().expect("access").to_string();
    let new_refresh = pair["refresh_token"].as_str().expect("refresh").to_string();
    assert_eq!(
        cluster
            .call(
                a,
                reqwest::Method::GET,
                "/v1/account",
                Some(&new_access),
                None,
                None
            )
            .await
            .0,
        StatusCode::OK
    );
    // The spent token replayed on the other instance, after its grace: the family dies.
    tokio::time::sleep(Duration::from_millis(10)).await;
    let (status, _) = cluster
        .post(
            a,
            "/v1/sessions/refresh",
            None,
            json!({"refresh_token": new_refresh}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = cluster
        .post(
            b,
            "/v1/sessions/refresh",
            None,
            json!({"refresh_token": refresh}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a twice-spent token is refused"
    );
    assert_eq!(
        cluster
            .call(
                a,
                reqwest::Method::GET,
                "/v1/account",
                Some(&access),
                None,
                None
            )
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );

    // Logging out on one instance ends the session on the other.
    let (_, body) = cluster.log_in(a, "session@example.pt", PASSWORD).await;
    let token = body["access_token"].as_str().expect("token").to_string();
    let (status, _) = cluster
        .call(
            b,
            reqwest::Method::DELETE,
            "/v1/sessions/current",
            Some(&token),
            None,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        cluster
            .call(
                a,
                reqwest::Method::GET,
                "/v1/account",
                Some(&token),
                None,
                None
            )
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_reset_code_asked_on_one_instance_works_once_on_the_other() {
    let cluster = Cluster::start().await;
    cluster.customer("reset@example.pt").await;
    let (a, b) = (&cluster.a.address, &cluster.b.address);
    let (status, _) = cluster
        .post(
            a,
            "/v1/password-resets",
            None,
            json!({"email": "reset@example.pt"}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let code =
        companion_server::testing::code_from_email(&cluster.mail_dir, "reset@example.pt", 0).await;
    let confirm = json!({"token": code, "new_password": "nova-palavra-passe-segura"});
    assert_eq!(
        cluster
            .post(b, "/v1/password-resets/confirm", None, confirm.clone())
            .await
            .0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        cluster
            .post(a, "/v1/password-resets/confirm", None, confirm)
            .await
            .0,
        StatusCode::BAD_REQUEST,
        "spent everywhere"
    );
    let (status, _) = cluster
        .log_in(a, "reset@example.pt", "nova-palavra-passe-segura")
        .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn keys_replay_across_instances_and_parallel_claims_and_redemptions_stay_single() {
    let cluster = Cluster::start().await;
    demo::seed_rewards(&cluster.state).await.expect("rewards");
    let (ana, _) = cluster.customer("ana@example.pt").await;
    admin::create_staff(&cluster.state, "loja@example.pt", PASSWORD, "Loja")
        .await
        .expect("staff");
    let (_, staff) = cluster
        .log_in(&cluster.a.address, "loja@example.pt", PASSWORD)
        .await;
    let staff = staff["access_token"].as_str().expect("token").to_string();
    let (_, account) = cluster
        .call(
            &cluster.b.address,
            reqwest::Method::GET,
            "/v1/account",
            Some(&ana),
            None,
            None,
        )
        .await;
    let (status, _) = cluster
        .post(
            &cluster.b.address,
            "/v1/staff/purchases",
            Some(&staff),
            json!({"member_code": account["member_code"], "amount_cents": 30_000, "receipt_reference": "T-1"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (rui, _) = cluster.customer("rui@example.pt").await;
    let devices = cluster.catalog(2).await;
    let (a, b) = (&cluster.a.address, &cluster.b.address);

    // One key, sent to A then replayed to B: one registration, the same answer.
    let key = uuid::Uuid::new_v4().to_string();
    let body = json!({"device_id": devices[0].as_str(), "source": "scan"});
    let first = cluster
        .call(
            a,
            reqwest::Method::POST,
            "/v1/devices",
            Some(&ana),
            Some(&key),
            Some(body.clone()),
        )
        .await;
    let replay = cluster
        .call(
            b,
            reqwest::Method::POST,
            "/v1/devices",
            Some(&ana),
            Some(&key),
            Some(body),
        )
        .await;
    assert_eq!(first.0, StatusCode::CREATED);
    assert_eq!(replay, first, "the replay is the first answer");

    // Two customers claim one device at once, on different instances: one owner.
    let claim = json!({"device_id": devices[1].as_str(), "source": "manual"});
    let (ana_claim, rui_claim) = tokio::join!(
        cluster.post(a, "/v1/devices", Some(&ana), claim.clone()),
        cluster.post(b, "/v1/devices", Some(&rui), claim.clone()),
    );
    let mut outcomes = [ana_claim.0, rui_claim.0];
    outcomes.sort();
    assert_eq!(outcomes, [StatusCode::CREATED, StatusCode::CONFLICT]);

    // Ana has points for exactly one cheapest reward; ten redemptions race on both.
    let (status, rewards) = cluster
        .call(
            a,
            reqwest::Method::GET,
            "/v1/rewards",
            Some(&ana),
            None,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let balance = cluster
        .call(
            b,
            reqwest::Method::GET,
            "/v1/loyalty",
            Some(&ana),
            None,
            None,
        )
        .await
        .1["balance"]
        .as_i64()
        .expect("balance");
    let affordable: Vec<&Value> = rewards["rewards"]
        .as_array()
        .expect("rewards")
        .iter()
        .filter(|r| r["cost_points"].as_i64().unwrap_or(i64::MAX) <= balance)
        .collect();
    let reward = affordable
        .iter()
        .max_by_key(|r| r["cost_points"].as_i64())
        .expect("the purchase buys a reward");
    let cost = reward["cost_points"].as_i64().expect("cost");
    let redemptions = (0..10).map(|n| {
        cluster.post(
            cluster.either(n),
            "/v1/redemptions",
            Some(&ana),
            json!({"reward_id": reward["id"]}),
        )
    });
    let answers = futures::future::join_all(redemptions).await;
    let granted = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .count() as i64;
    assert_eq!(granted, balance / cost, "{answers:?}");
    let left = cluster
        .call(
            a,
            reqwest::Method::GET,
            "/v1/loyalty",
            Some(&ana),
            None,
            None,
        )
        .await
        .1["balance"]
        .as_i64()
        .expect("balance");
    assert_eq!(left, balance - granted * cost, "points never double-spent");
}

#[tokio::test]
async fn a_killed_instance_loses_nothing_that_retries_on_the_other_do_not_recover_once() {
    let mut cluster = Cluster::start().await;
    let (token, _) = cluster.customer("kill@example.pt").await;
    let devices = cluster.catalog(30).await;
    let keys: Vec<String> = (0..devices.len())
        .map(|_| uuid::Uuid::new_v4().to_string())
        .collect();
    let http = cluster.http.clone();
    let register = |base: String, n: usize| {
        let (http, token) = (http.clone(), token.clone());
        let (key, id) = (keys[n].clone(), devices[n].as_str().to_string());
        async move {
            http.post(format!("{base}/v1/devices"))
                .bearer_auth(token)
                .header("Idempotency-Key", key)
                .json(&json!({"device_id": id, "source": "manual"}))
                .timeout(Duration::from_secs(20))
                .send()
                .await
                .map(|r| r.status())
                .ok()
        }
    };
    // A burst to A, killed part-way through.
    let a = cluster.a.address.clone();
    let burst = futures::future::join_all((0..devices.len()).map(|n| register(a.clone(), n)));
    let kill = async {
        tokio::time::sleep(Duration::from_millis(30)).await;
        cluster.a.child.start_kill().expect("SIGKILL");
    };
    let (first_try, ()) = tokio::join!(burst, kill);
    let answered = first_try.iter().filter(|status| status.is_some()).count();
    eprintln!(
        "{answered} of {} first tries answered before the kill",
        first_try.len()
    );
    // Every request retried on B with its own key: each device registered exactly once.
    let b = cluster.b.address.clone();
    let retries =
        futures::future::join_all((0..devices.len()).map(|n| register(b.clone(), n))).await;
    for (n, retry) in retries.iter().enumerate() {
        assert!(
            matches!(retry, Some(StatusCode::CREATED | StatusCode::OK)),
            "device {n}: first {:?}, retry {retry:?}",
            first_try[n]
        );
    }
    let account_id: String = sqlx::query_scalar("SELECT id FROM accounts WHERE email = $1")
        .bind("kill@example.pt")
        .fetch_one(cluster.db.pool())
        .await
        .expect("account");
    assert_eq!(
        cluster
            .count(
                "SELECT COUNT(*) FROM devices WHERE owner_id = $1",
                &account_id
            )
            .await,
        devices.len() as i64
    );
    assert_eq!(
        cluster
            .count(
                "SELECT COUNT(*) FROM loyalty_entries WHERE account_id = $1 AND kind = 'registration_bonus'",
                &account_id
            )
            .await,
        devices.len() as i64,
        "one bonus per device, never two"
    );
    let _ = cluster.a.child.wait().await;
}

#[tokio::test]
async fn sigterm_finishes_the_request_in_flight_before_exiting() {
    let mut cluster = Cluster::start().await;
    cluster.customer("drain@example.pt").await;
    let address = cluster.a.address.trim_start_matches("http://").to_string();
    let body = json!({"email": "drain@example.pt", "password": PASSWORD}).to_string();
    let mut stream = tokio::net::TcpStream::connect(&address)
        .await
        .expect("connect");
    let head = format!(
        "POST /v1/sessions HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    // The request is under way (headers read, body not yet complete) when SIGTERM comes.
    stream.write_all(head.as_bytes()).await.expect("head");
    stream.write_all(&body.as_bytes()[..5]).await.expect("part");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let pid = cluster.a.child.id().expect("running");
    let signalled = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(signalled.success());
    tokio::time::sleep(Duration::from_millis(300)).await;
    // New connections are no longer taken...
    assert!(
        tokio::net::TcpStream::connect(&address).await.is_err(),
        "a draining instance takes no new connections"
    );
    // ...but the one in flight completes.
    stream.write_all(&body.as_bytes()[5..]).await.expect("rest");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.expect("answer");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let exit = tokio::time::timeout(Duration::from_secs(10), cluster.a.child.wait())
        .await
        .expect("exits after draining")
        .expect("status");
    assert!(exit.success(), "{exit:?}");
}

#[tokio::test]
async fn an_authenticator_code_used_on_one_instance_is_refused_on_the_other() {
    let cluster = Cluster::start().await;
    let new = admin::NewStaff {
        email: "apoio.cluster@companion.pt",
        password: PASSWORD,
        name: "Apoio",
        role: companion_domain::wire::StaffRole::Support,
        shop: "main",
    };
    admin::create_staff_member(&cluster.state, &new)
        .await
        .expect("staff");
    let (status, first) = cluster
        .log_in(&cluster.a.address, new.email, PASSWORD)
        .await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let secret = first["enrolment"]["secret"].as_str().expect("enrolment");
    // Real processes run on the real clock: the code of now, as the app shows it.
    let code =
        companion_server::testing::authenticator_code(secret, time::OffsetDateTime::now_utc());
    let (status, session) = cluster
        .post(
            &cluster.a.address,
            "/v1/sessions/mfa",
            None,
            json!({"mfa_token": first["mfa_token"], "code": code}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{session}");
    // The same code, replayed on the other instance, is refused there.
    let (_, second) = cluster
        .log_in(&cluster.b.address, new.email, PASSWORD)
        .await;
    assert!(
        second["enrolment"].is_null(),
        "enrolled once for both: {second}"
    );
    let (status, refused) = cluster
        .post(
            &cluster.b.address,
            "/v1/sessions/mfa",
            None,
            json!({"mfa_token": second["mfa_token"], "code": code}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{refused}");
    assert_eq!(refused["error"]["code"], "code_reused");
    // And the challenge opened on B dies on A after five wrong codes in all.
    for n in 0..5 {
        let base = cluster.either(n);
        cluster
            .post(
                base,
                "/v1/sessions/mfa",
                None,
                json!({"mfa_token": second["mfa_token"], "code": "000000"}),
            )
            .await;
    }
    let (status, dead) = cluster
        .post(
            &cluster.a.address,
            "/v1/sessions/mfa",
            None,
            json!({"mfa_token": second["mfa_token"], "code": "000000"}),
        )
        .await;
    assert_eq!(
        (status, dead["error"]["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_token"))
    );
}

#[tokio::test]
async fn two_instances_deliver_from_one_outbox_and_each_message_arrives_once() {
    let cluster = Cluster::start().await;
    let emails: Vec<String> = (0..8).map(|n| format!("outbox{n}@example.pt")).collect();
    for email in &emails {
        assert_eq!(
            cluster.sign_up(&cluster.a.address, email).await,
            StatusCode::CREATED
        );
    }
    // 24 resets, sent to both instances at once: both workers claim from one table.
    let asks = (0..24).map(|n| {
        cluster.post(
            cluster.either(n),
            "/v1/password-resets",
            None,
            json!({"email": emails[n % emails.len()]}),
        )
    });
    for (status, body) in futures::future::join_all(asks).await {
        assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    }
    for _ in 0..300 {
        if companion_server::testing::emails(&cluster.mail_dir).len() >= 24 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Give a duplicate every chance to show up.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mails = companion_server::testing::emails(&cluster.mail_dir);
    assert_eq!(mails.len(), 24, "each message once");
    let mut ids: Vec<&str> = mails
        .iter()
        .filter_map(|m| {
            let start = m.find("Message-ID: <")? + "Message-ID: <".len();
            m[start..].split('>').next()
        })
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 24, "24 different Message-IDs");
    assert_eq!(
        cluster
            .count("SELECT COUNT(*) FROM mail_outbox WHERE status = $1", "sent")
            .await,
        24
    );
}

#[tokio::test]
async fn two_instances_advancing_their_test_clocks_together_post_each_purchase_once() {
    let cluster = Cluster::start_with(&[("TEST_CLOCK", "1")]).await;
    let (a, b) = (&cluster.a.address, &cluster.b.address);
    let (ana, _) = cluster.customer("ana@example.pt").await;
    admin::create_staff(&cluster.state, "loja@example.pt", PASSWORD, "Loja")
        .await
        .expect("staff");
    let (_, staff) = cluster.log_in(a, "loja@example.pt", PASSWORD).await;
    let staff = staff["access_token"].as_str().expect("token").to_string();
    let (_, account) = cluster
        .call(
            b,
            reqwest::Method::GET,
            "/v1/account",
            Some(&ana),
            None,
            None,
        )
        .await;
    let account_id = account["id"].as_str().expect("id").to_string();
    const PURCHASES: i64 = 20;
    for n in 0..PURCHASES {
        let (status, body) = cluster
            .post(
                cluster.either(n as usize),
                "/v1/staff/purchases",
                Some(&staff),
                json!({"member_code": account["member_code"], "amount_cents": 5_000,
                       "receipt_reference": format!("T-{n}")}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let (_, wallet) = cluster
        .call(
            b,
            reqwest::Method::GET,
            "/v1/loyalty",
            Some(&ana),
            None,
            None,
        )
        .await;
    assert_eq!(wallet["balance"], 0, "{wallet}");
    assert_eq!(wallet["pending_points"], PURCHASES * 50);

    // Both instances move 73 hours on at once, each posting what fell due.
    let advance = json!({"seconds": 73 * 3600});
    let (on_a, on_b) = tokio::join!(
        cluster.post(a, "/v1/test-clock/advance", None, advance.clone()),
        cluster.post(b, "/v1/test-clock/advance", None, advance),
    );
    assert_eq!(
        (on_a.0, on_b.0),
        (StatusCode::OK, StatusCode::OK),
        "{on_a:?} {on_b:?}"
    );

    let (status, session) = cluster.log_in(a, "ana@example.pt", PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "{session}");
    let ana = session["access_token"].as_str().expect("token");
    let (_, wallet) = cluster
        .call(
            a,
            reqwest::Method::GET,
            "/v1/loyalty",
            Some(ana),
            None,
            None,
        )
        .await;
    assert_eq!(wallet["balance"], PURCHASES * 50, "posted once: {wallet}");
    assert_eq!(wallet["lifetime_points"], PURCHASES * 50);
    assert_eq!(wallet["pending_points"], 0);
    assert_eq!(
        cluster
            .count(
                "SELECT COUNT(*) FROM loyalty_entries WHERE account_id = $1 AND status = 'posted'",
                &account_id
            )
            .await,
        PURCHASES,
        "no entry was added by posting"
    );
    assert_eq!(
        cluster
            .count(
                "SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM loyalty_entries WHERE account_id = $1 AND status = 'posted'",
                &account_id
            )
            .await,
        PURCHASES * 50,
        "the balance is the sum of the posted entries"
    );
}
