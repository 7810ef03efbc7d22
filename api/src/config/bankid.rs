//! How this service reaches BankID: the Relying Party API's address and, for BankID itself, the
//! relying party's certificate (PKCS#12, as BankID issues it) and BankID's CA. Plain HTTP is
//! allowed only on loopback (the test double), so a production address without certificates
//! stops the service at startup instead of failing at the first identification.

use std::fmt;
use std::path::PathBuf;

use clap::Args;

use app::bankid::client::{ClientTls, HttpBankId};

#[derive(Clone, Args)]
pub struct BankIdSettings {
    /// The Relying Party API up to `/rp/v6.0`: BankID's (`https://appapi2.bankid.com/rp/v6.0`,
    /// test: `https://appapi2.test.bankid.com/rp/v6.0`) or the local double
    /// (`http://127.0.0.1:8081/rp/v6.0`). Unset: BankID is not offered.
    #[arg(long, env = "ID06_BANKID_URL")]
    pub bankid_url: Option<String>,
    /// The relying party's certificate and key, PKCS#12 (required for https).
    #[arg(long, env = "ID06_BANKID_P12_FILE")]
    pub bankid_p12_file: Option<PathBuf>,
    /// The passphrase of the PKCS#12 file.
    #[arg(long, env = "ID06_BANKID_P12_PASSPHRASE", hide_env_values = true)]
    pub bankid_p12_passphrase: Option<String>,
    /// BankID's CA certificate (PEM), the only root trusted for BankID (required for https).
    #[arg(long, env = "ID06_BANKID_CA_FILE")]
    pub bankid_ca_file: Option<PathBuf>,
    /// Require the passport / national ID check in the BankID app (`requirement.mrtd`).
    #[arg(long, env = "ID06_BANKID_REQUIRE_MRTD", default_value_t = false)]
    pub bankid_require_mrtd: bool,
    /// Milliseconds between two `/collect` calls for one identification (BankID asks for about
    /// two seconds; tests go faster against the double).
    #[arg(long, env = "ID06_BANKID_COLLECT_INTERVAL_MS", default_value_t = 2000)]
    pub bankid_collect_interval_ms: u64,
}

impl Default for BankIdSettings {
    fn default() -> Self {
        BankIdSettings {
            bankid_url: None,
            bankid_p12_file: None,
            bankid_p12_passphrase: None,
            bankid_ca_file: None,
            bankid_require_mrtd: false,
            bankid_collect_interval_ms: 2000,
        }
    }
}

impl fmt::Debug for BankIdSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BankIdSettings")
            .field("bankid_url", &self.bankid_url)
            .field("bankid_p12_file", &self.bankid_p12_file)
            .field(
                "bankid_p12_passphrase",
                &self.bankid_p12_passphrase.as_ref().map(|_| "***"),
            )
            .field("bankid_ca_file", &self.bankid_ca_file)
            .field("bankid_require_mrtd", &self.bankid_require_mrtd)
            .field(
                "bankid_collect_interval_ms",
                &self.bankid_collect_interval_ms,
            )
            .finish()
    }
}

impl BankIdSettings {
    /// The client these settings describe; `None` when BankID is not configured. Errors name the
    /// setting at fault, never the passphrase.
    pub fn client(&self) -> Result<Option<HttpBankId>, String> {
        let Some(raw) = &self.bankid_url else {
            return Ok(None);
        };
        let url = url::Url::parse(raw).map_err(|_| "ID06_BANKID_URL is not a URL".to_owned())?;
        let tls = match url.scheme() {
            "https" => {
                let (Some(p12), Some(ca)) = (&self.bankid_p12_file, &self.bankid_ca_file) else {
                    return Err(
                        "ID06_BANKID_URL is https: set ID06_BANKID_P12_FILE and ID06_BANKID_CA_FILE"
                            .into(),
                    );
                };
                let p12 = std::fs::read(p12)
                    .map_err(|e| format!("ID06_BANKID_P12_FILE {}: {e}", p12.display()))?;
                let ca = std::fs::read(ca)
                    .map_err(|e| format!("ID06_BANKID_CA_FILE {}: {e}", ca.display()))?;
                let passphrase = self.bankid_p12_passphrase.as_deref().unwrap_or_default();
                Some(ClientTls::from_pkcs12(&p12, passphrase, ca)?)
            }
            "http" if is_loopback(&url) => None,
            _ => return Err(
                "ID06_BANKID_URL must be https (plain http only on loopback, for the test double)"
                    .into(),
            ),
        };
        HttpBankId::new(raw, tls).map(Some)
    }
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d == "localhost",
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Test-only certificates (tests/fixtures/bankid/README.md says how they were made).
    fn fixture(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/bankid")
            .join(name)
    }

    fn https(p12: &str, passphrase: &str) -> BankIdSettings {
        BankIdSettings {
            bankid_url: Some("https://appapi2.test.bankid.com/rp/v6.0".into()),
            bankid_p12_file: Some(fixture(p12)),
            bankid_p12_passphrase: Some(passphrase.into()),
            bankid_ca_file: Some(fixture("ca.pem")),
            ..BankIdSettings::default()
        }
    }

    #[test]
    fn unset_is_off_and_plain_http_only_on_loopback() {
        assert!(matches!(BankIdSettings::default().client(), Ok(None)));
        for url in [
            "http://127.0.0.1:8081/rp/v6.0",
            "http://localhost:8081/rp/v6.0",
        ] {
            let s = BankIdSettings {
                bankid_url: Some(url.into()),
                ..BankIdSettings::default()
            };
            assert!(matches!(s.client(), Ok(Some(_))), "{url}");
        }
        let far = BankIdSettings {
            bankid_url: Some("http://bankid.example.com/rp/v6.0".into()),
            ..BankIdSettings::default()
        };
        assert!(far.client().is_err());
    }

    #[test]
    fn https_needs_the_certificates_and_opens_both_pkcs12_encryptions() {
        let bare = BankIdSettings {
            bankid_url: Some("https://appapi2.test.bankid.com/rp/v6.0".into()),
            ..BankIdSettings::default()
        };
        assert!(bare
            .client()
            .err()
            .is_some_and(|e| e.contains("ID06_BANKID_P12_FILE")));
        for file in ["rp-aes.p12", "rp-legacy.p12"] {
            let client = https(file, "qwerty123").client();
            assert!(matches!(client, Ok(Some(_))), "{file}: {:?}", client.err());
        }
        let wrong = https("rp-aes.p12", "not-the-passphrase").client();
        let message = wrong.err().unwrap_or_default();
        assert!(message.contains("does not open"), "{message}");
        assert!(!message.contains("not-the-passphrase"));
        let debug = format!("{:?}", https("rp-aes.p12", "qwerty123"));
        assert!(!debug.contains("qwerty123"), "{debug}");
    }
}
