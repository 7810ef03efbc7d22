//! JSON integers as JSON Schema reads them: `86400` and `86400.0` are the same integer (a number
//! without a fractional part), so a client whose JSON library writes every number as a float is
//! not refused; `1.5` still is.

use serde::de::Error;
use serde::{Deserialize, Deserializer};
use serde_json::Number;

fn whole<E: Error>(n: &Number) -> Result<i64, E> {
    if let Some(i) = n.as_i64() {
        return Ok(i);
    }
    match n.as_f64() {
        // 2^63 as f64: anything at or above it is out of range.
        Some(f) if f.fract() == 0.0 && f.abs() < 9.223_372_036_854_776e18 => Ok(f as i64),
        _ => Err(E::custom(format!(
            "invalid value: {n}, expected an integer"
        ))),
    }
}

pub fn optional_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Option::<Number>::deserialize(d)?
        .map(|n| whole(&n))
        .transpose()
}

pub fn i32<'de, D: Deserializer<'de>>(d: D) -> Result<i32, D::Error> {
    let n = whole(&Number::deserialize(d)?)?;
    i32::try_from(n).map_err(|_| D::Error::custom(format!("invalid value: {n}, out of range")))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Body {
        #[serde(default, deserialize_with = "super::optional_i64")]
        secs: Option<i64>,
        #[serde(deserialize_with = "super::i32")]
        n: i32,
    }

    fn parse(s: &str) -> Result<(Option<i64>, i32), String> {
        serde_json::from_str::<Body>(s)
            .map(|b| (b.secs, b.n))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn integral_floats_are_integers_and_fractions_are_not() {
        assert_eq!(
            parse(r#"{"secs": 516460.0, "n": 10.0}"#),
            Ok((Some(516460), 10))
        );
        assert_eq!(parse(r#"{"n": 3}"#), Ok((None, 3)));
        assert_eq!(parse(r#"{"secs": null, "n": -2}"#), Ok((None, -2)));
        assert!(parse(r#"{"n": 1.5}"#).is_err());
        assert!(parse(r#"{"n": 1e300}"#).is_err());
        assert!(parse(r#"{"n": 3000000000}"#).is_err());
        assert!(parse(r#"{"n": "3"}"#).is_err());
    }
}
