//! Query strings: checked against the operation's parameters in the contract (each bad parameter
//! named, all at once), then read into the handler's type, whose errors name the parameter too.
//! Every list's filters come through here, so `?name=` is refused exactly when the contract says.

use std::future::{ready, Ready};
use std::ops::Deref;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use serde::de::DeserializeOwned;

use crate::http::problem::ApiError;
use crate::http::request_schema::RequestSchemas;
use app::texts::Text;
use app::FieldError;

/// The query string read as `T`.
pub struct Query<T>(pub T);

impl<T> Query<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for Query<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(read(req).map(Query))
    }
}

fn read<T: DeserializeOwned>(req: &HttpRequest) -> Result<T, ApiError> {
    let errors = RequestSchemas::query_errors(req);
    if !errors.is_empty() {
        return Err(ApiError::InvalidQuery { errors });
    }
    let pairs = form_urlencoded::parse(req.query_string().as_bytes());
    serde_path_to_error::deserialize(serde_urlencoded::Deserializer::new(pairs)).map_err(|e| {
        let message = e.inner().to_string();
        let named = message
            .split('`')
            .nth(1)
            .filter(|_| message.starts_with("unknown field"));
        let field = match (e.path().to_string(), named) {
            (_, Some(name)) => name.to_owned(),
            (path, None) if path != "." => path,
            _ => "query".to_owned(),
        };
        let (code, text) = if named.is_some() {
            ("unknown_parameter", Text::new("field-unknown_parameter"))
        } else {
            (
                "invalid_value",
                Text::new("field-invalid_value-detail").with("detail", message),
            )
        };
        ApiError::InvalidQuery {
            errors: vec![FieldError::new(field, code, text)],
        }
    })
}
