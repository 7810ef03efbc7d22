//! Requests checked against the contract they are served with: a body against its operation's
//! request schema, a query string against its parameters. Every violation is reported at once,
//! each naming its field by full path (`delivery_address.street`, `events[1]`), so a client learns
//! everything wrong with a request in one answer and the server can never accept less than the
//! contract promises. Rules beyond the schema (check digits, dates against today, cross-field
//! rules) run afterwards, in the handlers and use cases.
//!
//! Validators are compiled on first use of each operation: start-up stays fast.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::paths::LocationSegment;
use jsonschema::{JsonType, ValidationError, Validator};
use serde_json::{json, Map, Value};

use crate::app::FieldError;

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

/// The request schemas of every operation of the contract, by method and route pattern.
pub struct RequestSchemas {
    components: Arc<Value>,
    operations: HashMap<(String, String), Operation>,
}

impl RequestSchemas {
    pub fn from_spec(spec: &Value) -> RequestSchemas {
        let components = Arc::new(json!({ "schemas": spec["components"]["schemas"].clone() }));
        let mut operations = HashMap::new();
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
                operations.insert(
                    (method.to_ascii_uppercase(), path.clone()),
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

    /// What is wrong with the body of `method pattern` by its schema; empty when nothing is (or
    /// the contract has no body schema for it).
    pub fn check_body(&self, method: &str, pattern: &str, body: &Value) -> Vec<FieldError> {
        self.operations
            .get(&(method.to_owned(), pattern.to_owned()))
            .and_then(|op| op.body.as_ref())
            .map(|c| c.check(&self.components, body))
            .unwrap_or_default()
    }

    /// What is wrong with the query parameters the contract names; parameters it does not name
    /// are left to the handler's own reading.
    pub fn check_query(&self, method: &str, pattern: &str, query: &str) -> Vec<FieldError> {
        let Some(op) = self
            .operations
            .get(&(method.to_owned(), pattern.to_owned()))
        else {
            return Vec::new();
        };
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

/// `delivery_address.street`, `events[1]`; the body itself is `body`.
fn field_name<'a>(segments: impl Iterator<Item = LocationSegment<'a>>) -> String {
    let mut name = String::new();
    for s in segments {
        match s {
            LocationSegment::Property(p) => {
                if !name.is_empty() {
                    name.push('.');
                }
                name.push_str(&p);
            }
            LocationSegment::Index(i) => name.push_str(&format!("[{i}]")),
        }
    }
    if name.is_empty() {
        "body".to_owned()
    } else {
        name
    }
}

fn joined(parent: &str, child: &str) -> String {
    if parent == "body" {
        child.to_owned()
    } else {
        format!("{parent}.{child}")
    }
}

/// One schema violation as the problem's field errors. The value sent is never quoted back (it
/// may be a password).
fn report(e: &ValidationError<'_>, out: &mut Vec<FieldError>) {
    let field = field_name(e.instance_path().segments());
    let mut push = |field: String, code: &str, message: String| {
        out.push(FieldError::new(field, code, message))
    };
    match e.kind() {
        ValidationErrorKind::Required { property } => push(
            joined(&field, property.as_str().unwrap_or_default()),
            "required",
            "is required".into(),
        ),
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            for name in unexpected {
                push(
                    joined(&field, name),
                    "unknown_field",
                    "is not a field of this request".into(),
                );
            }
        }
        ValidationErrorKind::Type { kind } => {
            let message = if e.instance().is_null() {
                "may not be null".to_owned()
            } else {
                format!("must be {}", expected_types(kind))
            };
            push(field, "invalid_type", message)
        }
        ValidationErrorKind::Enum { options } => push(
            field,
            "invalid_value",
            format!("must be one of: {}", listed(options)),
        ),
        ValidationErrorKind::Constant { expected_value } => {
            push(field, "invalid_value", format!("must be {expected_value}"))
        }
        ValidationErrorKind::Format { format } => push(
            field,
            "invalid_format",
            format_message(format, e.instance()),
        ),
        ValidationErrorKind::MinLength { limit } => push(
            field,
            "length",
            format!("must be at least {limit} characters"),
        ),
        ValidationErrorKind::MaxLength { limit } => push(
            field,
            "length",
            format!("must be at most {limit} characters"),
        ),
        ValidationErrorKind::MinItems { limit } => {
            push(field, "length", format!("must have at least {limit} items"))
        }
        ValidationErrorKind::MaxItems { limit } => {
            push(field, "length", format!("must have at most {limit} items"))
        }
        ValidationErrorKind::UniqueItems => {
            push(field, "duplicate_item", "lists an item twice".into())
        }
        ValidationErrorKind::Pattern { .. } => push(
            field,
            "invalid_format",
            "does not have the form the contract gives for this field".into(),
        ),
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit } => {
            push(field, "out_of_range", format!("must be at least {limit}"))
        }
        ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => {
            push(field, "out_of_range", format!("must be at most {limit}"))
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            match the_meant_branch(context, e.instance()) {
                Some(errors) => errors.iter().for_each(|e| report(e, out)),
                None => push(
                    field,
                    "invalid_value",
                    "matches none of the forms this field may take".into(),
                ),
            }
        }
        _ => push(field, "invalid_value", "is not valid here".into()),
    }
}

/// Of the alternatives a value failed, the one the client meant: a nullable object or value
/// (`anyOf: [X, {type: null}]`) sent as something other than null meant X, so X's own errors
/// name the fields inside it. With more than one candidate, none is guessed.
fn the_meant_branch<'a, 'e>(
    context: &'a [Vec<ValidationError<'e>>],
    instance: &Value,
) -> Option<&'a Vec<ValidationError<'e>>> {
    let only_not_null = |errors: &Vec<ValidationError<'_>>| {
        errors.len() == 1
            && matches!(
                errors[0].kind(),
                ValidationErrorKind::Type {
                    kind: TypeKind::Single(JsonType::Null)
                }
            )
    };
    let candidates: Vec<_> = context
        .iter()
        .filter(|errors| instance.is_null() || !only_not_null(errors))
        .collect();
    match candidates.as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

fn expected_types(kind: &TypeKind) -> String {
    let name = |t: JsonType| match t {
        JsonType::Null => "null",
        JsonType::Boolean => "true or false",
        JsonType::Integer => "an integer",
        JsonType::Number => "a number",
        JsonType::String => "a string",
        JsonType::Array => "an array",
        JsonType::Object => "an object",
    };
    match kind {
        TypeKind::Single(t) => name(*t).to_owned(),
        TypeKind::Multiple(set) => set
            .iter()
            .filter(|t| *t != JsonType::Null)
            .map(name)
            .collect::<Vec<_>>()
            .join(" or "),
    }
}

fn listed(options: &Value) -> String {
    options
        .as_array()
        .into_iter()
        .flatten()
        .map(|o| o.as_str().map_or_else(|| o.to_string(), str::to_owned))
        .collect::<Vec<_>>()
        .join(", ")
}

fn format_message(format: &str, sent: &Value) -> String {
    match format {
        "date" => "must be a date, YYYY-MM-DD, that exists in the calendar".into(),
        "date-time" => {
            let hint = if sent.as_str().is_some_and(|s| s.contains(' ')) {
                " (a `+` in a query string reads as a space: send it as %2B)"
            } else {
                ""
            };
            format!("must be a date and time with its offset, RFC 3339{hint}")
        }
        other => format!("must be a valid {other}"),
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

    fn fields(errors: &[FieldError]) -> Vec<(String, String)> {
        errors
            .iter()
            .map(|e| (e.field.clone(), e.code.clone()))
            .collect()
    }

    #[test]
    fn every_violation_is_named_by_its_full_path() {
        let s = RequestSchemas::from_spec(&spec());
        let body = json!({
            "kind": "c", "on": "2026-02-30", "extra": 1,
            "address": {"street": ""}, "tags": ["x", ""]
        });
        let got = fields(&s.check_body("PATCH", "/v1/things/{id}", &body));
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
        let missing = fields(&s.check_body("PATCH", "/v1/things/{id}", &json!({"kind": null})));
        assert_eq!(
            missing,
            vec![("kind".to_owned(), "invalid_type".to_owned())]
        );
        assert!(s
            .check_body(
                "PATCH",
                "/v1/things/{id}",
                &json!({"kind": "a", "address": null})
            )
            .is_empty());
    }

    #[test]
    fn query_parameters_are_read_as_their_type_and_named() {
        let s = RequestSchemas::from_spec(&spec());
        let got = fields(&s.check_query(
            "PATCH",
            "/v1/things/{id}",
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
        assert!(s
            .check_query(
                "PATCH",
                "/v1/things/{id}",
                "limit=100&from=2026-01-01T00:00:00%2B01:00"
            )
            .is_empty());
    }
}
