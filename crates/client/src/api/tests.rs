//! The API client against a local HTTP server that answers as scripted, over real loopback
//! sockets: each failure a phone meets on the road, and what the client makes of it.

use std::sync::{Arc, Mutex as StdMutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use super::*;
use crate::session::FileSecretStore;

/// What the server does with one request.
enum Reply {
    /// Answers with this status, extra headers and body.
    With(u16, &'static str, String),
    /// Closes the connection without a word.
    Hangs,
}

fn json(status: u16, body: serde_json::Value) -> Reply {
    Reply::With(status, "", body.to_string())
}

/// A server on 127.0.0.1 answering each request with the next reply; it records each
/// request's first line and Authorization header.
struct Scripted {
    address: String,
    seen: Arc<StdMutex<Vec<String>>>,
}

async fn scripted(replies: Vec<Reply>) -> Scripted {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("address"));
    let seen = Arc::new(StdMutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        for reply in replies {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let mut request = Vec::new();
            let mut buffer = [0u8; 4096];
            // Headers, then as much body as Content-Length says.
            while let Ok(read) = socket.read(&mut buffer).await {
                if read == 0 {
                    break;
                }
                request.extend_from_slice(&buffer[..read]);
                let text = String::from_utf8_lossy(&request).to_string();
                if let Some(end) = text.find("\r\n\r\n") {
                    let length = text
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase()
                                .strip_prefix("content-length:")
                                .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                        })
                        .unwrap_or(0);
                    if request.len() >= end + 4 + length {
                        break;
                    }
                }
            }
            let text = String::from_utf8_lossy(&request).to_string();
            let first = text.lines().next().unwrap_or_default().to_string();
            let auth = text
                .lines()
                .find(|l| l.to_ascii_lowercase().starts_with("authorization:"))
                .map(|l| l.trim().to_string())
                .unwrap_or_default();
            if let Ok(mut seen) = log.lock() {
                seen.push(format!("{first} | {auth}"));
            }
            if let Reply::With(status, headers, body) = reply {
                let answer = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n{headers}\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(answer.as_bytes()).await;
            }
            let _ = socket.shutdown().await;
        }
    });
    Scripted { address, seen }
}

/// A client of `server`, signed in with the access token `old-access`.
async fn signed_in(server: &Scripted, dir: &tempfile::TempDir) -> ApiClient {
    let secrets = Arc::new(FileSecretStore::new(dir.path().join("session.json")));
    let client = ApiClient::new(&server.address, secrets).expect("client");
    client
        .store_session(Some(Session {
            account_id: Uuid::nil(),
            access_token: "old-access".into(),
            refresh_token: "old-refresh".into(),
            access_expires_at: OffsetDateTime::now_utc() + Duration::from_secs(600),
        }))
        .await
        .expect("stored");
    client
}

fn error(code: &str) -> serde_json::Value {
    serde_json::json!({"error": {"code": code, "message": "no"}})
}

#[tokio::test]
async fn a_wrong_current_password_is_a_refusal_and_no_refresh_is_tried() {
    let server = scripted(vec![json(401, error("invalid_credentials"))]).await;
    let dir = tempfile::tempdir().expect("dir");
    let client = signed_in(&server, &dir).await;
    let answer = client.change_password("wrong", "a-new-long-password").await;
    match answer {
        Err(CallError::Refused { code, status, .. }) => {
            assert_eq!((status, code), (401, ErrorCode::InvalidCredentials));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.seen.lock().expect("log").len(), 1, "no refresh");
    assert!(
        client.session().await.expect("session").is_some(),
        "still signed in"
    );
}

#[tokio::test]
async fn an_expired_access_token_is_refreshed_once_and_the_call_repeated() {
    let account = serde_json::json!({
        "id": "6f1d3c52-8c2e-4a59-9a39-3f0a8b6c1d11", "email": "ana@example.pt",
        "given_name": "Ana", "family_name": "Silva", "birth_date": "1990-04-25",
        "country": "PT", "member_code": "M1", "tier": "silver", "balance": 0,
        "lifetime_points": 0, "marketing_opt_in": false, "role": "customer",
        "created_at": "2026-06-15T10:00:00Z"
    });
    let server = scripted(vec![
        json(401, error("invalid_token")),
        json(
            200,
            serde_json::json!({"access_token": "new-access", "refresh_token": "new-refresh",
                               "token_type": "Bearer", "expires_in": 900}),
        ),
        json(200, account),
    ])
    .await;
    let dir = tempfile::tempdir().expect("dir");
    let client = signed_in(&server, &dir).await;
    let account = client
        .account()
        .await
        .expect("the account, after a refresh");
    assert_eq!(account.given_name, "Ana");
    let seen = server.seen.lock().expect("log").clone();
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert!(
        seen[0].contains("GET /v1/account") && seen[0].contains("old-access"),
        "{seen:?}"
    );
    assert!(seen[1].contains("POST /v1/sessions/refresh"), "{seen:?}");
    assert!(
        seen[2].contains("GET /v1/account") && seen[2].contains("new-access"),
        "{seen:?}"
    );
    let saved = client.session().await.expect("session").expect("signed in");
    assert_eq!(
        saved.refresh_token, "new-refresh",
        "the rotated pair is kept"
    );
}

#[tokio::test]
async fn a_refused_refresh_signs_the_phone_out() {
    let server = scripted(vec![
        json(401, error("invalid_token")),
        json(401, error("invalid_token")),
    ])
    .await;
    let dir = tempfile::tempdir().expect("dir");
    let client = signed_in(&server, &dir).await;
    assert!(matches!(client.account().await, Err(CallError::SignedOut)));
    assert!(client.session().await.expect("session").is_none());
}

#[tokio::test]
async fn too_many_requests_carries_the_servers_retry_after() {
    let server = scripted(vec![Reply::With(
        429,
        "retry-after: 7\r\n",
        error("too_many_attempts").to_string(),
    )])
    .await;
    let dir = tempfile::tempdir().expect("dir");
    let client = signed_in(&server, &dir).await;
    match client.rewards().await {
        Err(CallError::RateLimited { retry_after }) => {
            assert_eq!(retry_after, Some(Duration::from_secs(7)))
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn garbage_json_is_a_bad_response_and_a_dropped_connection_is_offline() {
    let server = scripted(vec![
        Reply::With(200, "", "{\"rewards\": [{\"id\": 12".into()),
        Reply::Hangs,
        Reply::With(502, "", "<html>bad gateway</html>".into()),
        Reply::With(403, "", "<html>captive portal</html>".into()),
    ])
    .await;
    let dir = tempfile::tempdir().expect("dir");
    let client = signed_in(&server, &dir).await;
    assert!(matches!(
        client.rewards().await,
        Err(CallError::BadResponse(_))
    ));
    assert!(matches!(client.rewards().await, Err(CallError::Offline(_))));
    assert!(matches!(
        client.rewards().await,
        Err(CallError::Server { status: 502 })
    ));
    assert!(matches!(
        client.rewards().await,
        Err(CallError::BadResponse(_))
    ));
}

#[tokio::test]
async fn an_error_code_the_app_does_not_know_yet_is_kept_as_sent() {
    let server = scripted(vec![json(409, error("brand_new_rule"))]).await;
    let dir = tempfile::tempdir().expect("dir");
    let client = signed_in(&server, &dir).await;
    match client.rewards().await {
        Err(CallError::Refused { code, .. }) => {
            assert_eq!(code, ErrorCode::Other("brand_new_rule".into()))
        }
        other => panic!("{other:?}"),
    }
}
