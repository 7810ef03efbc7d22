//! The one reader of `Authorization: Bearer <token>`: the request extractor, the quota and
//! `/metrics` read the header alike. The scheme is case-insensitive (RFC 9110 §11.1), so
//! `bearer <token>` is the same caller everywhere.

use actix_web::http::header::{HeaderMap, AUTHORIZATION};

/// The bearer token of the request, if it sends one.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::HeaderValue;

    fn with(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Ok(v) = HeaderValue::from_str(value) {
            h.insert(AUTHORIZATION, v);
        }
        h
    }

    #[test]
    fn the_scheme_is_case_insensitive_and_the_token_required() {
        for v in ["Bearer abc", "bearer abc", "BEARER abc", "BeArEr   abc "] {
            assert_eq!(bearer(&with(v)), Some("abc"), "{v}");
        }
        for v in ["Basic abc", "Bearer", "Bearer ", "Bearerabc", ""] {
            assert_eq!(bearer(&with(v)), None, "{v}");
        }
        assert_eq!(bearer(&HeaderMap::new()), None);
    }
}
