//! The client of BankID's Relying Party API v6, behind a trait so that use cases do not care
//! whether they talk to BankID (mutual TLS with the relying party's certificate, BankID's CA as
//! the only root) or to the local double (plain HTTP on loopback).

use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;
use std::time::Duration;

use domain::bankid::{CollectStatus, ErrorCode, HintCode};
use serde_json::{json, Value};

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// An identification order to start.
#[derive(Debug, Clone)]
pub struct AuthRequest {
    /// The person's address as this service saw it (BankID requires it).
    pub end_user_ip: IpAddr,
    /// Binds the order to this person (`requirement.personalNumber`), 12 digits.
    pub personal_number: Option<String>,
    /// Requires the passport / national ID check in the app (`requirement.mrtd`).
    pub mrtd: bool,
}

/// BankID's answer to `/auth`. `qr_start_secret` never leaves the server.
#[derive(Debug, Clone)]
pub struct Started {
    pub order_ref: String,
    pub auto_start_token: String,
    pub qr_start_token: String,
    pub qr_start_secret: String,
}

/// Whom BankID identified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub personal_number: String,
    pub given_name: String,
    pub surname: String,
    /// `stepUp.mrtd`: the passport / national ID check was done and passed.
    pub mrtd: bool,
}

/// Where an order stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Collected {
    Pending(HintCode),
    Failed(HintCode),
    Complete(Completion),
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum BankIdError {
    /// BankID refused the call (`errorCode` and `details` as sent).
    #[error("BankID answered {status} {code}: {details}")]
    Api {
        status: u16,
        code: ErrorCode,
        details: String,
    },
    /// No answer (connection, TLS or timeout).
    #[error("BankID did not answer: {0}")]
    Unreachable(String),
    /// An answer this client cannot read.
    #[error("unexpected answer from BankID: {0}")]
    Protocol(String),
}

/// BankID's Relying Party API.
pub trait BankId: Send + Sync {
    fn auth<'a>(&'a self, request: &'a AuthRequest) -> BoxFuture<'a, Result<Started, BankIdError>>;
    fn collect<'a>(&'a self, order_ref: &'a str) -> BoxFuture<'a, Result<Collected, BankIdError>>;
    fn cancel<'a>(&'a self, order_ref: &'a str) -> BoxFuture<'a, Result<(), BankIdError>>;
}

/// The relying party's TLS material (PEM): its certificate and key, and BankID's CA.
pub struct ClientTls {
    pub identity_pem: Vec<u8>,
    pub ca_pem: Vec<u8>,
}

impl ClientTls {
    /// From the relying party's PKCS#12 file, as BankID issues it (legacy and modern
    /// encryption), and BankID's CA certificate (PEM).
    pub fn from_pkcs12(p12: &[u8], passphrase: &str, ca_pem: Vec<u8>) -> Result<ClientTls, String> {
        let store = p12_keystore::KeyStore::from_pkcs12(p12, passphrase).map_err(|_| {
            "the BankID certificate file does not open (not PKCS#12, or a wrong passphrase)"
                .to_owned()
        })?;
        let (_, chain) = store
            .private_key_chain()
            .ok_or("the BankID certificate file holds no private key")?;
        let mut pem = pem_block("PRIVATE KEY", chain.key());
        for certificate in chain.chain() {
            pem.push_str(&pem_block("CERTIFICATE", certificate.as_der()));
        }
        Ok(ClientTls {
            identity_pem: pem.into_bytes(),
            ca_pem,
        })
    }
}

fn pem_block(label: &str, der: &[u8]) -> String {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in encoded.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(line));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// The API over HTTP.
pub struct HttpBankId {
    client: reqwest::Client,
    /// Up to and including `/rp/v6.0`.
    base: String,
}

impl HttpBankId {
    /// `tls` = `None` only for the double on loopback.
    pub fn new(base: &str, tls: Option<ClientTls>) -> Result<HttpBankId, String> {
        let mut builder = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .connect_timeout(Duration::from_secs(5))
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none());
        if let Some(tls) = tls {
            let identity = reqwest::Identity::from_pem(&tls.identity_pem)
                .map_err(|_| "the BankID client certificate does not load".to_owned())?;
            let ca = reqwest::Certificate::from_pem(&tls.ca_pem)
                .map_err(|_| "the BankID CA certificate does not load".to_owned())?;
            builder = builder
                .identity(identity)
                .tls_built_in_root_certs(false)
                .add_root_certificate(ca);
        }
        let client = builder.build().map_err(|e| format!("BankID client: {e}"))?;
        Ok(HttpBankId {
            client,
            base: base.trim_end_matches('/').to_owned(),
        })
    }

    async fn call(&self, path: &str, body: Value) -> Result<Value, BankIdError> {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .map_err(|e| BankIdError::Unreachable(kind(&e)))?;
        let status = response.status().as_u16();
        let text = response
            .text()
            .await
            .map_err(|e| BankIdError::Unreachable(kind(&e)))?;
        let value: Value = serde_json::from_str(&text)
            .map_err(|_| BankIdError::Protocol(format!("{status}, not JSON")))?;
        if (200..300).contains(&status) {
            return Ok(value);
        }
        Err(BankIdError::Api {
            status,
            code: ErrorCode::parse(value["errorCode"].as_str().unwrap_or_default()),
            details: value["details"].as_str().unwrap_or_default().to_owned(),
        })
    }
}

/// What went wrong, without the URL.
fn kind(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".into()
    } else if e.is_connect() {
        "could not connect".into()
    } else {
        "request failed".into()
    }
}

fn text(v: &Value, field: &str) -> Result<String, BankIdError> {
    v[field]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| BankIdError::Protocol(format!("no {field}")))
}

/// Reads a `/collect` answer.
pub fn read_collect(v: &Value) -> Result<Collected, BankIdError> {
    let status = CollectStatus::parse(v["status"].as_str().unwrap_or_default())
        .ok_or_else(|| BankIdError::Protocol("unknown status".into()))?;
    let hint = HintCode::parse(v["hintCode"].as_str().unwrap_or_default());
    Ok(match status {
        CollectStatus::Pending => Collected::Pending(hint),
        CollectStatus::Failed => Collected::Failed(hint),
        CollectStatus::Complete => {
            let data = &v["completionData"];
            let user = &data["user"];
            Collected::Complete(Completion {
                personal_number: text(user, "personalNumber")?,
                given_name: text(user, "givenName")?,
                surname: text(user, "surname")?,
                mrtd: data["stepUp"]["mrtd"].as_bool().unwrap_or(false),
            })
        }
    })
}

impl BankId for HttpBankId {
    fn auth<'a>(&'a self, r: &'a AuthRequest) -> BoxFuture<'a, Result<Started, BankIdError>> {
        Box::pin(async move {
            let mut body = json!({"endUserIp": r.end_user_ip.to_string()});
            let mut requirement = serde_json::Map::new();
            if let Some(pnr) = &r.personal_number {
                requirement.insert("personalNumber".into(), json!(pnr));
            }
            if r.mrtd {
                requirement.insert("mrtd".into(), json!(true));
            }
            if !requirement.is_empty() {
                body["requirement"] = Value::Object(requirement);
            }
            let v = self.call("/auth", body).await?;
            Ok(Started {
                order_ref: text(&v, "orderRef")?,
                auto_start_token: text(&v, "autoStartToken")?,
                qr_start_token: text(&v, "qrStartToken")?,
                qr_start_secret: text(&v, "qrStartSecret")?,
            })
        })
    }

    fn collect<'a>(&'a self, order_ref: &'a str) -> BoxFuture<'a, Result<Collected, BankIdError>> {
        Box::pin(async move {
            read_collect(
                &self
                    .call("/collect", json!({"orderRef": order_ref}))
                    .await?,
            )
        })
    }

    fn cancel<'a>(&'a self, order_ref: &'a str) -> BoxFuture<'a, Result<(), BankIdError>> {
        Box::pin(async move {
            self.call("/cancel", json!({"orderRef": order_ref}))
                .await
                .map(|_| ())
        })
    }
}
