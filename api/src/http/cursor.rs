//! List cursors: `<created_at micros>.<the random part of the id>` of the last row of a page.
//! Clients treat them as opaque; the contract publishes [`PATTERN`], and every string it matches
//! is a valid cursor of any list (the list knows which kind of id it continues after).

use chrono::{DateTime, NaiveDateTime};
use persistence::OrderCursor;

use crate::http::problem::{ApiError, ProblemCode};
use domain::OrderId;

pub const PATTERN: &str = "^[0-9]{1,16}[.][0-9a-f]{24}$";

/// The cursor after a row created at `created_at` with the (prefixed) id `id`.
pub fn encode_after(created_at: NaiveDateTime, id: &str) -> String {
    let random = id.split_once('_').map_or(id, |(_, r)| r);
    format!(
        "{}.{random}",
        created_at.and_utc().timestamp_micros().max(0)
    )
}

pub fn encode(c: &OrderCursor) -> String {
    encode_after(c.created_at, c.id.as_str())
}

/// The position a cursor names: a time and the id with `prefix` (`ord`, `vor`, `inv`).
pub fn decode_as(raw: &str, prefix: &str) -> Result<(NaiveDateTime, String), ApiError> {
    let invalid = || ApiError::BadRequest {
        code: ProblemCode::InvalidCursor,
        detail: app::texts::Text::new("problem-invalid-cursor"),
    };
    let (micros, random) = raw.split_once('.').ok_or_else(invalid)?;
    if micros.is_empty() || micros.len() > 16 || !micros.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    let id = format!("{prefix}_{random}");
    if !domain::is_id(&id, prefix) {
        return Err(invalid());
    }
    let micros: i64 = micros.parse().map_err(|_| invalid())?;
    let created_at = DateTime::from_timestamp_micros(micros)
        .ok_or_else(invalid)?
        .naive_utc();
    Ok((created_at, id))
}

/// A page size from `?limit=`: 1 to 100, 20 when absent; 400 otherwise.
pub fn page_limit(limit: Option<u32>) -> Result<u32, ApiError> {
    let limit = limit.unwrap_or(20);
    if (1..=100).contains(&limit) {
        Ok(limit)
    } else {
        Err(ApiError::BadRequest {
            code: ProblemCode::InvalidLimit,
            detail: app::texts::Text::new("problem-invalid-limit"),
        })
    }
}

/// The `next_cursor` of a page: after its last row, when there are more.
pub fn next(has_more: bool, last: Option<(NaiveDateTime, &str)>) -> Option<String> {
    last.filter(|_| has_more)
        .map(|(created_at, id)| encode_after(created_at, id))
}

/// The form of [`encode_with_id`] cursors, as the contract states it.
pub const PATTERN_WITH_ID: &str = "^[0-9]{1,16}[.](ord|vor)_[0-9a-f]{24}$";

/// A cursor over rows of several kinds (the production queue): the time and the whole id.
pub fn encode_with_id(at: NaiveDateTime, id: &str) -> String {
    format!("{}.{id}", at.and_utc().timestamp_micros().max(0))
}

/// The position a [`encode_with_id`] cursor names, if its id has one of `prefixes`.
pub fn decode_with_id(raw: &str, prefixes: &[&str]) -> Result<(NaiveDateTime, String), ApiError> {
    let invalid = || ApiError::BadRequest {
        code: ProblemCode::InvalidCursor,
        detail: app::texts::Text::new("problem-invalid-cursor"),
    };
    let (micros, id) = raw.split_once('.').ok_or_else(invalid)?;
    let prefix = id.split_once('_').map(|(p, _)| p).ok_or_else(invalid)?;
    if !prefixes.contains(&prefix) || !domain::is_id(id, prefix) {
        return Err(invalid());
    }
    if micros.is_empty() || micros.len() > 16 || !micros.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    let at = micros
        .parse()
        .ok()
        .and_then(DateTime::from_timestamp_micros)
        .ok_or_else(invalid)?
        .naive_utc();
    Ok((at, id.to_owned()))
}

pub fn decode(raw: &str) -> Result<OrderCursor, ApiError> {
    let (created_at, id) = decode_as(raw, OrderId::PREFIX)?;
    let id = OrderId::parse(&id).ok_or(ApiError::BadRequest {
        code: ProblemCode::InvalidCursor,
        detail: app::texts::Text::new("problem-invalid-cursor"),
    })?;
    Ok(OrderCursor { created_at, id })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_with_ids_round_trip_and_match_the_contract() {
        let at = persistence::now();
        let id = "vor_0123456789abcdef01234567";
        let c = encode_with_id(at, id);
        let re = regex::Regex::new(PATTERN_WITH_ID).unwrap_or_else(|e| panic!("{e}"));
        assert!(re.is_match(&c), "{c}");
        let (back, back_id) =
            decode_with_id(&c, &["ord", "vor"]).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((back, back_id.as_str()), (at, id));
        assert!(decode_with_id(&c, &["ord"]).is_err());
        assert!(decode_with_id("1.ord_xyz", &["ord"]).is_err());
        let spec = crate::http::contract::spec();
        let params = spec["paths"]["/v1/production/queue"]["get"]["parameters"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let cursor = params.iter().find(|p| p["name"] == "cursor").cloned();
        assert_eq!(
            cursor.map(|p| p["schema"]["pattern"].clone()),
            Some(serde_json::json!(PATTERN_WITH_ID))
        );
    }

    #[test]
    fn round_trip_and_garbage() {
        let c = OrderCursor {
            created_at: persistence::now(),
            id: OrderId::parse("ord_0123456789abcdef01234567").unwrap_or_else(|| panic!("id")),
        };
        assert_eq!(decode(&encode(&c)).ok(), Some(c));
        assert!(
            decode("9999999999999999.0123456789abcdef01234567").is_ok(),
            "every pattern match decodes"
        );
        assert_eq!(
            decode_as("5.0123456789abcdef01234567", "vor")
                .ok()
                .map(|c| c.1),
            Some("vor_0123456789abcdef01234567".to_owned())
        );
        for bad in [
            "",
            "!!",
            "1.",
            ".0123456789abcdef01234567",
            "12345678901234567.0123456789abcdef01234567",
            "1.ord_0123456789abcdef01234567",
            "1.x",
        ] {
            assert!(decode(bad).is_err(), "{bad}");
        }
    }
}
