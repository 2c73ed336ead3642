//! `spawn_app()` starts the real server on a free loopback port with a fresh database
//! (see `companion_server::testing`: SQLite, or PostgreSQL when `COMPANION_TEST_POSTGRES`
//! names a server). `TestApp` has one helper per endpoint.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use companion_domain::wire::{Account, SessionResponse, StaffRole};
use companion_domain::DeviceId;
use companion_server::clock::ManualClock;
use companion_server::config::Settings;
use companion_server::state::AppState;
use companion_server::testing::TestServer;
use companion_server::{admin, demo};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

pub use companion_server::testing::PASSWORD;

/// A day, in seconds (the test clock moves by seconds).
pub const DAY: u64 = 24 * 3600;

/// A staff member logged in by a test.
#[derive(Debug, Clone)]
pub struct StaffLogin {
    pub token: String,
    pub refresh_token: String,
    pub id: String,
    pub email: String,
    /// Their authenticator's secret (roles with a second factor).
    pub secret: Option<String>,
}

impl StaffLogin {
    /// Their authenticator's secret.
    pub fn secret(&self) -> &str {
        self.secret
            .as_deref()
            .expect("this role has a second factor")
    }
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub clock: Arc<ManualClock>,
    pub state: AppState,
    pub mail_dir: PathBuf,
    _server: TestServer,
    _dir: tempfile::TempDir,
}

/// An HTTP answer: status, headers and JSON body (Null if empty or not JSON).
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Answer {
    /// The error code of an error answer.
    pub fn code(&self) -> &str {
        self.body["error"]["code"]
            .as_str()
            .unwrap_or("<no error code>")
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// A server whose settings `customize` adjusts first (limits, trusted proxies…).
pub async fn spawn_app_with(customize: impl FnOnce(&mut Settings)) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = TestServer::spawn_with(dir.path(), customize).await;
    TestApp {
        address: server.address.clone(),
        client: reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .expect("client"),
        clock: server.clock.clone(),
        state: server.state.clone(),
        mail_dir: dir.path().join("mail"),
        _server: server,
        _dir: dir,
    }
}

/// Sessions that outlive the years a test-clock test jumps, so no test has to log in
/// again.
pub fn long_sessions(settings: &mut companion_server::config::Settings) {
    let years = Duration::from_secs(3 * 366 * DAY);
    settings.access_token_ttl = years;
    settings.refresh_token_ttl = years;
    settings.session_lifetime = years;
    settings.staff_sessions.access_token_ttl = years;
    settings.staff_sessions.idle_timeout = years;
    settings.staff_sessions.lifetime = years;
}

/// A server with the test clock on and sessions that outlive its jumps.
pub async fn clock_app() -> TestApp {
    spawn_app_with(|settings| {
        settings.test_clock = true;
        long_sessions(settings);
    })
    .await
}

impl TestApp {
    /// `POST /v1/test-clock/advance`.
    pub async fn advance(&self, seconds: u64) -> Answer {
        let answer = self
            .post(
                "/v1/test-clock/advance",
                None,
                json!({ "seconds": seconds }),
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
        answer
    }

    /// The latest change of `entity` in the caller's feed, if any.
    pub async fn feed_record(&self, token: &str, entity: &str) -> Option<Value> {
        let page = self.get("/v1/changes", token).await;
        assert_eq!(page.status, StatusCode::OK, "{:?}", page.body);
        page.body["changes"]
            .as_array()
            .expect("changes")
            .iter()
            .rev()
            .find(|change| change["entity"] == entity)
            .map(|change| change["data"].clone())
    }

    /// Any request; `token` adds a bearer, `key` an Idempotency-Key.
    pub async fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        key: Option<&str>,
        body: Option<Value>,
    ) -> Answer {
        let mut request = self
            .client
            .request(method, format!("{}{}", self.address, path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body read");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> Answer {
        self.request(Method::GET, path, Some(token), None, None)
            .await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Answer {
        self.request(Method::POST, path, token, None, Some(body))
            .await
    }

    /// A valid sign-up body for `email`.
    pub fn sign_up_body(&self, email: &str) -> Value {
        json!({
            "email": email, "password": PASSWORD, "given_name": "Ana", "family_name": "Silva",
            "birth_date": "1990-04-25", "country": "PT", "accept_terms": true, "marketing_opt_in": false
        })
    }

    pub async fn sign_up(&self, body: Value) -> Answer {
        self.post("/v1/accounts", None, body).await
    }

    pub async fn log_in(&self, email: &str, password: &str) -> Answer {
        self.post(
            "/v1/sessions",
            None,
            json!({"email": email, "password": password}),
        )
        .await
    }

    /// Signs a new customer up and logs in: (access token, session answer).
    pub async fn customer(&self, email: &str) -> (String, SessionResponse) {
        let created = self.sign_up(self.sign_up_body(email)).await;
        assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
        let session = self.log_in(email, PASSWORD).await;
        assert_eq!(session.status, StatusCode::OK, "{:?}", session.body);
        let session: SessionResponse = serde_json::from_value(session.body).expect("session shape");
        (session.access_token.clone(), session)
    }

    /// A staff member of `role` made by the operator's tool, logged in (with their second
    /// factor enrolled from the secret the API returned, when the role has one).
    pub async fn staff_member(&self, role: StaffRole) -> StaffLogin {
        let email = self.new_staff(role).await;
        self.staff_log_in(&email, PASSWORD, None).await
    }

    /// A staff member of `role` made by the operator's tool, not yet logged in: the email.
    pub async fn new_staff(&self, role: StaffRole) -> String {
        let email = format!(
            "{}-{}@companion.pt",
            role.as_str(),
            uuid::Uuid::new_v4().simple()
        );
        let new = admin::NewStaff {
            email: &email,
            password: PASSWORD,
            name: "Equipa",
            role,
            shop: "main",
        };
        admin::create_staff_member(&self.state, &new)
            .await
            .expect("staff created");
        email
    }

    /// Logs a staff member in: the password, then (roles with a second factor) a fresh
    /// code computed from `secret`, or from the enrolment the answer carries.
    pub async fn staff_log_in(
        &self,
        email: &str,
        password: &str,
        secret: Option<&str>,
    ) -> StaffLogin {
        let first = self.log_in(email, password).await;
        assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
        let (body, secret) = if first.body["mfa_required"] == true {
            let secret = first.body["enrolment"]["secret"]
                .as_str()
                .or(secret)
                .expect("an enrolment, or the secret from an earlier one")
                .to_string();
            let code = self.next_code(&secret);
            let second = self
                .post(
                    "/v1/sessions/mfa",
                    None,
                    json!({"mfa_token": first.body["mfa_token"], "code": code}),
                )
                .await;
            assert_eq!(second.status, StatusCode::OK, "{:?}", second.body);
            (second.body, Some(secret))
        } else {
            (first.body, None)
        };
        StaffLogin {
            token: body["access_token"].as_str().expect("token").to_string(),
            refresh_token: body["refresh_token"].as_str().expect("refresh").to_string(),
            id: body["account"]["id"].as_str().expect("id").to_string(),
            email: email.to_string(),
            secret,
        }
    }

    /// The server's (test) clock.
    pub fn clock_now(&self) -> time::OffsetDateTime {
        use companion_server::clock::Clock;
        self.clock.now()
    }

    /// A code of the next 30-second step (the test clock moves there), never used before.
    pub fn next_code(&self, secret: &str) -> String {
        companion_server::testing::next_authenticator_code(&self.clock, secret)
    }

    /// A staff account, logged in.
    pub async fn staff(&self) -> String {
        let email = format!("staff-{}@companion.pt", uuid::Uuid::new_v4().simple());
        admin::create_staff(&self.state, &email, PASSWORD, "Loja Teste")
            .await
            .expect("staff created");
        let session = self.log_in(&email, PASSWORD).await;
        assert_eq!(session.status, StatusCode::OK);
        session.body["access_token"]
            .as_str()
            .expect("token")
            .to_string()
    }

    /// Adds `count` new devices to the catalog.
    pub async fn catalog(&self, count: usize) -> Vec<DeviceId> {
        companion_server::testing::catalog_devices(&self.state.db, count).await
    }

    pub async fn seed_rewards_and_points(&self) {
        demo::seed_rewards(&self.state).await.expect("rewards");
        demo::seed_collection_points(&self.state)
            .await
            .expect("collection points");
    }

    pub async fn register_device(&self, token: &str, id: &str) -> Answer {
        self.post(
            "/v1/devices",
            Some(token),
            json!({"device_id": id, "source": "manual"}),
        )
        .await
    }

    /// Gives a customer points through a staff purchase of `euros`.
    pub async fn give_points(&self, staff_token: &str, account: &Account, euros: i64) {
        let answer = self
            .post(
                "/v1/staff/purchases",
                Some(staff_token),
                json!({"member_code": account.member_code, "amount_cents": euros * 100,
                       "receipt_reference": uuid::Uuid::new_v4().to_string()}),
            )
            .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{:?}", answer.body);
    }

    pub async fn balance(&self, token: &str) -> i64 {
        let answer = self.get("/v1/loyalty", token).await;
        assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
        answer.body["balance"].as_i64().expect("balance")
    }

    /// The emails sent so far (the file transport's `.eml` files), oldest first, after
    /// delivering whatever the outbox holds that is due (the server's own worker may have
    /// sent some already; a row is never sent twice).
    pub async fn emails(&self) -> Vec<String> {
        companion_server::mail::deliver_due(&self.state)
            .await
            .expect("the outbox delivers");
        companion_server::testing::emails(&self.mail_dir)
    }

    /// Waits for the `n`th email to `to` and returns the code it carries.
    pub async fn code_from_email(&self, to: &str, n: usize) -> String {
        companion_server::testing::code_from_email(&self.mail_dir, to, n).await
    }
}
