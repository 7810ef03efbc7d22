//! The contract's view of `app::ProblemCode`: a string enum of every code, under the name
//! `ProblemCode` (the application crate knows no contract generator).

use std::borrow::Cow;

use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaType, Type};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

pub use app::ProblemCode;

/// The schema of [`ProblemCode`] (use as `#[schema(value_type = ProblemCodeSchema)]`).
pub struct ProblemCodeSchema;

impl PartialSchema for ProblemCodeSchema {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::String))
            .description(Some("Every `code` a problem can carry."))
            .enum_values(Some(ProblemCode::ALL.iter().map(|c| c.as_str())))
            .into()
    }
}

impl ToSchema for ProblemCodeSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("ProblemCode")
    }
}
