//! A schema violation as the problem's field errors: named by full path, with a code and a
//! message of our own (the value sent is never quoted back: it may be a password).

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::paths::LocationSegment;
use jsonschema::{JsonType, ValidationError};
use serde_json::Value;

use app::texts::Text;
use app::FieldError;

/// `delivery_address.street`, `events[1]`; the body itself is `body`.
fn field_name<'a>(segments: impl Iterator<Item = LocationSegment<'a>>) -> String {
    let mut name = String::new();
    for s in segments {
        match s {
            LocationSegment::Property(p) => {
                if !name.is_empty() {
                    name.push('.');
                }
                name.push_str(&p);
            }
            LocationSegment::Index(i) => name.push_str(&format!("[{i}]")),
        }
    }
    if name.is_empty() {
        "body".to_owned()
    } else {
        name
    }
}

fn joined(parent: &str, child: &str) -> String {
    if parent == "body" {
        child.to_owned()
    } else {
        format!("{parent}.{child}")
    }
}

/// One schema violation as the problem's field errors. The value sent is never quoted back (it
/// may be a password).
pub(super) fn report(e: &ValidationError<'_>, out: &mut Vec<FieldError>) {
    let field = field_name(e.instance_path().segments());
    let mut push =
        |field: String, code: &str, message: Text| out.push(FieldError::new(field, code, message));
    let t = Text::new;
    match e.kind() {
        ValidationErrorKind::Required { property } => push(
            joined(&field, property.as_str().unwrap_or_default()),
            "required",
            t("field-required"),
        ),
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            for name in unexpected {
                push(
                    joined(&field, name),
                    "unknown_field",
                    t("field-unknown_field"),
                );
            }
        }
        ValidationErrorKind::Type { kind } => {
            let message = if e.instance().is_null() {
                t("field-not-null")
            } else {
                t("field-invalid_type").with("expected", expected_types(kind))
            };
            push(field, "invalid_type", message)
        }
        ValidationErrorKind::Enum { options } => push(
            field,
            "invalid_value",
            t("field-one-of").with("options", listed(options)),
        ),
        ValidationErrorKind::Constant { expected_value } => push(
            field,
            "invalid_value",
            t("field-constant").with("value", expected_value.to_string()),
        ),
        ValidationErrorKind::Format { format } => push(
            field,
            "invalid_format",
            format_message(format, e.instance()),
        ),
        ValidationErrorKind::MinLength { limit } => {
            push(field, "length", t("field-length-min").with("min", *limit))
        }
        ValidationErrorKind::MaxLength { limit } => {
            push(field, "length", t("field-length-max").with("max", *limit))
        }
        ValidationErrorKind::MinItems { limit } => {
            push(field, "length", t("field-items-min").with("min", *limit))
        }
        ValidationErrorKind::MaxItems { limit } => {
            push(field, "length", t("field-items-max").with("max", *limit))
        }
        ValidationErrorKind::UniqueItems => {
            push(field, "duplicate_item", t("field-duplicate_item"))
        }
        ValidationErrorKind::Pattern { .. } => push(field, "invalid_format", t("field-pattern")),
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit } => push(
            field,
            "out_of_range",
            t("field-minimum").with("min", limit.to_string()),
        ),
        ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => push(
            field,
            "out_of_range",
            t("field-maximum").with("max", limit.to_string()),
        ),
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            match the_meant_branch(context, e.instance()) {
                Some(errors) => errors.iter().for_each(|e| report(e, out)),
                None => push(field, "invalid_value", t("field-no-form")),
            }
        }
        _ => push(field, "invalid_value", t("field-invalid-here")),
    }
}

/// Of the alternatives a value failed, the one the client meant: a nullable object or value
/// (`anyOf: [X, {type: null}]`) sent as something other than null meant X, so X's own errors
/// name the fields inside it. With more than one candidate, none is guessed.
fn the_meant_branch<'a, 'e>(
    context: &'a [Vec<ValidationError<'e>>],
    instance: &Value,
) -> Option<&'a Vec<ValidationError<'e>>> {
    let only_not_null = |errors: &Vec<ValidationError<'_>>| {
        errors.len() == 1
            && matches!(
                errors[0].kind(),
                ValidationErrorKind::Type {
                    kind: TypeKind::Single(JsonType::Null)
                }
            )
    };
    let candidates: Vec<_> = context
        .iter()
        .filter(|errors| instance.is_null() || !only_not_null(errors))
        .collect();
    match candidates.as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

/// The types a value may have, as the codes the catalogue's `field-invalid_type` says in words.
fn expected_types(kind: &TypeKind) -> String {
    let name = |t: JsonType| match t {
        JsonType::Null => "null",
        JsonType::Boolean => "boolean",
        JsonType::Integer => "integer",
        JsonType::Number => "number",
        JsonType::String => "string",
        JsonType::Array => "array",
        JsonType::Object => "object",
    };
    match kind {
        TypeKind::Single(t) => name(*t).to_owned(),
        TypeKind::Multiple(set) => {
            let names: Vec<&str> = set
                .iter()
                .filter(|t| *t != JsonType::Null)
                .map(name)
                .collect();
            match names.as_slice() {
                [one] => (*one).to_owned(),
                _ => "several".to_owned(),
            }
        }
    }
}

fn listed(options: &Value) -> String {
    options
        .as_array()
        .into_iter()
        .flatten()
        .map(|o| o.as_str().map_or_else(|| o.to_string(), str::to_owned))
        .collect::<Vec<_>>()
        .join(", ")
}

fn format_message(format: &str, sent: &Value) -> Text {
    match format {
        "date" => Text::new("field-format-date"),
        // A `+` in a query string reads as a space: say how to send it.
        "date-time" if sent.as_str().is_some_and(|s| s.contains(' ')) => {
            Text::new("field-format-date-time-plus")
        }
        "date-time" => Text::new("field-format-date-time"),
        other => Text::new("field-format").with("format", other.to_owned()),
    }
}
