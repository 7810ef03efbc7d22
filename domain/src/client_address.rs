//! Where a request comes from, as every per-address rule counts it. One IPv6 caller holds at least
//! a /64 (usually more), so counting IPv6 by the full address gives an attacker 2^64 fresh
//! budgets: IPv6 addresses count by their prefix (a /64 unless configured otherwise), IPv4 by the
//! address, and an IPv4 address written as IPv6 (`::ffff:a.b.c.d`) as that IPv4 address.
//! Sessions and the security log still record the full address.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientAddress {
    ip: IpAddr,
    v6_prefix: u8,
}

impl ClientAddress {
    /// The prefix an IPv6 caller is counted by unless configured otherwise.
    pub const DEFAULT_V6_PREFIX: u8 = 64;

    /// `ip` (an IPv4-mapped IPv6 address becomes the IPv4 one), counted by `v6_prefix` bits when
    /// IPv6 (clamped to 16..=128: a shorter prefix would lump whole providers together).
    pub fn new(ip: IpAddr, v6_prefix: u8) -> ClientAddress {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        ClientAddress {
            ip,
            v6_prefix: v6_prefix.clamp(16, 128),
        }
    }

    /// The address of a caller that has none (a request not from a socket, as in tests).
    pub fn unknown() -> ClientAddress {
        ClientAddress::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), Self::DEFAULT_V6_PREFIX)
    }

    pub fn ip(&self) -> IpAddr {
        self.ip
    }

    /// What per-address limits count: `203.0.113.9`, or `2001:db8:1:2::/64`.
    pub fn network(&self) -> String {
        match self.ip {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => {
                let bits = u128::from(v6);
                let keep = u32::from(self.v6_prefix);
                let mask = if keep >= 128 {
                    u128::MAX
                } else {
                    !(u128::MAX >> keep)
                };
                format!("{}/{}", Ipv6Addr::from(bits & mask), self.v6_prefix)
            }
        }
    }
}

/// The full address, as sessions and the security log record it.
impl fmt::Display for ClientAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.ip.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str, prefix: u8) -> ClientAddress {
        ClientAddress::new(s.parse().unwrap_or_else(|e| panic!("{s}: {e}")), prefix)
    }

    #[test]
    fn ipv6_counts_by_its_prefix_and_ipv4_by_the_address() {
        assert_eq!(at("203.0.113.9", 64).network(), "203.0.113.9");
        assert_eq!(at("::ffff:203.0.113.9", 64).network(), "203.0.113.9");
        assert_eq!(at("::ffff:203.0.113.9", 64).to_string(), "203.0.113.9");
        let a = at("2001:db8:1:2:aaaa::1", 64);
        let b = at("2001:db8:1:2:ffff:ffff:ffff:ffff", 64);
        assert_eq!(a.network(), "2001:db8:1:2::/64");
        assert_eq!(a.network(), b.network());
        assert_ne!(a.network(), at("2001:db8:1:3::1", 64).network());
        assert_eq!(
            a.to_string(),
            "2001:db8:1:2:aaaa::1",
            "the full address is kept"
        );
        // A /56 groups a customer's whole delegation.
        assert_eq!(at("2001:db8:1:2ff::1", 56).network(), "2001:db8:1:200::/56");
        assert_eq!(at("2001:db8::1", 128).network(), "2001:db8::1/128");
        assert_eq!(at("2001:db8::1", 0).network(), "2001::/16", "clamped");
    }
}
