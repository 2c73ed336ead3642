//! Serves the app over Dioxus liveview: the UI runs here, in this process, and the browser
//! is a thin screen connected by a websocket. This is how the app runs on Linux machines
//! and how the end-to-end tests drive it (see PLATFORM.md).

use std::{future::Future, net::SocketAddr, sync::LazyLock};

use anyhow::{Context, Result};
use axum::{
    extract::{Request, State, WebSocketUpgrade},
    http::{
        header::{
            ACCEPT_LANGUAGE, CONTENT_SECURITY_POLICY, HOST, ORIGIN, REFERRER_POLICY,
            X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
        },
        HeaderMap, HeaderValue, StatusCode,
    },
    middleware::{self, Next},
    response::{Html, IntoResponse, Response},
    routing::get,
    Router,
};
use dioxus::prelude::VirtualDom;
use dioxus_liveview::{axum_socket, interpreter_glue, LiveViewPool};
use tokio::net::TcpListener;

use super::own_address::OwnAddress;
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

/// The page's `Content-Security-Policy`, given where its websocket may be
/// ([`OwnAddress::websocket_sources`]).
///
/// What matters most is `frame-ancestors 'none'`: no other site can frame the app and
/// trick a click on it. The rest allows exactly what the page does: the liveview glue and
/// the stylesheet are inline, the glue runs the server's edits through `Function` (hence
/// `'unsafe-eval'`), the QR codes are inline SVG, the data export is a `data:` link, the
/// camera is a `MediaStream`, and the only connection is the websocket.
pub fn content_security_policy(websocket_sources: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; \
         media-src 'self' blob: mediastream:; connect-src 'self' {websocket_sources}; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The HTTP routes: the websocket, and the page for every other GET. Every UI session gets
/// the process's `services` (one process is one phone). Only requests addressed to `own`
/// are answered, and only websockets from its own page are upgraded (see [`OwnAddress`]);
/// every answer carries [`content_security_policy`] and `X-Frame-Options: DENY`.
///
/// `dioxus_liveview`'s own `with_app("/", app)` is not used: on axum 0.8 it registers only
/// `/{*route}`, which does not match `/` (a 404 for the home page), and its page has no
/// viewport meta or stylesheet. Serving the page ourselves as the fallback answers `/` and
/// every deep link (`/devices/…`) with the same page; the router then reads the address.
pub fn router(services: Services, own: OwnAddress) -> Router {
    let pool = LiveViewPool::new();
    let csp = content_security_policy(&own.websocket_sources());
    let guard = Guard {
        own: own.clone(),
        csp: HeaderValue::try_from(csp)
            .expect("the policy is ASCII text: it is built from socket addresses"),
    };
    Router::new()
        .route(WS_PATH, get(websocket))
        .fallback(get(page))
        .with_state(UiState {
            pool,
            services,
            own,
        })
        .layer(middleware::from_fn_with_state(guard, guard_request))
}

/// What the websocket handler needs.
#[derive(Clone)]
struct UiState {
    pool: LiveViewPool,
    services: Services,
    own: OwnAddress,
}

/// What every request passes through.
#[derive(Clone)]
struct Guard {
    own: OwnAddress,
    csp: HeaderValue,
}

/// Refuses a request addressed to another host (DNS rebinding: a foreign name resolved to
/// this machine) with 403, before any route; adds the page's security headers to every
/// answer, refusals included.
async fn guard_request(State(guard): State<Guard>, request: Request, next: Next) -> Response {
    let mut response = if is_addressed_to(&guard.own, &request) {
        next.run(request).await
    } else {
        tracing::warn!(
            host = ?request.headers().get(HOST),
            "refused a request addressed to another host"
        );
        (
            StatusCode::FORBIDDEN,
            "This app answers only on its own address.",
        )
            .into_response()
    };
    let headers = response.headers_mut();
    headers.insert(CONTENT_SECURITY_POLICY, guard.csp.clone());
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

/// One `Host`, naming this app, and no other authority in the request line.
fn is_addressed_to(own: &OwnAddress, request: &Request) -> bool {
    let mut hosts = request.headers().get_all(HOST).iter();
    let host_is_own = match (hosts.next(), hosts.next()) {
        (Some(host), None) => host.to_str().is_ok_and(|host| own.is_own_host(host)),
        _ => false,
    };
    let uri_is_own = request
        .uri()
        .authority()
        .is_none_or(|authority| own.is_own_host(authority.as_str()));
    host_is_own && uri_is_own
}

/// No `Origin` (not a web page), or one `Origin` that is the app's own page.
fn is_from_own_page(own: &OwnAddress, headers: &HeaderMap) -> bool {
    let mut origins = headers.get_all(ORIGIN).iter();
    match (origins.next(), origins.next()) {
        (None, _) => true,
        (Some(origin), None) => origin
            .to_str()
            .is_ok_and(|origin| own.is_own_origin(origin)),
        (Some(_), Some(_)) => false,
    }
}

async fn page() -> Html<&'static str> {
    Html(INDEX_HTML.as_str())
}

/// Each websocket is one UI session: a fresh [`App`] VirtualDom on the pool's thread, with
/// the phone's services and the browser's preferred language as root context. A websocket
/// opened by another site's page is refused (403) and never upgraded: it would drive the
/// customer's account (cross-site websocket hijacking).
async fn websocket(
    State(ui): State<UiState>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    if !is_from_own_page(&ui.own, &headers) {
        tracing::warn!(
            origin = ?headers.get(ORIGIN),
            "refused a websocket from another site's page"
        );
        return (
            StatusCode::FORBIDDEN,
            "Only the app's own page may connect.",
        )
            .into_response();
    }
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

/// Serves the app on `listener` until `shutdown` completes, answering for the address it
/// is bound to ([`OwnAddress::new`]).
pub async fn serve(
    listener: TcpListener,
    services: Services,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let bound: SocketAddr = listener
        .local_addr()
        .context("cannot read the bound address")?;
    axum::serve(listener, router(services, OwnAddress::new(bound)))
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

    /// The app's real server on a free loopback port, until [`RunningApp::stop`].
    struct RunningApp {
        addr: std::net::SocketAddr,
        stop: tokio::sync::oneshot::Sender<()>,
        server: tokio::task::JoinHandle<Result<()>>,
        _data: tempfile::TempDir,
    }

    impl RunningApp {
        async fn start() -> Self {
            let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
            let addr = listener.local_addr().expect("address");
            let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
            let data = tempfile::tempdir().expect("temp dir");
            let services = Services::open(data.path(), "http://127.0.0.1:9").expect("services");
            let server = tokio::spawn(serve(listener, services, async {
                let _ = stopped.await;
            }));
            RunningApp {
                addr,
                stop,
                server,
                _data: data,
            }
        }

        async fn stop(self) {
            self.stop.send(()).expect("still running");
            self.server.await.expect("joined").expect("served");
        }

        /// Sends `head` (a request without body) and returns the answer's status line and
        /// headers; after a 101 the socket stays open, so this reads only up to the blank
        /// line.
        async fn ask(&self, head: &str) -> String {
            let mut stream = tokio::net::TcpStream::connect(self.addr)
                .await
                .expect("connect");
            stream.write_all(head.as_bytes()).await.expect("send");
            let mut answer = Vec::new();
            let mut byte = [0u8; 1];
            let read_head = async {
                while !answer.ends_with(b"\r\n\r\n") {
                    match stream.read(&mut byte).await.expect("read") {
                        0 => break,
                        _ => answer.push(byte[0]),
                    }
                }
            };
            tokio::time::timeout(std::time::Duration::from_secs(10), read_head)
                .await
                .expect("an answer within 10 s");
            String::from_utf8_lossy(&answer).into_owned()
        }

        async fn get(&self, host: &str, path: &str) -> String {
            self.ask(&format!(
                "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
            ))
            .await
        }

        /// A browser's websocket handshake for [`WS_PATH`]; `origin` `None` sends none.
        async fn open_websocket(&self, host: &str, origin: Option<&str>) -> String {
            let origin = origin
                .map(|origin| format!("Origin: {origin}\r\n"))
                .unwrap_or_default();
            self.ask(&format!(
                "GET {WS_PATH} HTTP/1.1\r\nHost: {host}\r\n{origin}Connection: Upgrade\r\n\
                 Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n\
                 Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
            ))
            .await
        }

        fn host(&self) -> String {
            self.addr.to_string()
        }

        fn localhost(&self) -> String {
            format!("localhost:{}", self.addr.port())
        }
    }

    /// The value of `name` in an answer's head, if present.
    fn header<'a>(answer: &'a str, name: &str) -> Option<&'a str> {
        answer.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }

    #[tokio::test]
    async fn root_and_deep_links_serve_the_page() {
        let app = RunningApp::start().await;
        // "/" is the path the library's own route misses on axum 0.8.
        for path in ["/", "/devices/ABCD-EFGH-JKMN", "/no/such/page"] {
            let mut stream = tokio::net::TcpStream::connect(app.addr)
                .await
                .expect("connect");
            let request = format!(
                "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                app.host()
            );
            stream.write_all(request.as_bytes()).await.expect("send");
            let mut response = String::new();
            stream.read_to_string(&mut response).await.expect("read");
            assert!(
                response.starts_with("HTTP/1.1 200"),
                "{path}: {response:.200}"
            );
            assert!(response.contains("__dioxusGetWsUrl"), "{path}: no glue");
        }

        // The websocket route exists (a plain GET without upgrade headers is refused).
        let response = app.get(&app.host(), WS_PATH).await;
        assert!(!response.starts_with("HTTP/1.1 200"), "{response:.200}");
        assert!(!response.starts_with("HTTP/1.1 404"), "{response:.200}");
        app.stop().await;
    }

    #[tokio::test]
    async fn the_page_cannot_be_framed_by_another_site() {
        let app = RunningApp::start().await;
        for path in ["/", "/wallet"] {
            let answer = app.get(&app.host(), path).await;
            assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
            let csp = header(&answer, "content-security-policy").expect("a CSP");
            assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
            assert!(
                csp.contains(&format!("ws://{}", app.host())),
                "the page may still reach its websocket: {csp}"
            );
            assert_eq!(header(&answer, "x-frame-options"), Some("DENY"));
        }
        app.stop().await;
    }

    #[tokio::test]
    async fn the_websocket_opens_for_the_apps_own_page() {
        let app = RunningApp::start().await;
        let own_origins = [
            (app.host(), Some(format!("http://{}", app.host()))),
            (app.localhost(), Some(format!("http://{}", app.localhost()))),
            // Not a web page: browsers always send an Origin.
            (app.host(), None),
        ];
        for (host, origin) in own_origins {
            let answer = app.open_websocket(&host, origin.as_deref()).await;
            assert!(
                answer.starts_with("HTTP/1.1 101"),
                "{host} from {origin:?}: {answer}"
            );
        }
        app.stop().await;
    }

    #[tokio::test]
    async fn a_websocket_from_another_sites_page_is_refused() {
        let app = RunningApp::start().await;
        let port = app.addr.port();
        for origin in [
            "http://evil.example".to_string(),
            format!("http://evil.example:{port}"),
            format!("https://127.0.0.1:{port}"),
            format!("http://127.0.0.1:{}", port.wrapping_add(1)),
            "null".to_string(),
        ] {
            let answer = app.open_websocket(&app.host(), Some(&origin)).await;
            assert!(answer.starts_with("HTTP/1.1 403"), "{origin}: {answer}");
        }
        app.stop().await;
    }

    #[tokio::test]
    async fn a_foreign_host_is_refused_for_the_websocket_and_the_page() {
        let app = RunningApp::start().await;
        let port = app.addr.port();
        // DNS rebinding: the attacker's name resolves to 127.0.0.1, so its page is "same
        // origin" with the socket; only the Host tells.
        let rebound = format!("rebind.evil.example:{port}");
        let origin = format!("http://{rebound}");
        let answer = app.open_websocket(&rebound, Some(&origin)).await;
        assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
        let answer = app.open_websocket(&rebound, None).await;
        assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
        let answer = app.get(&rebound, "/").await;
        assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
        assert_eq!(header(&answer, "x-frame-options"), Some("DENY"));
        // A request line naming another host is refused as well.
        let answer = app
            .ask(&format!(
                "GET http://evil.example/ HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                app.host()
            ))
            .await;
        assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
        app.stop().await;
    }
}
