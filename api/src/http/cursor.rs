//! List cursors: `<created_at micros>.<id>` of the last row of a page. Clients treat them as
//! opaque; the contract publishes [`PATTERN`], and every string it matches is a valid cursor.

use chrono::DateTime;
use persistence::OrderCursor;

use crate::http::problem::{ApiError, ProblemCode};
use domain::OrderId;

pub const PATTERN: &str = "^[0-9]{1,16}[.]ord_[0-9a-f]{24}$";

pub fn encode(c: &OrderCursor) -> String {
    format!(
        "{}.{}",
        c.created_at.and_utc().timestamp_micros().max(0),
        c.id
    )
}

pub fn decode(raw: &str) -> Result<OrderCursor, ApiError> {
    let invalid = || ApiError::BadRequest {
        code: ProblemCode::InvalidCursor,
        detail: "The cursor is not one this API returned.".into(),
    };
    let (micros, id) = raw.split_once('.').ok_or_else(invalid)?;
    if micros.is_empty() || micros.len() > 16 || !micros.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    let id = OrderId::parse(id).ok_or_else(invalid)?;
    let micros: i64 = micros.parse().map_err(|_| invalid())?;
    let created_at = DateTime::from_timestamp_micros(micros)
        .ok_or_else(invalid)?
        .naive_utc();
    Ok(OrderCursor { created_at, id })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_garbage() {
        let c = OrderCursor {
            created_at: persistence::now(),
            id: OrderId::parse("ord_0123456789abcdef01234567").unwrap_or_else(|| panic!("id")),
        };
        assert_eq!(decode(&encode(&c)).ok(), Some(c));
        assert!(
            decode("9999999999999999.ord_0123456789abcdef01234567").is_ok(),
            "every pattern match decodes"
        );
        for bad in [
            "",
            "!!",
            "1.",
            ".ord_0123456789abcdef01234567",
            "12345678901234567.ord_0123456789abcdef01234567",
            "1.ord_x",
        ] {
            assert!(decode(bad).is_err(), "{bad}");
        }
    }
}
