//! The committed contract as the server serves it: built into the binary by `api/build.rs`,
//! read once on a thread at start, shared by every worker.

use std::io::Read as _;
use std::sync::OnceLock;

use actix_web::web::{self, Bytes};
use serde_json::Value;

use crate::http::fallback::RouteTable;
use crate::http::request_schema::RequestSchemas;

/// The committed contract, compact and gzipped, as the build script embeds it (`api/build.rs`).
/// The test `the_committed_contract_is_the_one_the_code_generates` holds it equal to [`super::spec`].
const COMMITTED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/openapi.json.gz"));

/// Refuses a binary built while the contract was unreadable (the build script embeds `null`).
pub fn check_committed() -> Result<(), String> {
    match env!("ID06_COMMITTED_CONTRACT") {
        "ok" => Ok(()),
        _ => Err(
            "the contract built into the binary was unreadable: rebuild after `make openapi`"
                .into(),
        ),
    }
}

/// What requests read from the committed contract: its text (`/api-docs/openapi.json`), the
/// route table (404 or 405) and the request schemas. Unpacking and parsing it is a fifth of
/// start-up's work, so a thread does it while the server gets ready (`read_in_background`); a
/// request that needs it sooner does it or waits for that thread. Shared by every worker.
#[derive(Default)]
pub struct Committed(OnceLock<Read>);

struct Read {
    text: Bytes,
    routes: RouteTable,
    schemas: RequestSchemas,
}

impl Committed {
    pub fn read_in_background(committed: &web::Data<Committed>) {
        let committed = committed.clone();
        // Without the thread the first request reads it.
        let _ = std::thread::Builder::new()
            .name("contract".into())
            .spawn(move || {
                committed.get();
            });
    }

    pub fn is_read(&self) -> bool {
        self.0.get().is_some()
    }

    /// Reads it now, or waits for the thread that is reading it.
    pub fn read(&self) {
        self.get();
    }

    fn get(&self) -> &Read {
        self.0.get_or_init(|| {
            let mut text = String::new();
            if let Err(e) = flate2::read::GzDecoder::new(COMMITTED).read_to_string(&mut text) {
                tracing::error!(error = %e, "the contract built into the binary does not unpack");
            }
            let spec = serde_json::from_str(&text).unwrap_or(Value::Null);
            Read {
                routes: RouteTable::from_spec(&spec),
                schemas: RequestSchemas::from_spec(&spec),
                text: text.into(),
            }
        })
    }

    pub fn routes(&self) -> &RouteTable {
        &self.get().routes
    }

    pub fn schemas(&self) -> &RequestSchemas {
        &self.get().schemas
    }
}

/// `GET /api-docs/openapi.json`: the contract, for Swagger UI and generated clients.
pub async fn serve(committed: web::Data<Committed>) -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok()
        .content_type("application/json")
        .body(committed.get().text.clone())
}
