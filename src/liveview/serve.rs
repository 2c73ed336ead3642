//! Serves the app over Dioxus liveview: the UI runs here, in this process, and the browser
//! is a thin screen connected by a websocket. This is how the app runs on Linux machines
//! and how the end-to-end tests drive it (see PLATFORM.md).

use std::{future::Future, sync::LazyLock};

use anyhow::{Context, Result};
use axum::{
    extract::{State, WebSocketUpgrade},
    http::{header::ACCEPT_LANGUAGE, HeaderMap},
    response::{Html, IntoResponse, Response},
    routing::get,
    Router,
};
use dioxus::prelude::VirtualDom;
use dioxus_liveview::{axum_socket, interpreter_glue, LiveViewPool};
use tokio::net::TcpListener;

use crate::app::{App, InitialLang};
use crate::i18n::Lang;
use crate::page;
use crate::services::Services;

/// Path of the liveview websocket. It is not an app route, so it cannot clash with one.
pub const WS_PATH: &str = "/ws";

/// The HTML page every app address answers with. Built once: the glue script embeds
/// Dioxus's whole interpreter (tens of kilobytes) and never changes while running.
static INDEX_HTML: LazyLock<String> = LazyLock::new(index_html);

/// The page for any app address ([`page::index_html`]) with the liveview glue that opens
/// the websocket at [`WS_PATH`] on the same host. The glue goes last so `#main` exists
/// when it runs.
pub fn index_html() -> String {
    page::index_html(Lang::default(), &interpreter_glue(WS_PATH))
}

/// The HTTP routes: the websocket, and the page for every other GET. Every UI session gets
/// the process's `services` (one process is one phone).
///
/// `dioxus_liveview`'s own `with_app("/", app)` is not used: on axum 0.8 it registers only
/// `/{*route}`, which does not match `/` (a 404 for the home page), and its page has no
/// viewport meta or stylesheet. Serving the page ourselves as the fallback answers `/` and
/// every deep link (`/devices/…`) with the same page; the router then reads the address.
pub fn router(services: Services) -> Router {
    let pool = LiveViewPool::new();
    Router::new()
        .route(WS_PATH, get(websocket))
        .fallback(get(page))
        .with_state(UiState { pool, services })
}

/// What the websocket handler needs.
#[derive(Clone)]
struct UiState {
    pool: LiveViewPool,
    services: Services,
}

async fn page() -> Html<&'static str> {
    Html(INDEX_HTML.as_str())
}

/// Each websocket is one UI session: a fresh [`App`] VirtualDom on the pool's thread, with
/// the phone's services and the browser's preferred language as root context.
async fn websocket(
    State(ui): State<UiState>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    let lang = headers
        .get(ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .map(Lang::from_locales)
        .unwrap_or_default();
    upgrade
        .on_upgrade(move |socket| async move {
            let services = ui.services.clone();
            let session = ui.pool.launch_virtualdom(axum_socket(socket), move || {
                VirtualDom::new(App)
                    .with_root_context(services)
                    .with_root_context(InitialLang(lang))
            });
            if let Err(error) = session.await {
                tracing::debug!(%error, "liveview session ended");
            }
        })
        .into_response()
}

/// Serves the app on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    services: Services,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    axum::serve(listener, router(services))
        .with_graceful_shutdown(shutdown)
        .await
        .context("the UI server stopped with an error")
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[test]
    fn the_page_is_phone_first_and_carries_the_glue() {
        let html = index_html();
        assert!(html
            .contains(r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#));
        assert!(html.contains(r#"<html lang="pt-PT">"#));
        assert!(html.contains(r#"<div id="main"></div>"#));
        assert!(html.contains(r#"var WS_ADDR = __dioxusGetWsUrl("/ws");"#));
        assert!(html.contains(page::STYLESHEET.trim()));
        assert!(
            html.find(r#"<div id="main">"#) < html.find("<script>"),
            "the glue must run after #main exists"
        );
    }

    /// A minimal HTTP/1.1 GET, enough to check status and body without an HTTP client crate.
    async fn get(addr: std::net::SocketAddr, path: &str) -> String {
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).await.unwrap();
        response
    }

    #[tokio::test]
    async fn root_and_deep_links_serve_the_page() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let dir = tempfile::tempdir().unwrap();
        let services = Services::open(dir.path(), "http://127.0.0.1:9").unwrap();
        let server = tokio::spawn(serve(listener, services, async {
            let _ = stopped.await;
        }));

        // "/" is the path the library's own route misses on axum 0.8.
        for path in ["/", "/devices/ABCD-EFGH-JKMN", "/no/such/page"] {
            let response = get(addr, path).await;
            assert!(
                response.starts_with("HTTP/1.1 200"),
                "{path}: {response:.200}"
            );
            assert!(response.contains("__dioxusGetWsUrl"), "{path}: no glue");
        }

        // The websocket route exists (a plain GET without upgrade headers is refused).
        let response = get(addr, WS_PATH).await;
        assert!(!response.starts_with("HTTP/1.1 200"), "{response:.200}");
        assert!(!response.starts_with("HTTP/1.1 404"), "{response:.200}");

        stop.send(()).unwrap();
        server.await.unwrap().unwrap();
    }
}
