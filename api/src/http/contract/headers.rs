//! Response headers in the contract: what every answer carries, and what each kind of answer
//! adds, declared once under `components/headers` and referenced from every response.

use serde_json::{json, Map, Value};

use crate::http::extract::IDEMPOTENCY_KEY;

/// The shared header definitions.
pub fn components() -> Value {
    json!({
        "X-Request-Id": {
            "description": "The request's id: yours if you sent a valid one, else a new one. Problems cite it as their `instance`; quote it when asking for help.",
            "schema": {"type": "string", "maxLength": 64, "pattern": "^[A-Za-z0-9._-]{1,64}$"}
        },
        "Access-Control-Allow-Origin": {
            "description": "Present when the request's `Origin` is one of the configured browser origins (`ID06_CORS_ALLOWED_ORIGINS`).",
            "schema": {"type": "string", "maxLength": 200}
        },
        "Content-Language": {
            "description": "The language of the answer's texts for people (problem `title`, `detail` and messages, reports): `sv` when `Accept-Language` prefers Swedish (`sv`, `sv-SE`, ...), else `en`. Codes are the same in every language.",
            "schema": {"type": "string", "enum": ["en", "sv"]}
        },
        "Vary": {
            "description": "`Accept-Language` (with `Origin` when browsers call): caches keep the languages apart.",
            "schema": {"type": "string", "maxLength": 100}
        },
        "Retry-After": {
            "description": "Seconds to wait before trying again.",
            "schema": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 86400}
        },
        "WWW-Authenticate": {
            "description": "How to authenticate: `Bearer realm=\"id06\"`, with `error=\"invalid_token\"` when a token was sent and refused.",
            "schema": {"type": "string", "maxLength": 200}
        },
        "WWW-Authenticate-Client": {
            "description": "How a machine client authenticates at the token endpoint: `Basic realm=\"id06\"` (RFC 6749 §5.2).",
            "schema": {"type": "string", "maxLength": 200, "pattern": "^Basic realm=\"id06\"$"}
        },
        "RateLimit-Policy": {
            "description": "The caller's request quota (IETF draft-ietf-httpapi-ratelimit-headers): the policy's name, `q` requests per `w` seconds, e.g. `\"person\";q=600;w=60`. Per signed-in person, per machine client (by role), per address without a token.",
            "schema": {"type": "string", "maxLength": 100, "pattern": "^\"[a-z_]+\";q=[0-9]+;w=[0-9]+$"}
        },
        "RateLimit": {
            "description": "What is left of the quota: `r` requests remain, the window resets in `t` seconds, e.g. `\"person\";r=598;t=42`.",
            "schema": {"type": "string", "maxLength": 100, "pattern": "^\"[a-z_]+\";r=[0-9]+;t=[0-9]+$"}
        },
        "ETag": {
            "description": "The version of the resource (an entity tag); send it back as `If-Match` or `If-None-Match`.",
            "schema": {"type": "string", "maxLength": 64}
        },
        "Location": {
            "description": "The URL of the created resource, relative to the server.",
            "schema": {"type": "string", "maxLength": 200, "pattern": "^/v1/[a-z0-9_/-]+$"}
        },
        "Idempotent-Replayed": {
            "description": "`true` when this is the saved answer to an earlier request with the same `Idempotency-Key`.",
            "schema": {"type": "string", "enum": ["true"]}
        }
    })
}

fn reference(name: &str) -> Value {
    json!({"$ref": format!("#/components/headers/{name}")})
}

/// Adds the header references to every response of every operation.
pub fn document(v: &mut Value) {
    let Some(paths) = v.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        // The token endpoint challenges machine clients with Basic, everything else with Bearer.
        let challenge = if path == "/v1/oauth/token" {
            "WWW-Authenticate-Client"
        } else {
            "WWW-Authenticate"
        };
        let Some(ops) = item.as_object_mut() else {
            continue;
        };
        for op in ops.values_mut() {
            let idempotent = op
                .get("parameters")
                .and_then(Value::as_array)
                .is_some_and(|ps| ps.iter().any(|p| p["name"] == IDEMPOTENCY_KEY));
            let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
                continue;
            };
            for (status, response) in responses.iter_mut() {
                let Some(r) = response.as_object_mut() else {
                    continue;
                };
                let headers = r
                    .entry("headers")
                    .or_insert_with(|| Value::Object(Map::new()));
                let Some(h) = headers.as_object_mut() else {
                    continue;
                };
                let has_etag = h.contains_key("ETag");
                let has_location = h.contains_key("Location");
                let mut add_as = |name: &str, component: &str| {
                    h.insert(name.to_owned(), reference(component));
                };
                let mut add = |name: &str| add_as(name, name);
                if has_etag {
                    add("ETag");
                }
                if has_location {
                    add("Location");
                }
                add("X-Request-Id");
                add("Content-Language");
                add("Vary");
                add("Access-Control-Allow-Origin");
                // Every response but the health probes' announces the quota.
                if !path.starts_with("/health/") {
                    add("RateLimit-Policy");
                    add("RateLimit");
                }
                match status.as_str() {
                    "401" => add_as("WWW-Authenticate", challenge),
                    "429" | "503" => add("Retry-After"),
                    s if s.starts_with('2') && idempotent => add("Idempotent-Replayed"),
                    _ => {}
                }
            }
        }
    }
}

/// Every operation's `Idempotency-Key` parameter becomes a reference to the one declaration
/// (run last: the passes before read the parameter by its name).
pub fn idempotency_key_once(v: &mut Value) {
    let mut declared: Option<Value> = None;
    super::for_each_parameter(v, |p| {
        if p["name"] == IDEMPOTENCY_KEY {
            declared.get_or_insert_with(|| p.clone());
            *p = reference_parameter("IdempotencyKey");
        }
    });
    if let Some(d) = declared {
        if let Some(params) = v
            .pointer_mut("/components/parameters")
            .and_then(Value::as_object_mut)
        {
            params.insert("IdempotencyKey".into(), d);
        }
    }
}

fn reference_parameter(name: &str) -> Value {
    serde_json::json!({ "$ref": format!("#/components/parameters/{name}") })
}
