//! A schema violation as the problem's field errors: named by full path, with a code and a
//! message of our own (the value sent is never quoted back: it may be a password).

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::paths::LocationSegment;
use jsonschema::{JsonType, ValidationError};
use serde_json::Value;

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
    let mut push = |field: String, code: &str, message: String| {
        out.push(FieldError::new(field, code, message))
    };
    match e.kind() {
        ValidationErrorKind::Required { property } => push(
            joined(&field, property.as_str().unwrap_or_default()),
            "required",
            "is required".into(),
        ),
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            for name in unexpected {
                push(
                    joined(&field, name),
                    "unknown_field",
                    "is not a field of this request".into(),
                );
            }
        }
        ValidationErrorKind::Type { kind } => {
            let message = if e.instance().is_null() {
                "may not be null".to_owned()
            } else {
                format!("must be {}", expected_types(kind))
            };
            push(field, "invalid_type", message)
        }
        ValidationErrorKind::Enum { options } => push(
            field,
            "invalid_value",
            format!("must be one of: {}", listed(options)),
        ),
        ValidationErrorKind::Constant { expected_value } => {
            push(field, "invalid_value", format!("must be {expected_value}"))
        }
        ValidationErrorKind::Format { format } => push(
            field,
            "invalid_format",
            format_message(format, e.instance()),
        ),
        ValidationErrorKind::MinLength { limit } => push(
            field,
            "length",
            format!("must be at least {limit} characters"),
        ),
        ValidationErrorKind::MaxLength { limit } => push(
            field,
            "length",
            format!("must be at most {limit} characters"),
        ),
        ValidationErrorKind::MinItems { limit } => {
            push(field, "length", format!("must have at least {limit} items"))
        }
        ValidationErrorKind::MaxItems { limit } => {
            push(field, "length", format!("must have at most {limit} items"))
        }
        ValidationErrorKind::UniqueItems => {
            push(field, "duplicate_item", "lists an item twice".into())
        }
        ValidationErrorKind::Pattern { .. } => push(
            field,
            "invalid_format",
            "does not have the form the contract gives for this field".into(),
        ),
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit } => {
            push(field, "out_of_range", format!("must be at least {limit}"))
        }
        ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => {
            push(field, "out_of_range", format!("must be at most {limit}"))
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            match the_meant_branch(context, e.instance()) {
                Some(errors) => errors.iter().for_each(|e| report(e, out)),
                None => push(
                    field,
                    "invalid_value",
                    "matches none of the forms this field may take".into(),
                ),
            }
        }
        _ => push(field, "invalid_value", "is not valid here".into()),
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

fn expected_types(kind: &TypeKind) -> String {
    let name = |t: JsonType| match t {
        JsonType::Null => "null",
        JsonType::Boolean => "true or false",
        JsonType::Integer => "an integer",
        JsonType::Number => "a number",
        JsonType::String => "a string",
        JsonType::Array => "an array",
        JsonType::Object => "an object",
    };
    match kind {
        TypeKind::Single(t) => name(*t).to_owned(),
        TypeKind::Multiple(set) => set
            .iter()
            .filter(|t| *t != JsonType::Null)
            .map(name)
            .collect::<Vec<_>>()
            .join(" or "),
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

fn format_message(format: &str, sent: &Value) -> String {
    match format {
        "date" => "must be a date, YYYY-MM-DD, that exists in the calendar".into(),
        "date-time" => {
            let hint = if sent.as_str().is_some_and(|s| s.contains(' ')) {
                " (a `+` in a query string reads as a space: send it as %2B)"
            } else {
                ""
            };
            format!("must be a date and time with its offset, RFC 3339{hint}")
        }
        other => format!("must be a valid {other}"),
    }
}
