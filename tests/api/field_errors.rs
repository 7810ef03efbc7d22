//! Every error names its field: the served contract is walked, and for every write operation and
//! every field of its request body (nested objects and list items too) a body is sent that
//! breaks only that field. The answer must be a 422 naming exactly that path.

use id06_tests::{expect, TestApp, ADMIN_EMAIL};
use serde_json::{json, Map, Value};

/// A value for a path parameter the server would parse: the id prefixes of `domain::ids`.
fn path_value(name: &str, schema: &Value, example: &Value) -> String {
    if let Some(e) = example.as_str() {
        return e.to_owned();
    }
    let prefix = match name {
        "order_id" => {
            let p = schema["pattern"].as_str().unwrap_or_default();
            if p.starts_with("^vor_") {
                "vor"
            } else {
                "ord"
            }
        }
        "card_id" => "crd",
        "endpoint_id" => "whe",
        "delivery_id" => "whd",
        "invitation_id" => "inv",
        "member_id" => "mem",
        "attempt_id" => "bid",
        "account_id" => "acc",
        "token" => return "a".repeat(43),
        other => panic!("no value for path parameter {other}"),
    };
    format!("{prefix}_{}", "0".repeat(24))
}

/// `template` with each path parameter filled in.
fn concrete_path(spec: &Value, template: &str, op: &Value) -> String {
    let mut path = template.to_owned();
    for p in op["parameters"].as_array().into_iter().flatten() {
        let p = resolve(spec, p);
        if p["in"] == "path" {
            let name = p["name"].as_str().unwrap_or_default();
            let value = path_value(name, &p["schema"], &p["example"]);
            path = path.replace(&format!("{{{name}}}"), &value);
        }
    }
    path
}

fn resolve<'a>(spec: &'a Value, v: &'a Value) -> &'a Value {
    match v["$ref"].as_str().and_then(|r| r.strip_prefix('#')) {
        Some(p) => spec.pointer(p).map_or(v, |t| resolve(spec, t)),
        None => v,
    }
}

/// The object schema behind a property (a `$ref`, or `anyOf` of one and `null`).
fn object_schema<'a>(spec: &'a Value, v: &'a Value) -> Option<&'a Value> {
    let v = resolve(spec, v);
    if v["properties"].is_object() {
        return Some(v);
    }
    v["anyOf"]
        .as_array()?
        .iter()
        .map(|b| resolve(spec, b))
        .find(|b| b["properties"].is_object())
}

fn types(spec: &Value, v: &Value) -> Vec<String> {
    let v = resolve(spec, v);
    let mut out: Vec<String> = match &v["type"] {
        Value::String(t) => vec![t.clone()],
        Value::Array(ts) => ts
            .iter()
            .filter_map(|t| t.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    };
    for b in v["anyOf"].as_array().into_iter().flatten() {
        out.extend(types(spec, b));
    }
    if v["enum"].is_array() || v["pattern"].is_string() {
        out.push("string".into());
    }
    out
}

/// A value of a type the field does not take.
fn wrong_value(spec: &Value, v: &Value) -> Value {
    if types(spec, v).iter().any(|t| t == "string") {
        json!(12345)
    } else {
        json!("not this type")
    }
}

/// Every (path, body) pair: the example with one field broken.
fn broken_bodies(
    spec: &Value,
    schema: &Value,
    base: &Value,
    at: &str,
    out: &mut Vec<(String, Value)>,
) {
    let Some(object) = object_schema(spec, schema) else {
        return;
    };
    for (name, property) in object["properties"].as_object().into_iter().flatten() {
        let path = if at.is_empty() {
            name.clone()
        } else {
            format!("{at}.{name}")
        };
        let mut broken = base.clone();
        set(&mut broken, &path, wrong_value(spec, property));
        out.push((path.clone(), broken));
        // Inside a nested object (from the example, or its own schema's example).
        if let Some(inner) = object_schema(spec, property) {
            let mut filled = base.clone();
            if get(&filled, &path).is_none_or(|v| !v.is_object()) {
                let Some(example) = inner.get("example").filter(|e| e.is_object()) else {
                    continue;
                };
                set(&mut filled, &path, example.clone());
            }
            broken_bodies(spec, property, &filled, &path, out);
        }
        // The first item of a list of values.
        let items = &resolve(spec, property)["items"];
        if items.is_object() && object_schema(spec, items).is_none() {
            if let Some(list) = get(base, &path)
                .and_then(Value::as_array)
                .filter(|l| !l.is_empty())
            {
                let mut list = list.clone();
                list[0] = wrong_value(spec, items);
                let mut broken = base.clone();
                set(&mut broken, &path, Value::Array(list));
                out.push((format!("{path}[0]"), broken));
            }
        }
    }
}

fn get<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

fn set(v: &mut Value, path: &str, value: Value) {
    let mut parts: Vec<&str> = path.split('.').collect();
    let last = parts.pop().unwrap_or_default();
    let mut at = v;
    for p in parts {
        if !at[p].is_object() {
            at[p] = Value::Object(Map::new());
        }
        at = &mut at[p];
    }
    at[last] = value;
}

#[tokio::test]
async fn a_field_broken_alone_is_named_alone_in_every_write_operation() {
    let app = TestApp::spawn().await;
    let spec = expect(app.get("/api-docs/openapi.json", None).await, 200).await;
    let token = app.sign_in(ADMIN_EMAIL).await.access_token;
    let client = reqwest::Client::new();
    let mut walked = 0;
    let mut failures = Vec::new();
    for (template, item) in spec["paths"].as_object().into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            let Some((media, content)) = op["requestBody"]["content"]
                .as_object()
                .and_then(|c| c.iter().next())
            else {
                continue;
            };
            if !media.contains("json") {
                continue;
            }
            let schema = &content["schema"];
            let base = content
                .get("example")
                .or_else(|| resolve(&spec, schema).get("example"))
                .cloned()
                .unwrap_or_else(|| json!({}));
            let path = concrete_path(&spec, template, op);
            let mut cases = Vec::new();
            broken_bodies(&spec, schema, &base, "", &mut cases);
            for (field, body) in cases {
                walked += 1;
                let r = client
                    .request(
                        method.to_uppercase().parse().unwrap_or_default(),
                        app.url(&path),
                    )
                    .bearer_auth(&token)
                    .header("content-type", media.as_str())
                    .header("if-match", "\"1\"")
                    .body(body.to_string())
                    .send()
                    .await
                    .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
                let status = r.status().as_u16();
                let p: Value = r.json().await.unwrap_or_default();
                let named: Vec<&str> = p["errors"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|e| e["field"].as_str())
                    .collect();
                if status != 422 || named != [field.as_str()] {
                    failures.push(format!("{method} {template} `{field}`: {status} {named:?}"));
                }
            }
        }
    }
    assert!(walked > 100, "only {walked} fields walked");
    assert!(
        failures.is_empty(),
        "{} of {walked}:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn fields(p: &Value) -> Vec<&str> {
    p["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["field"].as_str())
        .collect()
}

#[tokio::test]
async fn one_answer_names_everything_wrong_nested_and_across_fields() {
    let app = TestApp::spawn().await;
    let token = app.sign_in(ADMIN_EMAIL).await.access_token;
    let far = chrono::Utc::now().date_naive() + chrono::Days::new(365 * 20);
    let body = json!({
        "given_names": "Jan", "surname": "Kowalski", "date_of_birth": "1981-12-19",
        "nationality": "PL", "cardholder_email": "jan@example.se", "cardholder_phone": "12",
        "valid_until": far.to_string(),
        "delivery_address": {"street": "", "postal_code": "2112", "city": "Malmö", "country": "SE"},
    });
    let r = app
        .post(
            "/v1/companies/cmp_de0000000000000000000001/card-orders",
            Some(&token),
            Some(body),
        )
        .await;
    let p = expect(r, 422).await;
    assert_eq!(
        fields(&p),
        [
            "cardholder_phone",
            "delivery_address.postal_code",
            "delivery_address.street",
            "valid_until"
        ],
        "{p}"
    );
    // A field missing inside an object is named by its full path.
    let visitor_order = |body: Value| {
        let (app, token) = (&app, &token);
        async move {
            let r = app
                .post(
                    "/v1/companies/cmp_de0000000000000000000001/visitor-card-orders",
                    Some(token),
                    Some(body),
                )
                .await;
            expect(r, 422).await
        }
    };
    let p = visitor_order(json!({"quantity": 3, "valid_until": far.to_string(), "delivery_address": {"street": "Storgatan 1", "city": "Umeå"}})).await;
    assert_eq!(
        fields(&p),
        ["delivery_address.country", "delivery_address.postal_code"],
        "{p}"
    );
    // A wrong type and an unknown value are named like any other field.
    let p = visitor_order(json!({"quantity": "three", "valid_until": "2026-02-30", "delivery_address": {"street": "Storgatan 1", "postal_code": "903 25", "city": "Umeå", "country": "XX"}})).await;
    assert_eq!(
        fields(&p),
        ["delivery_address.country", "quantity", "valid_until"],
        "{p}"
    );
}

#[tokio::test]
async fn a_bad_query_parameter_is_named() {
    let app = TestApp::spawn().await;
    let token = app.sign_in(ADMIN_EMAIL).await.access_token;
    let list = "/v1/companies/cmp_de0000000000000000000001/card-orders";
    // A raw `+` reads as a space: the offset is lost, and the answer says so.
    let r = app
        .get(
            &format!("{list}?created_from=2026-01-01T00:00:00+01:00&limit=x"),
            Some(&token),
        )
        .await;
    let p = expect(r, 400).await;
    assert_eq!(p["code"], "invalid_query");
    assert_eq!(fields(&p), ["created_from", "limit"], "{p}");
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("%2B")),
        "{p}"
    );
    // An empty filter is refused as the contract's minLength says.
    let p = expect(app.get(&format!("{list}?name="), Some(&token)).await, 400).await;
    assert_eq!(fields(&p), ["name"], "{p}");
    let ok = format!("{list}?created_from=2026-01-01T00:00:00%2B01:00");
    expect(app.get(&ok, Some(&token)).await, 200).await;
}

#[tokio::test]
async fn a_member_named_twice_is_refused_on_any_body() {
    let app = TestApp::spawn().await;
    let token = app.sign_in(ADMIN_EMAIL).await.access_token;
    let client = reqwest::Client::new();
    for (method, path, body) in [
        (
            "PUT",
            "/v1/me/contact-details",
            r#"{"street": "Storgatan 1", "street": "Annan 2", "postal_code": "903 25", "city": "Umeå", "country": "SE"}"#,
        ),
        (
            "POST",
            "/v1/me/card-orders/ord_000000000000000000000000/reject",
            r#"{"reason": "a", "reason": "b"}"#,
        ),
        (
            "POST",
            "/v1/companies",
            r#"{"name": "A", "delivery_address": {"city": "x", "city": "y"}}"#,
        ),
    ] {
        let r = client
            .request(method.parse().unwrap_or_default(), app.url(path))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        let p = expect(r, 400).await;
        assert_eq!(p["code"], "duplicate_member", "{path}: {p}");
    }
}

#[tokio::test]
async fn oversized_bodies_and_malformed_keys_are_answered_as_documented() {
    let app = TestApp::spawn().await;
    let spec = expect(app.get("/api-docs/openapi.json", None).await, 200).await;
    let token = app.sign_in(ADMIN_EMAIL).await.access_token;
    let big = format!("{{\"x\": \"{}\"}}", "a".repeat(70 * 1024));
    let mut failures = Vec::new();
    let mut sent = 0;
    for (template, item) in spec["paths"].as_object().into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            if !["post", "put", "patch"].contains(&method.as_str()) {
                continue;
            }
            let path = concrete_path(&spec, template, op);
            let media = op["requestBody"]["content"]
                .as_object()
                .and_then(|c| c.keys().next().cloned())
                .unwrap_or_else(|| "application/json".into());
            let keyed = op["parameters"].as_array().is_some_and(|ps| {
                ps.iter()
                    .any(|p| resolve(&spec, p)["name"] == "Idempotency-Key")
            });
            let too_long_key = "k".repeat(300);
            let mut cases = vec![("oversized body", big.clone(), None)];
            if keyed {
                cases.push((
                    "malformed key",
                    "{}".to_owned(),
                    Some(too_long_key.as_str()),
                ));
            }
            for (what, body, key) in cases {
                sent += 1;
                let mut r = app
                    .client
                    .request(
                        method.to_uppercase().parse().unwrap_or_default(),
                        app.url(&path),
                    )
                    .bearer_auth(&token)
                    .header("content-type", media.as_str())
                    .header("if-match", "\"1\"")
                    .body(body);
                if let Some(k) = key {
                    r = r.header("Idempotency-Key", k);
                }
                let r = r.send().await.unwrap_or_else(|e| panic!("{path}: {e}"));
                let status = r.status().as_u16().to_string();
                if op["responses"].get(&status).is_none() {
                    failures.push(format!("{what}: {method} {template} answered {status}"));
                }
            }
        }
    }
    assert!(sent > 40, "only {sent} requests");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
