//! Requests checked against the contract they are served with: a body against its operation's
//! request schema, a query string against its parameters. Every violation is reported at once,
//! each naming its field by full path (`delivery_address.street`, `events[1]`), so a client learns
//! everything wrong with a request in one answer and the server can never accept less than the
//! contract promises. Rules beyond the schema (check digits, dates against today, cross-field
//! rules) run afterwards, in the handlers and use cases.
//!
//! Validators are compiled on first use of each operation: start-up stays fast.

mod report;

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use actix_web::{web, HttpRequest};
use jsonschema::Validator;
use serde_json::{json, Map, Value};

use app::FieldError;
use report::report;

/// One operation's schemas, compiled when first needed.
struct Operation {
    body: Option<Checker>,
    query: Option<Checker>,
    /// Query parameters by name, with the JSON type their text is read as.
    query_types: HashMap<String, Reading>,
}

struct Checker {
    schema: Value,
    compiled: OnceLock<Option<Validator>>,
}

/// How a query parameter's text becomes a JSON value before it is checked.
#[derive(Clone, Copy)]
enum Reading {
    Text,
    Integer,
    Boolean,
}

/// The request schemas of every operation of the contract, by route pattern and method (looked
/// up with the request's own strings: nothing is allocated to find one).
pub struct RequestSchemas {
    components: Arc<Value>,
    operations: HashMap<String, HashMap<String, Operation>>,
}

impl RequestSchemas {
    pub fn from_spec(spec: &Value) -> RequestSchemas {
        let components = Arc::new(json!({ "schemas": spec["components"]["schemas"].clone() }));
        let mut operations: HashMap<String, HashMap<String, Operation>> = HashMap::new();
        for (path, item) in spec["paths"].as_object().into_iter().flatten() {
            for (method, op) in item.as_object().into_iter().flatten() {
                let body = op["requestBody"]["content"]
                    .as_object()
                    .and_then(|c| c.values().next())
                    .map(|media| media["schema"].clone())
                    .filter(|s| !s.is_null())
                    .map(Checker::new);
                let mut properties = Map::new();
                let mut query_types = HashMap::new();
                for p in op["parameters"].as_array().into_iter().flatten() {
                    let p = resolve(spec, p);
                    if p["in"] != "query" {
                        continue;
                    }
                    let Some(name) = p["name"].as_str() else {
                        continue;
                    };
                    let schema = resolve(spec, &p["schema"]);
                    query_types.insert(name.to_owned(), Reading::of(schema));
                    properties.insert(name.to_owned(), p["schema"].clone());
                }
                let query = (!properties.is_empty())
                    .then(|| Checker::new(json!({"type": "object", "properties": properties})));
                operations.entry(path.clone()).or_default().insert(
                    method.to_ascii_uppercase(),
                    Operation {
                        body,
                        query,
                        query_types,
                    },
                );
            }
        }
        RequestSchemas {
            components,
            operations,
        }
    }

    /// What is wrong with the body of `req` by its operation's schema; empty when nothing is (or
    /// the contract has no body schema for it, or the server was built without the contract).
    pub fn body_errors(req: &HttpRequest, body: &Value) -> Vec<FieldError> {
        Self::of_request(req, |schemas, op| {
            op.body.as_ref().map(|c| c.check(&schemas.components, body))
        })
    }

    /// What is wrong with the query parameters of `req` the contract names; parameters it does
    /// not name are left to the handler's own reading.
    pub fn query_errors(req: &HttpRequest) -> Vec<FieldError> {
        Self::of_request(req, |schemas, op| {
            Some(schemas.check_query(op, req.query_string()))
        })
    }

    /// `f` with the operation `req` was routed to.
    fn of_request(
        req: &HttpRequest,
        f: impl FnOnce(&RequestSchemas, &Operation) -> Option<Vec<FieldError>>,
    ) -> Vec<FieldError> {
        let Some(committed) = req.app_data::<web::Data<crate::http::contract::Committed>>() else {
            return Vec::new();
        };
        let schemas = committed.schemas();
        let op = req.match_pattern().and_then(|pattern| {
            schemas
                .operations
                .get(&pattern)
                .and_then(|by_method| by_method.get(req.method().as_str()))
        });
        op.and_then(|op| f(schemas, op)).unwrap_or_default()
    }

    fn check_query(&self, op: &Operation, query: &str) -> Vec<FieldError> {
        let Some(checker) = op.query.as_ref() else {
            return Vec::new();
        };
        let mut values = Map::new();
        for (name, text) in form_urlencoded::parse(query.as_bytes()) {
            if let Some(reading) = op.query_types.get(name.as_ref()) {
                values.insert(name.into_owned(), reading.read(&text));
            }
        }
        checker.check(&self.components, &Value::Object(values))
    }
}

impl Reading {
    fn of(schema: &Value) -> Reading {
        let is = |t: &str| {
            schema["type"] == t
                || schema["type"]
                    .as_array()
                    .is_some_and(|a| a.contains(&json!(t)))
        };
        if is("integer") {
            Reading::Integer
        } else if is("boolean") {
            Reading::Boolean
        } else {
            Reading::Text
        }
    }

    /// Text that is not of the parameter's type stays text, so the check reports the type.
    fn read(self, text: &str) -> Value {
        match self {
            Reading::Integer => text
                .parse::<i64>()
                .map_or_else(|_| json!(text), Value::from),
            Reading::Boolean => match text {
                "true" => json!(true),
                "false" => json!(false),
                _ => json!(text),
            },
            Reading::Text => json!(text),
        }
    }
}

/// A parameter given as `{"$ref": "#/components/parameters/X"}` is looked up.
fn resolve<'a>(spec: &'a Value, v: &'a Value) -> &'a Value {
    match v["$ref"].as_str().and_then(|r| r.strip_prefix('#')) {
        Some(pointer) => spec.pointer(pointer).unwrap_or(v),
        None => v,
    }
}

impl Checker {
    fn new(schema: Value) -> Checker {
        Checker {
            schema,
            compiled: OnceLock::new(),
        }
    }

    fn check(&self, components: &Value, instance: &Value) -> Vec<FieldError> {
        let compiled = self.compiled.get_or_init(|| {
            let mut root = json!({
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "allOf": [self.schema.clone()],
            });
            root["components"] = components.clone();
            jsonschema::draft202012::options()
                .should_validate_formats(true)
                .build(&root)
                .map_err(|e| tracing::error!(error = %e, "a request schema of the contract does not compile"))
                .ok()
        });
        let Some(validator) = compiled else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for e in validator.iter_errors(instance) {
            report(&e, &mut out);
        }
        // A value of the wrong type breaks every other rule of its field too: say the cause only.
        let mistyped: Vec<String> = out
            .iter()
            .filter(|e| e.code == "invalid_type")
            .map(|e| e.field.clone())
            .collect();
        out.retain(|e| e.code == "invalid_type" || !mistyped.contains(&e.field));
        // One entry per field, the most basic finding first: an empty street is "too short",
        // not also "of the wrong form".
        let rank = |code: &str| match code {
            "invalid_type" => 0,
            "required" | "unknown_field" => 1,
            "length" => 2,
            _ => 3,
        };
        out.sort_by(|a, b| {
            a.field
                .cmp(&b.field)
                .then(rank(&a.code).cmp(&rank(&b.code)))
        });
        out.dedup_by(|a, b| a.field == b.field);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> Value {
        json!({
            "paths": {"/v1/things/{id}": {
                "patch": {
                    "parameters": [{"in": "query", "name": "limit", "schema": {"type": "integer", "maximum": 100}},
                                   {"in": "query", "name": "from", "schema": {"type": "string", "format": "date-time"}},
                                   {"in": "query", "name": "name", "schema": {"type": "string", "minLength": 1}}],
                    "requestBody": {"content": {"application/merge-patch+json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}
                }
            }},
            "components": {"schemas": {
                "Thing": {
                    "type": "object", "additionalProperties": false, "required": ["kind"],
                    "properties": {
                        "kind": {"type": "string", "enum": ["a", "b"]},
                        "on": {"type": ["string", "null"], "format": "date"},
                        "address": {"anyOf": [{"$ref": "#/components/schemas/Address"}, {"type": "null"}]},
                        "tags": {"type": "array", "items": {"type": "string", "minLength": 1}}
                    }
                },
                "Address": {
                    "type": "object", "additionalProperties": false, "required": ["street", "postal_code"],
                    "properties": {"street": {"type": "string", "minLength": 1}, "postal_code": {"type": "string"}}
                }
            }}
        })
    }

    fn op(s: &RequestSchemas) -> &Operation {
        &s.operations["/v1/things/{id}"]["PATCH"]
    }

    fn body_errors(s: &RequestSchemas, b: &Value) -> Vec<FieldError> {
        op(s)
            .body
            .as_ref()
            .map(|c| c.check(&s.components, b))
            .unwrap_or_default()
    }

    fn query_errors(s: &RequestSchemas, q: &str) -> Vec<FieldError> {
        s.check_query(op(s), q)
    }

    fn fields(errors: &[FieldError]) -> Vec<(String, String)> {
        errors
            .iter()
            .map(|e| (e.field.clone(), e.code.clone()))
            .collect()
    }

    #[test]
    fn every_violation_is_named_by_its_full_path() {
        let s = RequestSchemas::from_spec(&spec());
        let sent = json!({
            "kind": "c", "on": "2026-02-30", "extra": 1,
            "address": {"street": ""}, "tags": ["x", ""]
        });
        let got = fields(&body_errors(&s, &sent));
        let want = [
            ("address.postal_code", "required"),
            ("address.street", "length"),
            ("extra", "unknown_field"),
            ("kind", "invalid_value"),
            ("on", "invalid_format"),
            ("tags[1]", "length"),
        ];
        assert_eq!(
            got,
            want.map(|(f, c)| (f.to_owned(), c.to_owned())).to_vec()
        );
        let missing = fields(&body_errors(&s, &json!({"kind": null})));
        assert_eq!(
            missing,
            vec![("kind".to_owned(), "invalid_type".to_owned())]
        );
        assert!(body_errors(&s, &json!({"kind": "a", "address": null})).is_empty());
    }

    #[test]
    fn query_parameters_are_read_as_their_type_and_named() {
        let s = RequestSchemas::from_spec(&spec());
        let got = fields(&query_errors(
            &s,
            "limit=many&from=2026-01-01T00:00:00+01:00&name=&other=1",
        ));
        assert_eq!(
            got,
            vec![
                ("from".to_owned(), "invalid_format".to_owned()),
                ("limit".to_owned(), "invalid_type".to_owned()),
                ("name".to_owned(), "length".to_owned()),
            ]
        );
        assert!(query_errors(&s, "limit=100&from=2026-01-01T00:00:00%2B01:00").is_empty());
    }
}
