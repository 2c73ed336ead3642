//! The app on Linux machines: served over Dioxus liveview (the UI runs in this process and
//! a browser is a thin screen over a websocket). This is how the one-command demo runs and
//! how the Chromium journeys drive the app; the phone build (`--features mobile`) has none
//! of it, so the whole module is compiled only without that feature.

mod config;
mod own_address;
mod serve;

use anyhow::{Context, Result};
use tokio::net::TcpListener;

use crate::services::Services;
use config::Config;

/// Serves the app on `COMPANION_UI_ADDR` until Ctrl-C or SIGTERM.
pub async fn run() -> Result<()> {
    crate::logging::init();

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

    let services = Services::open(&config.data_dir, &config.api_url)?;
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
