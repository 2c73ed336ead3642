//! Which `Host` and `Origin` values are the app's own.
//!
//! The app listens on loopback and its websocket drives the customer's account (the
//! wallet, the data export). A browser lets any web page open a websocket to
//! `127.0.0.1`, sending that page's `Origin`; and a name the attacker controls can be made
//! to resolve to `127.0.0.1` (DNS rebinding), which sends a foreign `Host`. So the server
//! answers only requests addressed to its own address, and upgrades only websockets opened
//! by its own page (or by no page at all: browsers always send `Origin`, so a client
//! without one is not a web page).
//!
//! Own means the address it is bound to (`COMPANION_UI_ADDR`, with the real port when
//! configured as port 0), `127.0.0.1:port` or `localhost:port` (and `[::1]:port` when
//! bound to IPv6). A machine's network name is not among them: the app is served for the
//! machine's own browser.

use std::net::{IpAddr, SocketAddr};

/// The app's own authorities (`host:port`, lower case).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnAddress {
    authorities: Vec<String>,
}

impl OwnAddress {
    /// The authorities a browser on this machine reaches `bound` by.
    pub fn new(bound: SocketAddr) -> Self {
        let port = bound.port();
        let mut candidates = vec![
            bound.to_string(),
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
        ];
        if matches!(bound.ip(), IpAddr::V6(_)) {
            candidates.push(format!("[::1]:{port}"));
        }
        let mut authorities = Vec::new();
        for authority in candidates {
            if !authorities.contains(&authority) {
                authorities.push(authority);
            }
        }
        OwnAddress { authorities }
    }

    /// Whether a `Host` header value (or a URI's authority) names this app.
    pub fn is_own_host(&self, host: &str) -> bool {
        let host = with_port(&host.trim().to_ascii_lowercase());
        self.authorities.contains(&host)
    }

    /// Whether an `Origin` header value is the app's own page: `http://` and an own
    /// authority, nothing more. `null` (a sandboxed frame, a file) is not.
    pub fn is_own_origin(&self, origin: &str) -> bool {
        let origin = origin.trim().to_ascii_lowercase();
        origin
            .strip_prefix("http://")
            .is_some_and(|authority| !authority.contains('/') && self.is_own_host(authority))
    }

    /// The websocket addresses the page may connect to, for `connect-src`: the page's own
    /// origin under `ws://`, whichever own authority the browser used.
    pub fn websocket_sources(&self) -> String {
        self.authorities
            .iter()
            .map(|authority| format!("ws://{authority}"))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// `authority` with its port; HTTP's default (80) when it has none, as browsers leave it
/// out of `Host` and `Origin`.
fn with_port(authority: &str) -> String {
    let has_port = match authority.rfind(']') {
        // An IPv6 literal: a port only after the closing bracket.
        Some(bracket) => authority[bracket..].contains(':'),
        None => authority.contains(':'),
    };
    if has_port {
        authority.to_string()
    } else {
        format!("{authority}:80")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn own(addr: &str) -> OwnAddress {
        OwnAddress::new(addr.parse().expect("socket address"))
    }

    #[test]
    fn the_bound_address_and_the_loopback_names_are_own_hosts() {
        let own = own("127.0.0.1:3000");
        for host in ["127.0.0.1:3000", "localhost:3000", "LOCALHOST:3000"] {
            assert!(own.is_own_host(host), "{host}");
        }
        for host in [
            "127.0.0.1:3001",
            "localhost",
            "evil.example:3000",
            "localhost.evil.example:3000",
            "127.0.0.1:3000.evil.example",
            "",
        ] {
            assert!(!own.is_own_host(host), "{host}");
        }
    }

    #[test]
    fn port_80_may_be_left_out_as_browsers_do() {
        let own = own("127.0.0.1:80");
        assert!(own.is_own_host("localhost"));
        assert!(own.is_own_origin("http://127.0.0.1"));
        assert!(!own.is_own_host("evil.example"));
    }

    #[test]
    fn an_ipv6_bind_adds_its_literal_and_an_unspecified_bind_only_loopback() {
        let v6 = own("[::1]:3000");
        assert!(v6.is_own_host("[::1]:3000"));
        assert!(!v6.is_own_host("[::1]"));
        assert!(v6.is_own_host("localhost:3000"));
        let any = own("0.0.0.0:3000");
        assert!(any.is_own_host("127.0.0.1:3000"));
        assert!(!any.is_own_host("192.168.1.20:3000"));
    }

    #[test]
    fn only_the_pages_own_origin_is_own() {
        let own = own("127.0.0.1:3000");
        for origin in [
            "http://127.0.0.1:3000",
            "http://localhost:3000",
            "HTTP://Localhost:3000",
        ] {
            assert!(own.is_own_origin(origin), "{origin}");
        }
        for origin in [
            "null",
            "https://127.0.0.1:3000",
            "http://127.0.0.1:3001",
            "http://evil.example",
            "http://evil.example:3000",
            "http://127.0.0.1:3000/path",
            "http://127.0.0.1:3000.evil.example",
            "127.0.0.1:3000",
        ] {
            assert!(!own.is_own_origin(origin), "{origin}");
        }
    }

    #[test]
    fn the_page_may_connect_to_its_websocket_under_any_own_name() {
        assert_eq!(
            own("127.0.0.1:3000").websocket_sources(),
            "ws://127.0.0.1:3000 ws://localhost:3000"
        );
    }
}
