//! JSON read as RFC 8259 says interoperable JSON is: an object's member names are unique. A body
//! naming a member twice is refused, because parsers disagree on which value counts (serde keeps
//! the last, others the first), and a proxy or signature check may have read the other one.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// The start of the error a repeated member name gives: how the caller tells it from a type error.
pub const DUPLICATE_MEMBER: &str = "duplicate member name";

/// Parses `bytes` into a value, refusing any object that names a member twice.
pub fn parse(bytes: &[u8]) -> Result<Value, serde_json::Error> {
    serde_json::from_slice::<Unique>(bytes).map(|u| u.0)
}

struct Unique(Value);

impl<'de> Deserialize<'de> for Unique {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(UniqueVisitor).map(Unique)
    }
}

struct UniqueVisitor;

impl<'de> Visitor<'de> for UniqueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Unique(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = Map::new();
        while let Some(name) = map.next_key::<String>()? {
            let Unique(value) = map.next_value()?;
            if members.contains_key(&name) {
                return Err(de::Error::custom(format!("{DUPLICATE_MEMBER} `{name}`")));
            }
            members.insert(name, value);
        }
        Ok(Value::Object(members))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_member_named_twice_is_refused_at_any_depth() {
        assert!(parse(br#"{"a": 1, "b": [true, null, 1.5, "x"], "c": {"d": {}}}"#).is_ok());
        for body in [
            &br#"{"a": 1, "a": 2}"#[..],
            br#"{"a": {"b": 1, "b": 1}}"#,
            br#"[{"x": 0, "x": 0}]"#,
        ] {
            let e = parse(body).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(e.starts_with(DUPLICATE_MEMBER), "{e}");
        }
        assert!(parse(b"{\"a\": 1,}").is_err());
    }
}
