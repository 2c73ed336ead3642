//! Who is asking, by network address: the key of per-address limits and of security logs.
//!
//! Behind a load balancer every connection comes from the proxy, so its `X-Forwarded-For`
//! is believed, but only from the proxies named in `TRUSTED_PROXIES`: the client is the
//! right-most address in the header that is not one of them. From anyone else the header
//! is ignored (a client could write anything there). IPv6 clients are keyed by their /64,
//! the block one subscriber gets, so that hopping addresses inside it gains nothing.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use ipnet::IpNet;

#[cfg(test)]
use crate::config::parse_trusted_proxies;
use crate::error::ApiError;
use crate::state::AppState;

/// The client's address as a throttle and log key (an IPv4 address, or an IPv6 /64).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAddr(pub String);

/// The client's IP: the peer, or, from a trusted proxy, the right-most forwarded address
/// that is not a trusted proxy.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let peer = peer.to_canonical();
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect::<Vec<_>>();
    for entry in forwarded.iter().rev() {
        match entry.parse::<IpAddr>() {
            Ok(ip) if is_trusted(&ip.to_canonical()) => continue,
            Ok(ip) => return ip.to_canonical(),
            // Garbage written by someone the proxies passed along: stop believing the
            // header there rather than let it name any key it likes.
            Err(_) => return peer,
        }
    }
    peer
}

/// The key for `ip`: IPv4 as is, IPv6 as its /64 network.
pub fn address_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let segments = v6.segments();
            let network = Ipv6Addr::new(
                segments[0],
                segments[1],
                segments[2],
                segments[3],
                0,
                0,
                0,
                0,
            );
            format!("{network}/64")
        }
    }
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip())
            .ok_or_else(|| anyhow::anyhow!("the server was started without connection info"))?;
        let ip = client_ip(peer, &parts.headers, &state.settings.trusted_proxies);
        Ok(ClientAddr(address_key(ip)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(forwarded: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for value in forwarded {
            map.append(
                "x-forwarded-for",
                HeaderValue::from_str(value).expect("header"),
            );
        }
        map
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("ip")
    }

    #[test]
    fn the_header_is_ignored_from_a_peer_that_is_not_a_trusted_proxy() {
        let trusted = parse_trusted_proxies("10.0.0.1").expect("list");
        let spoofed = headers(&["1.2.3.4"]);
        assert_eq!(
            client_ip(ip("203.0.113.9"), &spoofed, &trusted),
            ip("203.0.113.9")
        );
        assert_eq!(
            client_ip(ip("203.0.113.9"), &spoofed, &[]),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn from_a_trusted_proxy_the_right_most_untrusted_address_is_the_client() {
        let trusted = parse_trusted_proxies("10.0.0.0/8, 192.168.1.7").expect("list");
        // The client wrote "6.6.6.6" itself; the outer proxy appended the real address.
        let chain = headers(&["6.6.6.6, 198.51.100.4", "192.168.1.7"]);
        assert_eq!(
            client_ip(ip("10.1.2.3"), &chain, &trusted),
            ip("198.51.100.4")
        );
    }

    #[test]
    fn a_trusted_proxy_without_a_usable_header_is_the_client() {
        let trusted = parse_trusted_proxies("10.0.0.1").expect("list");
        assert_eq!(
            client_ip(ip("10.0.0.1"), &headers(&[]), &trusted),
            ip("10.0.0.1")
        );
        assert_eq!(
            client_ip(ip("10.0.0.1"), &headers(&["not-an-ip"]), &trusted),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn ipv4_mapped_addresses_and_ipv6_blocks_make_one_key() {
        assert_eq!(
            address_key(ip("::ffff:192.0.2.1").to_canonical()),
            "192.0.2.1"
        );
        assert_eq!(
            address_key(ip("2001:db8:1:2:aaaa::1")),
            address_key(ip("2001:db8:1:2:bbbb::9"))
        );
        assert_ne!(
            address_key(ip("2001:db8:1:2::1")),
            address_key(ip("2001:db8:1:3::1"))
        );
    }

    #[test]
    fn a_bad_proxy_list_is_refused_with_the_entry() {
        let error = parse_trusted_proxies("10.0.0.1, lb.internal").expect_err("refused");
        assert!(error.to_string().contains("lb.internal"));
    }
}
