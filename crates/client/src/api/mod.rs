//! The account API over HTTP, typed on the domain's wire types.
//!
//! Every call either returns the typed answer or an [`CallError`] that says whether to
//! retry (offline, 5xx, 429), to give up and tell the customer (a refusal with its code),
//! or to ask the customer to log in again. On a 401 the access token is refreshed once and
//! the call repeated; the rotated pair is saved to the [`SecretStore`] before it is used.
//! If the app dies between the server rotating and the save, the spent token is presented
//! again on the next launch, which the server accepts within its lost-answer grace.

use std::sync::Arc;
use std::time::Duration;

use companion_domain::wire::{
    Account, AccountExport, ActiveSession, ChangePasswordRequest, ChangesPage, CollectionPoint,
    CollectionPointList, CreateSupportRequest, DeleteAccountRequest, ErrorBody, LoginAnswer,
    LoginRequest, PasswordResetConfirm, PasswordResetRequest, Reward, RewardList, SessionList,
    SignUpRequest, StaffPurchaseReceipt, StaffPurchaseRequest, StaffSignUpRequest,
    SupportRequestReceipt, TokenPair, UnclaimedReceipt,
};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use time::OffsetDateTime;
use tokio::sync::Mutex;
use uuid::Uuid;

mod account;
mod catalogs;
pub mod paths;
mod sessions;
mod shop;
#[cfg(test)]
mod tests;

use crate::actions::{ApiRequest, Caller};
use crate::errors::CallError;
use crate::session::{SecretStore, Session};
use companion_domain::ErrorCode;

/// Whether a call needs the customer's session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Auth {
    /// Public endpoint.
    None,
    /// Signed-in endpoint: refresh on 401.
    Required,
    /// Public endpoint that links the request to the customer when signed in.
    IfSignedIn,
}

/// A client of the account API.
pub struct ApiClient {
    http: reqwest::Client,
    base_url: String,
    secrets: Arc<dyn SecretStore>,
    /// The session as last loaded or saved; `None` inside means signed out.
    session: Mutex<Option<Option<Session>>>,
}

/// A raw answer: status and body bytes.
struct Raw {
    status: StatusCode,
    retry_after: Option<Duration>,
    body: Vec<u8>,
}

impl ApiClient {
    /// A client for the API at `base_url` (e.g. `http://127.0.0.1:8080`), keeping the
    /// session in `secrets`.
    pub fn new(base_url: &str, secrets: Arc<dyn SecretStore>) -> Result<Self, CallError> {
        let http = reqwest::Client::builder()
            .user_agent(user_agent())
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            // Below the server's keep-alive limit (HEADER_READ_TIMEOUT_SECS, 10 s): a pooled
            // connection is dropped here before the server closes it, so a request never
            // races the server's close on a connection it is about to reuse.
            .pool_idle_timeout(Duration::from_secs(5))
            .build()
            .map_err(|e| CallError::Offline(e.to_string()))?;
        Ok(Self::with_http(http, base_url, secrets))
    }

    /// Like [`ApiClient::new`] with a configured HTTP client (timeouts, connection reuse).
    pub fn with_http(http: reqwest::Client, base_url: &str, secrets: Arc<dyn SecretStore>) -> Self {
        ApiClient {
            http,
            base_url: base_url.trim_end_matches('/').to_string(),
            secrets,
            session: Mutex::new(None),
        }
    }

    /// The current session, loading it from storage on first use.
    pub async fn session(&self) -> Result<Option<Session>, CallError> {
        let mut cached = self.session.lock().await;
        if cached.is_none() {
            let loaded = match self.secrets.load() {
                Ok(session) => session,
                Err(error) => {
                    // An unreadable session is a signed-out phone, not a crash.
                    tracing::warn!(%error, "stored session unreadable; signed out");
                    None
                }
            };
            *cached = Some(loaded);
        }
        Ok(cached.clone().flatten())
    }

    /// Sends one offline change with its idempotency key: the answer's JSON body (empty
    /// for 204). What the request is and what the answer means are the action's.
    pub async fn push(&self, request: &ApiRequest, key: Uuid) -> Result<Vec<u8>, CallError> {
        let auth = match request.caller {
            Caller::SignedIn => Auth::Required,
            Caller::IfSignedIn => Auth::IfSignedIn,
        };
        let raw = self
            .send(
                request.method.clone(),
                &request.path,
                request.body.as_ref(),
                Some(key),
                auth,
            )
            .await?;
        if !raw.status.is_success() {
            return Err(failure(&raw));
        }
        Ok(raw.body)
    }

    /// Forgets the session on this phone without telling the server (it already ended, or
    /// the phone cannot host it).
    pub async fn forget_session(&self) -> Result<(), CallError> {
        self.store_session(None).await
    }

    async fn store_session(&self, session: Option<Session>) -> Result<(), CallError> {
        let mut cached = self.session.lock().await;
        match &session {
            Some(session) => self.secrets.save(session),
            None => self.secrets.clear(),
        }
        .map_err(|e| CallError::Storage(e.to_string()))?;
        *cached = Some(session);
        Ok(())
    }

    /// Sends a request; for signed-in calls, refreshes once on 401 and repeats.
    async fn send<B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
        key: Option<Uuid>,
        auth: Auth,
    ) -> Result<Raw, CallError> {
        let session = match auth {
            Auth::None => None,
            Auth::Required => Some(self.session().await?.ok_or(CallError::SignedOut)?),
            Auth::IfSignedIn => self.session().await?,
        };
        let token = session.as_ref().map(|s| s.access_token.clone());
        let raw = self
            .send_once(method.clone(), path, body, key, token.as_deref())
            .await?;
        // A wrong password (changing it, removing the account) is a 401 about the
        // password, not the session: refreshing would rotate the tokens for nothing.
        if raw.status != StatusCode::UNAUTHORIZED
            || auth == Auth::None
            || token.is_none()
            || is_wrong_password(&raw)
        {
            return Ok(raw);
        }
        let refreshed = self.refresh(token.as_deref().unwrap_or_default()).await?;
        self.send_once(method, path, body, key, Some(&refreshed.access_token))
            .await
    }

    async fn send_once<B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
        key: Option<Uuid>,
        token: Option<&str>,
    ) -> Result<Raw, CallError> {
        let mut request = self
            .http
            .request(method, format!("{}{}", self.base_url, path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key.to_string());
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request
            .send()
            .await
            .map_err(|e| CallError::Offline(describe(&e)))?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        // A connection dropped mid-answer is a network failure: the request may or may not
        // have taken effect, and the retry with the same key settles it.
        let body = response
            .bytes()
            .await
            .map_err(|e| CallError::Offline(describe(&e)))?
            .to_vec();
        Ok(Raw {
            status,
            retry_after,
            body,
        })
    }

    /// Exchanges the refresh token, unless another call already did since `stale_access`.
    async fn refresh(&self, stale_access: &str) -> Result<Session, CallError> {
        let mut cached = self.session.lock().await;
        let current = cached.clone().flatten().ok_or(CallError::SignedOut)?;
        if current.access_token != stale_access {
            return Ok(current);
        }
        let body = serde_json::json!({ "refresh_token": current.refresh_token });
        let raw = self
            .send_once(
                Method::POST,
                paths::SESSIONS_REFRESH,
                Some(&body),
                None,
                None,
            )
            .await?;
        if raw.status == StatusCode::UNAUTHORIZED {
            self.secrets
                .clear()
                .map_err(|e| CallError::Storage(e.to_string()))?;
            *cached = Some(None);
            return Err(CallError::SignedOut);
        }
        let pair: TokenPair = parse(raw)?;
        let next = Session {
            account_id: current.account_id,
            access_token: pair.access_token,
            refresh_token: pair.refresh_token,
            access_expires_at: OffsetDateTime::now_utc()
                + Duration::from_secs(pair.expires_in.max(0) as u64),
        };
        self.secrets
            .save(&next)
            .map_err(|e| CallError::Storage(e.to_string()))?;
        *cached = Some(Some(next.clone()));
        Ok(next)
    }
}

fn describe(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        "the server took too long to answer".into()
    } else if error.is_connect() {
        "cannot connect to the server".into()
    } else {
        "the connection was interrupted".into()
    }
}

/// A 401 that refuses a password rather than the session.
fn is_wrong_password(raw: &Raw) -> bool {
    serde_json::from_slice::<ErrorBody>(&raw.body)
        .is_ok_and(|body| body.error.code == ErrorCode::InvalidCredentials)
}

/// Turns a non-2xx answer into the matching error.
fn failure(raw: &Raw) -> CallError {
    match raw.status.as_u16() {
        429 => CallError::RateLimited {
            retry_after: raw.retry_after,
        },
        401 if !is_wrong_password(raw) => CallError::SignedOut,
        status @ 500..=599 => CallError::Server { status },
        status => match serde_json::from_slice::<ErrorBody>(&raw.body) {
            Ok(body) => CallError::Refused {
                status,
                code: body.error.code,
                message: body.error.message,
            },
            // A 4xx that is not ours (a proxy, a captive portal): treat as the network.
            Err(_) => CallError::BadResponse(format!("HTTP {status} without an error body")),
        },
    }
}

fn parse<T: DeserializeOwned>(raw: Raw) -> Result<T, CallError> {
    if !raw.status.is_success() {
        return Err(failure(&raw));
    }
    serde_json::from_slice(&raw.body).map_err(|e| CallError::BadResponse(e.to_string()))
}

fn parse_empty(raw: Raw) -> Result<(), CallError> {
    if raw.status.is_success() {
        Ok(())
    } else {
        Err(failure(&raw))
    }
}

/// `Companion/<version> (<platform>)`: lets the customer tell their sessions apart
/// ("Companion app · Android") without saying more about the phone.
fn user_agent() -> String {
    let platform = match std::env::consts::OS {
        "android" => "Android",
        "ios" => "iOS",
        "macos" => "Mac OS X",
        "windows" => "Windows",
        _ => "Linux",
    };
    format!("Companion/{} ({platform})", env!("CARGO_PKG_VERSION"))
}
