//! Builds the committed contract into the binary, compact and gzipped (1 MB of JSON is 0.1 MB so):
//! the server serves it and reads its request schemas from it, instead of generating the
//! contract at every start (a third of start-up's work, issue 21). The contract test holds the
//! committed file equal to what the code generates, so the two cannot drift apart on `main`.

use std::io::Write;
use std::path::Path;

fn main() {
    // Relative relocations packed (DT_RELR; glibc 2.36 and binutils 2.38 on, Debian 12 has both):
    // 1.5 MB less binary, and less for the dynamic loader to do at every start.
    println!("cargo:rustc-link-arg-bin=id06-api=-Wl,-z,pack-relative-relocs");
    let committed = Path::new("../openapi/openapi.json");
    println!("cargo:rerun-if-changed={}", committed.display());
    let text = std::fs::read_to_string(committed).unwrap_or_default();
    // An unreadable contract (being rewritten by `make openapi`) builds as `null`, and a server
    // built so refuses to start and says why (`contract::check_committed`).
    let (compact, state) = match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(v) if v.is_object() => (v.to_string(), "ok"),
        _ => ("null".to_owned(), "unreadable"),
    };
    println!("cargo:rustc-env=ID06_COMMITTED_CONTRACT={state}");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zipped = gz
        .write_all(compact.as_bytes())
        .and_then(|()| gz.finish())
        .unwrap_or_else(|e| panic!("the embedded contract: {e}"));
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".to_owned());
    if let Err(e) = std::fs::write(Path::new(&out).join("openapi.json.gz"), zipped) {
        panic!("the embedded contract: {e}");
    }
}
