//! The connection loop, in place of bare `axum::serve`: HTTP/1 through hyper's builder with
//! a header-read timeout, each socket behind an idle timeout ([`IdleTimeout`]), at most
//! `max_connections` served at once, and a graceful stop.
//!
//! The cap is a semaphore taken *before* `accept`: while every permit is out, new
//! connections wait in the kernel's listen queue (the client sees a slow start, never a
//! refusal) and the process never opens more sockets than its descriptors allow. An
//! `accept` that fails all the same (EMFILE, ENFILE, ENOBUFS) is logged and retried after a
//! short pause instead of ending the server.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tower::ServiceExt;

use crate::idle::IdleTimeout;

/// How long the loop waits before accepting again after the system refused a new socket.
pub const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// What each connection is held to.
#[derive(Debug, Clone)]
pub struct ServeLimits {
    /// Longest wait for a whole request head (also the idle gap between requests).
    pub header_read_timeout: Duration,
    /// Longest time without a byte moving either way.
    pub idle_timeout: Duration,
    /// Most connections at once.
    pub max_connections: usize,
}

/// Serves `app` on `listener` until `stop` completes; then stops accepting (the listener is
/// closed at once), lets every request in flight finish, and returns when the last
/// connection has closed.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ServeLimits,
    stop: impl Future<Output = ()> + Send + 'static,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    // `stopping` tells connections to finish; `closed` is dropped by each when it ends.
    let (stopping, stop_rx) = watch::channel(false);
    let (closed_tx, closed) = watch::channel(());
    tokio::pin!(stop);
    loop {
        let next = async {
            let permit = match permits.clone().acquire_owned().await {
                Ok(permit) => permit,
                Err(_) => unreachable!("the semaphore is never closed"),
            };
            let (stream, remote) = accept(&listener).await;
            (permit, stream, remote)
        };
        let (permit, stream, remote) = tokio::select! {
            next = next => next,
            () = &mut stop => break,
        };
        tokio::spawn(serve_connection(
            stream,
            remote,
            app.clone(),
            limits.clone(),
            permit,
            stop_rx.clone(),
            closed.clone(),
        ));
    }
    drop(listener);
    let _ = stopping.send(true);
    drop(closed);
    closed_tx.closed().await;
}

/// The next connection, waiting out failures that concern the system rather than one client.
async fn accept(listener: &TcpListener) -> (TcpStream, SocketAddr) {
    loop {
        match listener.accept().await {
            Ok(accepted) => return accepted,
            // The client gave up before we took it: nothing to do but take the next.
            Err(error) if concerns_one_client(&error) => continue,
            Err(error) => {
                tracing::error!(%error, "cannot accept a connection (out of file descriptors?); retrying shortly");
                tokio::time::sleep(ACCEPT_BACKOFF).await;
            }
        }
    }
}

fn concerns_one_client(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

async fn serve_connection(
    stream: TcpStream,
    remote: SocketAddr,
    app: Router,
    limits: ServeLimits,
    _permit: OwnedSemaphorePermit,
    mut stopping: watch::Receiver<bool>,
    _closed: watch::Receiver<()>,
) {
    let io = TokioIo::new(IdleTimeout::new(stream, limits.idle_timeout));
    let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
        request.extensions_mut().insert(ConnectInfo(remote));
        let app = app.clone();
        async move { Ok::<_, Infallible>(app.oneshot(request).await.unwrap_or_else(|e| match e {})) }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let connection = builder.serve_connection(io, service);
    tokio::pin!(connection);
    let mut finishing = *stopping.borrow();
    if finishing {
        connection.as_mut().graceful_shutdown();
    }
    loop {
        tokio::select! {
            result = connection.as_mut() => {
                if let Err(error) = result {
                    tracing::debug!(%error, %remote, "connection ended with an error");
                }
                break;
            }
            changed = stopping.changed(), if !finishing => {
                finishing = true;
                if changed.is_ok() {
                    connection.as_mut().graceful_shutdown();
                }
            }
        }
    }
}
