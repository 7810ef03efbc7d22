//! Addresses that are not the public internet, after IANA's IPv4 and IPv6 Special-Purpose
//! Address Registries (RFC 6890 and its updates): where a webhook may never be delivered. An
//! IPv6 address that carries an IPv4 address (IPv4-mapped, NAT64, 6to4) is judged by that IPv4
//! address as well; the deprecated IPv4-compatible form and Teredo are refused whole.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// What a registry entry means here.
#[derive(Clone, Copy)]
enum Rule {
    /// Never a webhook target.
    Refuse,
    /// Reachable only as the IPv4 address it embeds: judge that one.
    Embedded(fn(Ipv6Addr) -> Ipv4Addr),
}

/// IPv4 special-purpose blocks (and multicast), as (first address, prefix length).
const IPV4: &[([u8; 4], u8)] = &[
    ([0, 0, 0, 0], 8),          // "this network"
    ([10, 0, 0, 0], 8),         // private use
    ([100, 64, 0, 0], 10),      // shared address space (carrier-grade NAT)
    ([127, 0, 0, 0], 8),        // loopback
    ([169, 254, 0, 0], 16),     // link local (cloud metadata lives here)
    ([172, 16, 0, 0], 12),      // private use
    ([192, 0, 0, 0], 24),       // IETF protocol assignments
    ([192, 0, 2, 0], 24),       // documentation (TEST-NET-1)
    ([192, 31, 196, 0], 24),    // AS112-v4
    ([192, 52, 193, 0], 24),    // AMT
    ([192, 88, 99, 0], 24),     // deprecated 6to4 relay anycast
    ([192, 168, 0, 0], 16),     // private use
    ([192, 175, 48, 0], 24),    // direct delegation AS112 service
    ([198, 18, 0, 0], 15),      // benchmarking
    ([198, 51, 100, 0], 24),    // documentation (TEST-NET-2)
    ([203, 0, 113, 0], 24),     // documentation (TEST-NET-3)
    ([224, 0, 0, 0], 4),        // multicast
    ([240, 0, 0, 0], 4),        // reserved (includes the limited broadcast address)
    ([255, 255, 255, 255], 32), // limited broadcast
];

/// IPv6 special-purpose blocks (and multicast), as (first address, prefix length, rule). The
/// first matching entry decides, so narrower blocks come before the blocks that contain them.
const IPV6: &[(Ipv6Addr, u8, Rule)] = &[
    (
        Ipv6Addr::new(0, 0, 0, 0, 0, 0xffff, 0, 0),
        96,
        Rule::Embedded(last_32_bits),
    ), // IPv4-mapped
    (Ipv6Addr::new(0, 0, 0, 0, 0, 0, 0, 0), 96, Rule::Refuse), // ::, ::1, IPv4-compatible (deprecated)
    (
        Ipv6Addr::new(0x64, 0xff9b, 0, 0, 0, 0, 0, 0),
        96,
        Rule::Embedded(last_32_bits),
    ), // NAT64
    (
        Ipv6Addr::new(0x64, 0xff9b, 1, 0, 0, 0, 0, 0),
        48,
        Rule::Refuse,
    ), // local-use IPv4/IPv6 translation
    (Ipv6Addr::new(0x100, 0, 0, 0, 0, 0, 0, 0), 64, Rule::Refuse), // discard-only
    (Ipv6Addr::new(0x2001, 0, 0, 0, 0, 0, 0, 0), 23, Rule::Refuse), // IETF protocol assignments, Teredo
    (
        Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0),
        32,
        Rule::Refuse,
    ), // documentation
    (
        Ipv6Addr::new(0x2002, 0, 0, 0, 0, 0, 0, 0),
        16,
        Rule::Embedded(six_to_four),
    ), // 6to4
    (Ipv6Addr::new(0x3fff, 0, 0, 0, 0, 0, 0, 0), 20, Rule::Refuse), // documentation
    (Ipv6Addr::new(0x5f00, 0, 0, 0, 0, 0, 0, 0), 16, Rule::Refuse), // segment routing SIDs
    (Ipv6Addr::new(0xfc00, 0, 0, 0, 0, 0, 0, 0), 7, Rule::Refuse),  // unique local
    (Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 0), 10, Rule::Refuse), // link local
    (Ipv6Addr::new(0xfec0, 0, 0, 0, 0, 0, 0, 0), 10, Rule::Refuse), // site local (deprecated)
    (Ipv6Addr::new(0xff00, 0, 0, 0, 0, 0, 0, 0), 8, Rule::Refuse),  // multicast
];

fn last_32_bits(ip: Ipv6Addr) -> Ipv4Addr {
    let [.., a, b, c, d] = ip.octets();
    Ipv4Addr::new(a, b, c, d)
}

/// 6to4: the IPv4 address is in bits 16–47.
fn six_to_four(ip: Ipv6Addr) -> Ipv4Addr {
    let o = ip.octets();
    Ipv4Addr::new(o[2], o[3], o[4], o[5])
}

fn in_block(bits: u128, first: u128, len: u8, width: u32) -> bool {
    let len = u32::from(len);
    len == 0 || (bits ^ first) >> (width - len) == 0
}

/// Whether `ip` is on the public internet: in no special-purpose block, and, when it carries
/// an IPv4 address, that one neither.
pub fn is_public_address(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => !IPV4.iter().any(|(first, len)| {
            in_block(
                u128::from(u32::from(v4)),
                u128::from(u32::from(Ipv4Addr::from(*first))),
                *len,
                32,
            )
        }),
        IpAddr::V6(v6) => {
            let rule = IPV6
                .iter()
                .find(|(first, len, _)| in_block(u128::from(v6), u128::from(*first), *len, 128))
                .map(|(_, _, rule)| *rule);
            match rule {
                None => true,
                Some(Rule::Refuse) => false,
                Some(Rule::Embedded(extract)) => is_public_address(IpAddr::V4(extract(v6))),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    /// One address inside every block of both registries (its first, last or a middle one), and
    /// the IPv6 forms that carry a special IPv4 address.
    #[test]
    fn every_registry_block_is_refused() {
        for bad in [
            "0.0.0.0",
            "0.255.255.255",
            "10.1.2.3",
            "100.64.0.1",
            "100.127.255.254",
            "127.0.0.1",
            "127.255.255.255",
            "169.254.169.254",
            "172.16.0.1",
            "172.31.255.255",
            "192.0.0.8",
            "192.0.2.1",
            "192.31.196.1",
            "192.52.193.1",
            "192.88.99.1",
            "192.168.1.1",
            "192.175.48.1",
            "198.18.0.1",
            "198.19.255.255",
            "198.51.100.7",
            "203.0.113.9",
            "224.0.0.1",
            "239.255.255.255",
            "240.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
            // IPv4-compatible (deprecated): refused whatever it carries.
            "::127.0.0.1",
            "::a9fe:a9fe",
            "::8.8.8.8",
            "64:ff9b::127.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "64:ff9b:1::8.8.8.8",
            "100::1",
            "2001::1",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2", // Teredo
            "2001:1ff:ffff::1",
            "2001:db8::1",
            "2002:7f00:1::1",   // 6to4 of 127.0.0.1
            "2002:a9fe:a9fe::", // 6to4 of 169.254.169.254
            "2002:c0a8:101::1", // 6to4 of 192.168.1.1
            "3fff::1",
            "3fff:fff::1",
            "5f00::1",
            "fc00::1",
            "fdff:ffff::1",
            "fe80::1",
            "febf::1",
            "fec0::1",
            "ff02::1",
        ] {
            assert!(!is_public_address(ip(bad)), "{bad}");
        }
    }

    #[test]
    fn the_public_internet_is_allowed() {
        for good in [
            "1.1.1.1",
            "8.8.8.8",
            "93.184.216.34",
            "100.63.255.255",
            "100.128.0.0",
            "172.32.0.1",
            "192.0.1.1",
            "198.20.0.1",
            "223.255.255.255",
            "2606:4700:4700::1111",
            "2a00:1450:4001::200e",
            "::ffff:8.8.8.8",
            "64:ff9b::8.8.8.8",
            "2002:808:808::1", // 6to4 of 8.8.8.8
            "2001:200::1",     // just past 2001::/23
        ] {
            assert!(is_public_address(ip(good)), "{good}");
        }
    }
}
