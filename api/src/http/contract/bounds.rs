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
