//! Which requests may talk to the inspector at all.
//!
//! A web page can make a browser send requests to 127.0.0.1 by pointing a DNS
//! name it controls there (DNS rebinding); the browser then sends that name
//! as `Host`. Only requests addressed to `localhost` or an IP literal are
//! served, as Node does since CVE-2018-7160. Browser pages also announce
//! themselves with `Origin`, which DevTools and command-line clients do not
//! send (or send as `devtools://`).
use std::net::{Ipv4Addr, Ipv6Addr};

/// True if `host` (a `Host` header: name or IP, optional port) is
/// `localhost` or an IP literal.
pub fn host_allowed(host: &str) -> bool {
    let (name, port) = if let Some(rest) = host.strip_prefix('[') {
        let Some((inner, after)) = rest.split_once(']') else { return false };
        if inner.parse::<Ipv6Addr>().is_err() {
            return false;
        }
        match after {
            "" => return true,
            _ => match after.strip_prefix(':') {
                Some(port) => (None, Some(port)),
                None => return false,
            },
        }
    } else {
        match host.split_once(':') {
            Some((name, port)) => (Some(name), Some(port)),
            None => (Some(host), None),
        }
    };
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.parse::<u16>().is_ok());
    let name_ok = name.is_none_or(|n| n.eq_ignore_ascii_case("localhost") || n.parse::<Ipv4Addr>().is_ok());
    port_ok && name_ok
}

/// True if a WebSocket upgrade with this `Origin` (None: absent) may attach.
pub fn origin_allowed(origin: Option<&str>) -> bool {
    match origin {
        None => true,
        Some(o) => o.starts_with("devtools://") || o.starts_with("chrome-devtools://"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        for ok in ["localhost", "LOCALHOST:9229", "127.0.0.1", "127.0.0.1:9229", "[::1]", "[::1]:9229", "10.0.0.2:80"] {
            assert!(host_allowed(ok), "{ok}");
        }
        for bad in [
            "",
            "evil.example",
            "evil.example:9229",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "127.0.0.1:",
            "127.0.0.1:99999",
            "127.0.0.1:92x9",
            "[::1",
            "[::1]x",
            "[evil]:1",
            "::1",
            "localhost:1:2",
            "0x7f.1",
        ] {
            assert!(!host_allowed(bad), "{bad}");
        }
    }

    #[test]
    fn origins() {
        assert!(origin_allowed(None));
        assert!(origin_allowed(Some("devtools://devtools")));
        assert!(origin_allowed(Some("chrome-devtools://devtools")));
        assert!(!origin_allowed(Some("http://evil.example")));
        assert!(!origin_allowed(Some("http://127.0.0.1:8000")));
        assert!(!origin_allowed(Some("null")));
    }
}
