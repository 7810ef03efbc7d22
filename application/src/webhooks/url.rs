//! Where a webhook may go. An endpoint is an `https` URL whose host resolves only to public
//! addresses — checked when it is registered or changed and again on every delivery (the
//! delivery client's resolver refuses private answers, so a name that later resolves to a
//! private address is not followed). `ID06_WEBHOOKS_ALLOW_PRIVATE` lifts both rules, for tests
//! and local development only.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use domain::is_public_address;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use crate::error::FieldError;

/// A checked endpoint URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookUrl(String);

impl WebhookUrl {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Checks the form, then resolves the host: 422 field errors for the `url` field.
    pub async fn check(raw: &str, allow_private: bool) -> Result<WebhookUrl, FieldError> {
        // One text per reason: `field-<code>-<reason>`.
        let bad = |code: &'static str, key: &'static str| {
            FieldError::new("url", code, crate::texts::Text::new(key))
        };
        let url = reqwest::Url::parse(raw.trim())
            .map_err(|_| bad("invalid_url", "field-url-not-absolute"))?;
        match url.scheme() {
            "https" => {}
            "http" if allow_private => {}
            _ => return Err(bad("https_required", "field-https_required")),
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(bad("invalid_url", "field-url-credentials"));
        }
        if url.fragment().is_some() {
            return Err(bad("invalid_url", "field-url-fragment"));
        }
        let host = url
            .host_str()
            .ok_or_else(|| bad("invalid_url", "field-url-no-host"))?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        let port = url.port_or_known_default().unwrap_or(443);
        let addrs = resolve(&host, port)
            .await
            .map_err(|_| bad("unresolvable_host", "field-unresolvable_host"))?;
        if !allow_private && addrs.iter().any(|a| !is_public_address(a.ip())) {
            return Err(bad("private_address", "field-private_address"));
        }
        Ok(WebhookUrl(url.to_string()))
    }
}

async fn resolve(host: &str, port: u16) -> Result<Vec<SocketAddr>, String> {
    if let Ok(ip) = host.parse::<IpAddr>() {
        return Ok(vec![SocketAddr::new(ip, port)]);
    }
    let lookup = tokio::net::lookup_host((host.to_owned(), port));
    let found = tokio::time::timeout(Duration::from_secs(5), lookup)
        .await
        .map_err(|_| "DNS timeout".to_owned())?
        .map_err(|e| e.to_string())?
        .collect::<Vec<_>>();
    if found.is_empty() {
        Err("no address".into())
    } else {
        Ok(found)
    }
}

/// Whether a delivery may go to the host of `url` when it is an address literal (names are
/// checked by [`GuardedResolver`] as they are resolved).
pub fn literal_allowed(url: &str, allow_private: bool) -> bool {
    let Ok(u) = reqwest::Url::parse(url) else {
        return false;
    };
    match u.host() {
        Some(url::Host::Ipv4(ip)) => allow_private || is_public_address(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => allow_private || is_public_address(IpAddr::V6(ip)),
        Some(url::Host::Domain(_)) => true,
        None => false,
    }
}

/// The delivery client's resolver: answers with public addresses only (unless allowed), so a
/// name that now resolves to a private address fails instead of being followed.
pub struct GuardedResolver {
    pub allow_private: bool,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        let allow_private = self.allow_private;
        Box::pin(async move {
            let found = resolve(&host, 0).await?;
            let allowed: Vec<SocketAddr> = found
                .into_iter()
                .filter(|a| allow_private || is_public_address(a.ip()))
                .collect();
            if allowed.is_empty() {
                return Err(format!("{host} resolves to no public address").into());
            }
            let addrs: Addrs = Box::new(allowed.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn only_public_https_urls_are_taken() {
        let code = |r: Result<WebhookUrl, FieldError>| r.err().map(|e| e.code.to_string());
        assert_eq!(
            code(WebhookUrl::check("http://93.184.216.34/hook", false).await),
            Some("https_required".to_string())
        );
        assert_eq!(
            code(WebhookUrl::check("https://127.0.0.1/hook", false).await),
            Some("private_address".to_string())
        );
        assert_eq!(
            code(WebhookUrl::check("https://[::1]:8443/hook", false).await),
            Some("private_address".to_string())
        );
        assert_eq!(
            code(WebhookUrl::check("https://169.254.169.254/latest", false).await),
            Some("private_address".to_string())
        );
        assert_eq!(
            code(WebhookUrl::check("https://localhost/hook", false).await),
            Some("private_address".to_string())
        );
        assert_eq!(
            code(WebhookUrl::check("https://u:p@93.184.216.34/", false).await),
            Some("invalid_url".to_string())
        );
        assert_eq!(
            code(WebhookUrl::check("not a url", false).await),
            Some("invalid_url".to_string())
        );
        assert!(WebhookUrl::check("https://93.184.216.34/hook", false)
            .await
            .is_ok());
        assert!(WebhookUrl::check("http://127.0.0.1:9/hook", true)
            .await
            .is_ok());
        assert!(!literal_allowed("https://10.0.0.1/", false));
        assert!(literal_allowed("https://10.0.0.1/", true));
        assert!(literal_allowed("https://example.com/", false));
    }
}
