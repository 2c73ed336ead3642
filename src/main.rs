//! `companion`: the customer companion app, served over Dioxus liveview.
//!
//! Configuration comes from the environment (see [`config`]); the bound address is printed
//! as `companion app listening on http://ADDR` so scripts and tests can start it on port 0
//! and read where to connect.

mod app;
mod camera;
mod components;
mod config;
mod i18n;
mod location;
#[cfg_attr(not(feature = "mobile"), allow(dead_code))]
mod mobile;
#[cfg(test)]
mod platform_files;
mod route;
mod serve;
mod services;
mod state;
#[cfg(test)]
mod testing;
mod views;

use std::io::IsTerminal;

use anyhow::{Context, Result};
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

use crate::config::Config;

/// On a phone: the mobile renderer (see [`mobile`]).
#[cfg(feature = "mobile")]
fn main() {
    mobile::launch();
}

/// Here: liveview, served on `COMPANION_UI_ADDR`.
#[cfg(not(feature = "mobile"))]
#[tokio::main]
async fn main() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        // Colour codes only for a person at a terminal, not in CI logs or test captures.
        .with_ansi(std::io::stderr().is_terminal())
        .init();

    let config = Config::from_env()?;
    tracing::info!(
        api_url = %config.api_url,
        data_dir = %config.data_dir.display(),
        "configuration loaded"
    );

    let listener = TcpListener::bind(config.ui_addr)
        .await
        .with_context(|| format!("cannot listen on {}", config.ui_addr))?;
    let addr = listener
        .local_addr()
        .context("cannot read the bound address")?;
    println!("companion app listening on http://{addr}");

    let services = services::Services::open(&config.data_dir, &config.api_url)?;
    services.start_sync();
    serve::serve(listener, services, shutdown_signal()).await
}

/// Completes on Ctrl-C or SIGTERM, so the process stops cleanly under a terminal, a test
/// harness or a service manager.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::warn!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down");
}
