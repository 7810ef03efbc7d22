//! Requests no route took: 405 with `Allow` when the path exists with other methods, else 404.
//! Which paths exist and with which methods is read from the contract, so the two cannot disagree.

use actix_web::http::Method;
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::Value;

use super::problem::ApiError;

/// Path templates of the contract and their methods.
pub struct RouteTable {
    routes: Vec<(Vec<Segment>, Vec<&'static str>)>,
}

enum Segment {
    Literal(String),
    Param,
}

impl RouteTable {
    pub fn from_spec(spec: &Value) -> RouteTable {
        let mut routes = Vec::new();
        for (path, item) in spec["paths"].as_object().into_iter().flatten() {
            let segments = path
                .trim_start_matches('/')
                .split('/')
                .map(|s| {
                    if s.starts_with('{') && s.ends_with('}') {
                        Segment::Param
                    } else {
                        Segment::Literal(s.to_owned())
                    }
                })
                .collect();
            let mut methods: Vec<&'static str> = ["GET", "POST", "PUT", "PATCH", "DELETE"]
                .into_iter()
                .filter(|m| item.get(m.to_ascii_lowercase()).is_some())
                .collect();
            // Every GET route answers HEAD too (the middleware routes it as GET).
            if methods.contains(&"GET") {
                methods.insert(1, "HEAD");
            }
            routes.push((segments, methods));
        }
        RouteTable { routes }
    }

    /// The methods of the path, if the contract has it.
    pub fn allowed(&self, path: &str) -> Option<Vec<&'static str>> {
        // Exactly one leading slash: `//v1/me` is no path of the contract.
        let parts: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
        self.routes.iter().find_map(|(segments, methods)| {
            let matches = segments.len() == parts.len()
                && segments.iter().zip(&parts).all(|(s, p)| match s {
                    Segment::Literal(l) => l == p,
                    Segment::Param => !p.is_empty(),
                });
            matches.then(|| methods.clone())
        })
    }
}

pub async fn not_routed(
    req: HttpRequest,
    committed: web::Data<crate::http::contract::Committed>,
) -> Result<HttpResponse, ApiError> {
    match committed.routes().allowed(req.path()) {
        Some(mut allow) => {
            if req.method() == Method::OPTIONS {
                allow.push("OPTIONS");
                return Ok(HttpResponse::NoContent()
                    .insert_header(("Allow", allow.join(", ")))
                    .finish());
            }
            allow.push("OPTIONS");
            Err(ApiError::MethodNotAllowed { allow })
        }
        None => Err(ApiError::not_found()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_templates() {
        let table = RouteTable::from_spec(&crate::http::contract::spec());
        assert_eq!(
            table.allowed("/v1/me/card-orders/ord_x/accept"),
            Some(vec!["POST"])
        );
        assert_eq!(
            table.allowed("/v1/me/contact-details"),
            Some(vec!["PUT", "PATCH"])
        );
        assert_eq!(table.allowed("/v1/me/card-orders//accept"), None);
        assert_eq!(table.allowed("/v1/nothing"), None);
    }
}
