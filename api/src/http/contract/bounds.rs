//! Bounds the derive cannot state: dates and times have a fixed length. Every other string,
//! array and integer is bounded where it is declared; the unit test finds any that is not.

use serde_json::Value;

/// Walks every schema and bounds the strings of a date or time format.
pub fn bound_formats(v: &mut Value) {
    match v {
        Value::Object(o) => {
            let is_string = o.get("type").is_some_and(|t| {
                t == "string"
                    || t.as_array()
                        .is_some_and(|a| a.iter().any(|x| x == "string"))
            });
            if is_string && !o.contains_key("maxLength") {
                let max = match o.get("format").and_then(Value::as_str) {
                    Some("date") => Some(10),
                    // RFC 3339 with microseconds and an offset.
                    Some("date-time") => Some(35),
                    _ => None,
                };
                if let Some(max) = max {
                    o.insert("maxLength".into(), max.into());
                }
            }
            for child in o.values_mut() {
                bound_formats(child);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(bound_formats),
        _ => {}
    }
}

/// JSON pointers of strings, arrays and integers without bounds (for the unit test).
#[cfg(test)]
pub fn unbounded(v: &Value, at: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            let ty = |name: &str| {
                o.get("type").is_some_and(|t| {
                    t == name || t.as_array().is_some_and(|a| a.iter().any(|x| x == name))
                })
            };
            let has = |k: &str| o.contains_key(k);
            let in_schema = !at.contains("/examples") && !at.ends_with("/example");
            if in_schema
                && ((ty("string") && !(has("maxLength") || has("enum") || has("const")))
                    || (ty("array") && !has("maxItems"))
                    || (ty("integer") && !(has("minimum") && has("maximum"))))
            {
                out.push(at.to_owned());
            }
            for (k, child) in o {
                if k != "example" && k != "examples" {
                    unbounded(child, &format!("{at}/{k}"), out);
                }
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                unbounded(child, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    /// The domain holds the limits of reasons and carriers; every request schema documents the
    /// same ones.
    #[test]
    fn reasons_and_shipments_are_bounded_as_the_domain_bounds_them() {
        fn walk(v: &Value, found: &mut Vec<(String, Option<u64>)>) {
            match v {
                Value::Object(o) => {
                    if let Some(props) = o.get("properties").and_then(Value::as_object) {
                        for (name, p) in props {
                            if ["reason", "carrier", "tracking_number"].contains(&name.as_str()) {
                                let max = p.get("maxLength").and_then(Value::as_u64);
                                found.push((name.clone(), max));
                            }
                        }
                    }
                    o.values().for_each(|x| walk(x, found));
                }
                Value::Array(a) => a.iter().for_each(|x| walk(x, found)),
                _ => {}
            }
        }
        let spec = super::super::spec();
        let mut found = Vec::new();
        for name in [
            "RejectRequest",
            "CancelRequest",
            "OperatorErasureRequest",
            "CardChangeRequest",
            "RefuseRequest",
            "ShipRequest",
        ] {
            let schema = spec.pointer(&format!("/components/schemas/{name}"));
            assert!(schema.is_some(), "{name}");
            walk(schema.unwrap_or(&Value::Null), &mut found);
        }
        let limit = |name: &str| match name {
            "reason" => domain::BoundedText::REASON_MAX_CHARS,
            "carrier" => domain::BoundedText::CARRIER_MAX_CHARS,
            _ => domain::BoundedText::TRACKING_NUMBER_MAX_CHARS,
        };
        assert!(found.len() >= 6, "{found:?}");
        for (name, max) in found {
            assert_eq!(max, Some(limit(&name) as u64), "{name}");
        }
    }
}
