//! The client's address: the connection's peer, or, when the peer is a configured trusted proxy
//! (a load balancer), the address that proxy reports in `X-Forwarded-For`. A client that talks to
//! the service directly cannot choose its address by sending the header.

use std::net::IpAddr;

use actix_web::{web, HttpRequest};
use domain::ClientAddress;
use ipnet::IpNet;

use app::sign_in::session::Origin;

/// Networks whose `X-Forwarded-For` is believed, and the prefix IPv6 callers are counted by.
#[derive(Debug, Clone)]
pub struct TrustedProxies(Vec<IpNet>, u8);

impl Default for TrustedProxies {
    fn default() -> Self {
        TrustedProxies(Vec::new(), ClientAddress::DEFAULT_V6_PREFIX)
    }
}

impl TrustedProxies {
    /// From addresses (`10.0.0.5`) and networks (`10.0.0.0/8`, `::1/128`).
    pub fn parse(items: &[String]) -> Result<TrustedProxies, String> {
        items
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<IpNet>()
                    .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| {
                        format!("ID06_TRUSTED_PROXIES: `{s}` is not an address or network")
                    })
            })
            .collect::<Result<_, _>>()
            .map(|nets| TrustedProxies(nets, ClientAddress::DEFAULT_V6_PREFIX))
    }

    /// Counts IPv6 callers by `bits` (`ID06_IPV6_PREFIX_LEN`).
    pub fn with_v6_prefix(self, bits: u8) -> TrustedProxies {
        TrustedProxies(self.0, bits)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|n| n.contains(&ip))
    }

    /// Walks `X-Forwarded-For` from the right (the entries the trusted proxies appended) and
    /// stops at the first address not of a trusted proxy: everything left of it is what the
    /// client sent and may be forged. An entry that is not an address ends the walk.
    pub fn client(&self, peer: IpAddr, forwarded_for: &[&str]) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let mut client = peer;
        for entry in forwarded_for
            .iter()
            .flat_map(|h| h.split(','))
            .rev()
            .map(str::trim)
        {
            let Ok(ip) = entry.parse::<IpAddr>() else {
                break;
            };
            client = ip;
            if !self.trusts(ip) {
                break;
            }
        }
        client
    }
}

/// The client's address: the one notion of where a request comes from, for every per-address
/// limit (by its network), and for sessions and the audit log (in full).
pub fn client_address(req: &HttpRequest) -> ClientAddress {
    let Some(peer) = req.peer_addr().map(|a| a.ip()) else {
        return ClientAddress::unknown();
    };
    let Some(proxies) = req.app_data::<web::Data<TrustedProxies>>() else {
        return ClientAddress::new(peer, ClientAddress::DEFAULT_V6_PREFIX);
    };
    let headers: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .collect();
    ClientAddress::new(proxies.client(peer, &headers), proxies.1)
}

/// Where a request comes from, as a session records it.
pub fn origin(req: &HttpRequest) -> Origin {
    let user_agent = req
        .headers()
        .get(actix_web::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|ua| ua.chars().take(200).collect::<String>())
        .filter(|ua| !ua.trim().is_empty());
    Origin {
        client_address: client_address(req),
        user_agent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn proxies() -> TrustedProxies {
        TrustedProxies::parse(&["10.0.0.0/8".into(), "192.0.2.7".into()])
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_direct_client_cannot_choose_its_address() {
        assert_eq!(
            proxies().client(ip("203.0.113.9"), &["198.51.100.1"]),
            ip("203.0.113.9")
        );
        assert_eq!(
            TrustedProxies::default().client(ip("127.0.0.1"), &["198.51.100.1"]),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn behind_trusted_proxies_the_first_untrusted_hop_from_the_right() {
        let p = proxies();
        assert_eq!(
            p.client(ip("10.0.0.1"), &["198.51.100.1"]),
            ip("198.51.100.1")
        );
        // The client forged the left entry; the proxy appended the real one.
        assert_eq!(
            p.client(ip("10.0.0.1"), &["1.2.3.4, 198.51.100.1"]),
            ip("198.51.100.1")
        );
        // Two proxies, two headers.
        assert_eq!(
            p.client(ip("10.0.0.1"), &["198.51.100.1", "192.0.2.7"]),
            ip("198.51.100.1")
        );
        // Garbage ends the walk at the last good hop.
        assert_eq!(
            p.client(ip("10.0.0.1"), &["junk, 10.0.0.2"]),
            ip("10.0.0.2")
        );
        assert_eq!(p.client(ip("10.0.0.1"), &[]), ip("10.0.0.1"));
    }

    #[test]
    fn configuration_is_checked() {
        assert!(TrustedProxies::parse(&["10.0.0.0/33".into()]).is_err());
        assert!(TrustedProxies::parse(&["::1".into(), " ".into()]).is_ok());
    }
}
