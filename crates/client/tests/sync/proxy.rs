//! A fault-injecting HTTP proxy on loopback. Each connection carries one request (the test
//! phones do not reuse connections); the proxy reads it and then, by a seeded draw, passes
//! it, drops it, delays it, answers 429 itself, or forwards it to the server and then
//! breaks the answer (reset before answering, 503, garbage, truncated body): the last four
//! are the cases where the server did the work and the phone does not know.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fault {
    Pass,
    DropRequest,
    Delay,
    RateLimited,
    ResetAfterServer,
    ServerErrorAfterServer,
    GarbageAfterServer,
    TruncatedAfterServer,
}

pub const ALL_FAULTS: [Fault; 7] = [
    Fault::DropRequest,
    Fault::Delay,
    Fault::RateLimited,
    Fault::ResetAfterServer,
    Fault::ServerErrorAfterServer,
    Fault::GarbageAfterServer,
    Fault::TruncatedAfterServer,
];

pub struct FaultProxy {
    pub address: String,
    pub injected: Arc<Mutex<HashMap<Fault, usize>>>,
    pub enabled: Arc<Mutex<bool>>,
}

impl FaultProxy {
    /// Proxies to `upstream` (`127.0.0.1:PORT`); with probability `fault_rate` a request
    /// meets one of the faults.
    pub async fn start(upstream: String, seed: u64, fault_rate: f64) -> FaultProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("proxy binds");
        let address = format!("http://{}", listener.local_addr().expect("address"));
        let injected = Arc::new(Mutex::new(HashMap::new()));
        let enabled = Arc::new(Mutex::new(true));
        let rng = Arc::new(Mutex::new(StdRng::seed_from_u64(seed)));
        let (counts, on) = (injected.clone(), enabled.clone());
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let fault = {
                    let mut rng = rng.lock().unwrap_or_else(|e| e.into_inner());
                    if *on.lock().unwrap_or_else(|e| e.into_inner()) && rng.random_bool(fault_rate)
                    {
                        ALL_FAULTS[rng.random_range(0..ALL_FAULTS.len())]
                    } else {
                        Fault::Pass
                    }
                };
                *counts
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .entry(fault)
                    .or_insert(0) += 1;
                let upstream = upstream.clone();
                tokio::spawn(async move {
                    let _ = handle(client, &upstream, fault).await;
                });
            }
        });
        FaultProxy {
            address,
            injected,
            enabled,
        }
    }

    pub fn set_enabled(&self, on: bool) {
        *self.enabled.lock().unwrap_or_else(|e| e.into_inner()) = on;
    }

    pub fn count(&self, fault: Fault) -> usize {
        self.injected
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&fault)
            .copied()
            .unwrap_or(0)
    }
}

/// Reads one HTTP/1.1 message (headers and a Content-Length body).
async fn read_message(stream: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let headers = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
            let length = headers
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            while buffer.len() < end + 4 + length {
                let n = stream.read(&mut chunk).await?;
                if n == 0 {
                    break;
                }
                buffer.extend_from_slice(&chunk[..n]);
            }
            return Ok(buffer);
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(buffer);
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
}

async fn forward(request: &[u8], upstream: &str) -> std::io::Result<Vec<u8>> {
    let mut server = TcpStream::connect(upstream).await?;
    server.write_all(request).await?;
    read_message(&mut server).await
}

async fn handle(mut client: TcpStream, upstream: &str, fault: Fault) -> std::io::Result<()> {
    let request = read_message(&mut client).await?;
    match fault {
        Fault::DropRequest => return Ok(()),
        Fault::Delay => tokio::time::sleep(Duration::from_millis(300)).await,
        Fault::RateLimited => {
            let body = br#"{"error":{"code":"too_many_requests","message":"slow down"}}"#;
            let head = format!(
                "HTTP/1.1 429 Too Many Requests\r\nretry-after: 0\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            client.write_all(head.as_bytes()).await?;
            client.write_all(body).await?;
            return Ok(());
        }
        _ => {}
    }
    let answer = forward(&request, upstream).await?;
    match fault {
        Fault::ResetAfterServer => Ok(()),
        Fault::ServerErrorAfterServer => {
            let head = "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
            client.write_all(head.as_bytes()).await
        }
        Fault::GarbageAfterServer => {
            let body = b"<html>captive portal</html>\x00\xff";
            let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n", body.len());
            client.write_all(head.as_bytes()).await?;
            client.write_all(body).await
        }
        Fault::TruncatedAfterServer => {
            let cut = answer.len()
                - (answer.len()
                    - answer
                        .windows(4)
                        .position(|w| w == b"\r\n\r\n")
                        .unwrap_or(0))
                    / 2;
            client.write_all(&answer[..cut.max(1)]).await
        }
        _ => client.write_all(&answer).await,
    }
}
