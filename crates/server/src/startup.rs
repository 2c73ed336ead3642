//! Building and running the server: `main` and the tests both go through here, so the
//! tests exercise exactly what production runs.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutBody;

use crate::auth::{PasswordHasher, Throttle};
use crate::clock::{Clock, ManualClock, SystemClock};
use crate::config::Settings;
use crate::db::Db;
use crate::error::ApiError;
use crate::mail::{self, Mailer};
use crate::routes;
use crate::serve::{self, ServeLimits};
use crate::state::AppState;
use crate::{fd_limit, maintenance, points};

/// A bound, ready-to-run server.
pub struct Application {
    listener: TcpListener,
    app: axum::Router,
    state: AppState,
    limits: ServeLimits,
}

impl Application {
    /// Connects and migrates the database, binds the address (port 0 picks one).
    /// With `TEST_CLOCK=1` the clock starts at the real time and then moves only through
    /// `POST /v1/test-clock/advance`.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        if settings.test_clock {
            let clock = Arc::new(ManualClock::new(time::OffsetDateTime::now_utc()));
            return Self::build_with_manual_clock(settings, clock).await;
        }
        Self::build_with_clock(settings, Arc::new(SystemClock)).await
    }

    /// Like [`Application::build`] with a clock only the caller moves (tests); with
    /// `settings.test_clock` the test-clock routes move it too.
    pub async fn build_with_manual_clock(
        settings: Settings,
        clock: Arc<ManualClock>,
    ) -> anyhow::Result<Self> {
        let test_clock = settings.test_clock.then(|| clock.clone());
        Self::build_inner(settings, clock, test_clock).await
    }

    /// Like [`Application::build`] with a chosen clock (tests move time).
    pub async fn build_with_clock(
        settings: Settings,
        clock: Arc<dyn Clock>,
    ) -> anyhow::Result<Self> {
        Self::build_inner(settings, clock, None).await
    }

    async fn build_inner(
        settings: Settings,
        clock: Arc<dyn Clock>,
        test_clock: Option<Arc<ManualClock>>,
    ) -> anyhow::Result<Self> {
        if test_clock.is_some() {
            tracing::warn!(
                "TEST_CLOCK=1: THE CLOCK IS A TEST CLOCK. Anyone can move time forward through \
                 POST /v1/test-clock/advance, which posts and expires points. Never use this in production."
            );
        }
        let open_files = fd_limit::raise_to_hard_limit();
        let connections = &settings.connections;
        let limits = ServeLimits {
            header_read_timeout: connections.header_read_timeout,
            idle_timeout: connections.idle_timeout,
            max_connections: fd_limit::connection_cap(connections.max_connections, open_files),
        };
        if limits.max_connections < connections.max_connections {
            tracing::warn!(
                configured = connections.max_connections,
                used = limits.max_connections,
                ?open_files,
                "MAX_CONNECTIONS lowered to what the open-file limit allows"
            );
        }
        let db = Db::connect(&settings.database_url).await?;
        let mut state = state(db, clock, &settings)?;
        state.test_clock = test_clock;
        let listener = TcpListener::bind(settings.bind_addr)
            .await
            .with_context(|| format!("cannot listen on {}", settings.bind_addr))?;
        let body_timeout = connections.request_body_timeout;
        let app = routes::router(state.clone())
            .layer(middleware::from_fn(deadline))
            // A body that stops arriving fails its read (a 400) instead of holding the
            // connection until the deadline.
            .layer(tower::util::MapRequestLayer::new(
                move |request: Request| {
                    request.map(|body| Body::new(TimeoutBody::new(body_timeout, body)))
                },
            ))
            // Phones pay for every byte: answers are gzipped when the client accepts it
            // (the sync feed shrinks about tenfold).
            .layer(CompressionLayer::new())
            // Answers carry tokens and personal data: no cache (the phone's, a proxy's)
            // keeps a copy, and no browser guesses a type other than the one declared.
            .layer(SetResponseHeaderLayer::if_not_present(
                header::CACHE_CONTROL,
                HeaderValue::from_static("no-store"),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ))
            .layer(middleware::from_fn(access_log));
        Ok(Application {
            listener,
            app,
            state,
            limits,
        })
    }

    /// The bound address.
    pub fn local_addr(&self) -> anyhow::Result<SocketAddr> {
        Ok(self.listener.local_addr()?)
    }

    /// The state, for commands that seed data before serving.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The pieces, for serving them another way: the benchmark's baseline runs the same
    /// application under bare `axum::serve` (`examples/plain_serve.rs`).
    pub fn into_parts(self) -> (TcpListener, axum::Router, AppState) {
        (self.listener, self.app, self.state)
    }

    /// Serves until Ctrl-C or SIGTERM, finishing requests in flight.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves until `stop` completes, finishing requests in flight.
    pub async fn run_until(
        self,
        stop: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let housekeeping = tokio::spawn(maintenance::run_forever(self.state.clone()));
        let mail = tokio::spawn(mail::run_forever(self.state.clone()));
        let points = tokio::spawn(points::due::run_forever(self.state.clone()));
        serve::serve(self.listener, self.app, self.limits, stop).await;
        housekeeping.abort();
        mail.abort();
        points.abort();
        self.state.db.close().await;
        Ok(())
    }
}

/// Builds the shared state around a database.
pub fn state(db: Db, clock: Arc<dyn Clock>, settings: &Settings) -> anyhow::Result<AppState> {
    let cores = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(2);
    Ok(AppState {
        throttle: Throttle::new(db.clone(), settings.limits.clone()),
        db,
        clock,
        hasher: PasswordHasher::new(cores)?,
        mailer: Mailer::from_settings(&settings.mail)?,
        settings: Arc::new(settings.clone()),
        test_clock: None,
    })
}

/// One line per request: method, path (never the query or body, where secrets may be),
/// status and duration.
async fn access_log(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    tracing::info!(
        %method,
        path,
        status = response.status().as_u16(),
        ms = started.elapsed().as_secs_f64() * 1000.0,
        "request"
    );
    response
}

/// Longest a request may take before the client gets a JSON 503 instead of a hang.
pub const REQUEST_DEADLINE: Duration = Duration::from_secs(30);

async fn deadline(request: Request, next: Next) -> Response {
    match tokio::time::timeout(REQUEST_DEADLINE, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::Unavailable.into_response(),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
