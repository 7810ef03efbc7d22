//! Opaque list cursors: base64url of `<created_at micros>.<id>` of the last row of a page.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::DateTime;
use persistence::OrderCursor;

use crate::error::ApiError;

pub fn encode(c: &OrderCursor) -> String {
    URL_SAFE_NO_PAD.encode(format!(
        "{}.{}",
        c.created_at.and_utc().timestamp_micros(),
        c.id
    ))
}

pub fn decode(raw: &str) -> Result<OrderCursor, ApiError> {
    let invalid = || ApiError::BadRequest {
        code: "invalid_cursor",
        detail: "The cursor is not one this API returned.".into(),
    };
    let bytes = URL_SAFE_NO_PAD.decode(raw).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let (micros, id) = text.split_once('.').ok_or_else(invalid)?;
    let micros: i64 = micros.parse().map_err(|_| invalid())?;
    let created_at = DateTime::from_timestamp_micros(micros)
        .ok_or_else(invalid)?
        .naive_utc();
    if id.is_empty() || id.len() > 64 {
        return Err(invalid());
    }
    Ok(OrderCursor {
        created_at,
        id: id.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_garbage() {
        let c = OrderCursor {
            created_at: persistence::now(),
            id: "ord_0123456789abcdef01234567".into(),
        };
        assert_eq!(decode(&encode(&c)).ok(), Some(c));
        for bad in ["", "!!", "bm9kb3Q", "YWJjLmRlZg"] {
            assert!(decode(bad).is_err(), "{bad}");
        }
    }
}
