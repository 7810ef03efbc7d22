//! The token signing keys as a JSON Web Key Set (RFC 7517, keys per RFC 8037).

use serde::Serialize;
use utoipa::ToSchema;

use app::auth::token::PublicKey;

/// JSON Web Key Set.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Jwks {
    #[schema(max_items = 10)]
    pub keys: Vec<Jwk>,
}

/// An Ed25519 public key (RFC 8037).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", "kid": "k3Jq8Qm0c1s5Wb2e", "alg": "EdDSA", "use": "sig"}))]
pub struct Jwk {
    #[schema(max_length = 8)]
    pub kty: String,
    #[schema(max_length = 16)]
    pub crv: String,
    /// The public key, base64url.
    #[schema(max_length = 64)]
    pub x: String,
    #[schema(max_length = 64)]
    pub kid: String,
    #[schema(max_length = 16)]
    pub alg: String,
    #[serde(rename = "use")]
    #[schema(max_length = 8)]
    pub use_: String,
}

impl Jwks {
    pub fn of(keys: Vec<PublicKey>) -> Jwks {
        Jwks {
            keys: keys
                .into_iter()
                .map(|k| Jwk {
                    kty: "OKP".into(),
                    crv: "Ed25519".into(),
                    x: k.x,
                    kid: k.kid,
                    alg: "EdDSA".into(),
                    use_: "sig".into(),
                })
                .collect(),
        }
    }
}
