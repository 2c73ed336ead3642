//! Data a journey starts from, made through the real API and server code: catalog
//! devices, customers, their devices and points.

use super::*;

impl Journey {
    /// Adds devices to the manufacturer's catalog.
    pub async fn catalog(&self, count: usize) -> Vec<companion_domain::DeviceId> {
        let entries: Vec<catalog::CatalogEntry> = (0..count)
            .map(|n| catalog::CatalogEntry {
                device_id: demo::demo_device_id(500 + n as u64),
                model: "ILUMA PRIME".into(),
                manufactured_on: time::macros::date!(2026 - 01 - 10),
            })
            .collect();
        catalog::import(&self.api.state.db, &entries)
            .await
            .expect("import");
        entries.into_iter().map(|e| e.device_id).collect()
    }

    /// A customer account made through the API (for journeys that start signed up).
    pub async fn customer(&self, email: &str) {
        let http = reqwest::Client::new();
        let response = http
            .post(format!("{}/v1/accounts", self.api.address))
            .json(&json!({"email": email, "password": PASSWORD, "given_name": "Rui", "family_name": "Costa",
                          "birth_date": "1988-03-02", "country": "PT", "accept_terms": true}))
            .send()
            .await
            .expect("sign-up sent");
        assert_eq!(response.status(), 201);
    }

    /// Registers a device to a customer through the API (as another phone of theirs would).
    pub async fn register_for(&self, email: &str, device: companion_domain::DeviceId) {
        let http = reqwest::Client::new();
        let token = self.api_token(email).await;
        let response = http
            .post(format!("{}/v1/devices", self.api.address))
            .bearer_auth(&token)
            .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
            .json(&json!({"device_id": device.as_str(), "source": "manual"}))
            .send()
            .await
            .expect("registration sent");
        assert_eq!(response.status(), 201);
    }

    /// Logs in through the app's screens, from its first start (past the age gate).
    pub async fn log_in(&mut self, email: &str) {
        self.click("age-yes").await;
        self.fill("login-email", email).await;
        self.fill("login-password", PASSWORD).await;
        self.click("login-submit").await;
        self.wait_for("home").await;
    }

    /// Points for a customer through a real in-store purchase recorded by a sales assistant.
    pub async fn give_points(&self, email: &str, euros: i64) {
        let staff = format!("staff-{}@companion.pt", uuid::Uuid::new_v4().simple());
        admin::create_staff(&self.api.state, &staff, PASSWORD, "Loja")
            .await
            .expect("staff");
        let http = reqwest::Client::new();
        let token = self.api_token(&staff).await;
        let member_code: String =
            sqlx::query_scalar("SELECT member_code FROM accounts WHERE email = $1")
                .bind(email)
                .fetch_one(self.api.state.db.pool())
                .await
                .expect("member");
        let response = http
            .post(format!("{}/v1/staff/purchases", self.api.address))
            .bearer_auth(&token)
            .json(&json!({"member_code": member_code, "amount_cents": euros * 100, "receipt_reference": uuid::Uuid::new_v4().to_string()}))
            .send()
            .await
            .expect("purchase sent");
        assert_eq!(response.status(), 201);
    }

    /// A back-office staff member of `role`, logged in through the API: their token.
    pub async fn staff_token(&self, role: companion_domain::wire::StaffRole) -> String {
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
        admin::create_staff_member(&self.api.state, &new)
            .await
            .expect("staff created");
        self.api_token(&email).await
    }

    /// Logs `email` in through the API (as another phone of theirs would): the access token.
    /// Staff with a second factor enrol from the secret the answer carries and send a code
    /// computed from it, as their authenticator app would.
    pub async fn api_token(&self, email: &str) -> String {
        let http = reqwest::Client::new();
        let mut session: serde_json::Value = http
            .post(format!("{}/v1/sessions", self.api.address))
            .json(&json!({"email": email, "password": PASSWORD}))
            .send()
            .await
            .expect("log-in sent")
            .json()
            .await
            .expect("session");
        if session["mfa_required"] == true {
            let secret = session["enrolment"]["secret"]
                .as_str()
                .unwrap_or_else(|| panic!("{email}: a first log-in enrols: {session}"));
            let code = companion_server::testing::next_authenticator_code(&self.api.clock, secret);
            session = http
                .post(format!("{}/v1/sessions/mfa", self.api.address))
                .json(&json!({"mfa_token": session["mfa_token"], "code": code}))
                .send()
                .await
                .expect("code sent")
                .json()
                .await
                .expect("session");
        }
        session["access_token"]
            .as_str()
            .unwrap_or_else(|| panic!("{email} could not log in: {session}"))
            .to_string()
    }

    /// A call to the API as `token` (another phone, a staff member): the status and body.
    pub async fn api_call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let mut request = reqwest::Client::new()
            .request(method, format!("{}{path}", self.api.address))
            .bearer_auth(token)
            .header("Idempotency-Key", uuid::Uuid::new_v4().to_string());
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status().as_u16();
        let body = response.json().await.unwrap_or(serde_json::Value::Null);
        (status, body)
    }
}
