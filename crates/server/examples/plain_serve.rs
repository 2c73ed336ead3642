//! The benchmark's "before": the real application with its demo data, served by bare
//! `axum::serve` as it was before `src/serve.rs` (no header-read or idle timeout, no
//! connection cap), so `scripts/bench-serve-builder.sh` can compare the two in one run.
//! Same environment as `companion-server demo`; prints its address like the server.

use std::net::SocketAddr;

use companion_server::config::Settings;
use companion_server::demo;
use companion_server::startup::Application;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let app = Application::build(Settings::from_env()?).await?;
    demo::seed(app.state()).await?;
    let (listener, router, _state) = app.into_parts();
    println!(
        "plain axum::serve listening on http://{}",
        listener.local_addr()?
    );
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await?;
    Ok(())
}
