//! The benchmark baseline: a bare axum "hello" endpoint on the same runtime settings as
//! the real server, so `GET /v1/loyalty` throughput can be reported as a ratio of what axum
//! itself does on this machine in the same run. Prints its address like the server.

use axum::routing::get;
use axum::Router;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let addr = std::env::var("BIND_ADDR").unwrap_or_else(|_| "127.0.0.1:0".into());
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("bare hello listening on http://{}", listener.local_addr()?);
    let app = Router::new().route("/hello", get(|| async { "hello" }));
    axum::serve(listener, app).await?;
    Ok(())
}
