//! The identity-verification partner registers document checks (with the document's portrait,
//! so these bodies may be up to 1 MiB) and reads back those it registered.

use actix_web::web::Payload;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use domain::{
    parse_document_number, CheckOutcome, CountryCode, DocumentCheck, DocumentType, Email, Mrz,
    MrzCheck, MrzError, PersonName, PersonalIdentityNumber,
};

use crate::http::dto::body::{json_body_checked, read_limited, Checked, SchemaErrors};
use crate::http::dto::identity::{
    CheckOutcomeName, DocumentTypeName, IdentityVerification, PortraitMediaType,
    RegisterCheckRequest,
};
use crate::http::dto::validator_errors;
use crate::http::extract::idempotency_key;
use crate::http::extract::Bearer;
use crate::http::extract::IdempotencyKeyHeader;
use crate::http::problem::{ApiError, ApiResult};
use crate::http::reply::{created, json_reply, no_store};
use app::identity;
use app::identity::portrait::{self, PortraitType};
use app::identity::register::{self, RegisterCheck, Registered};
use app::{App, FieldError};

/// The largest body of a check (its portrait is at most 512 KiB before base64).
pub const CHECK_BODY_LIMIT: usize = 1024 * 1024;

fn keep<T>(errors: &mut Vec<FieldError>, field: &str, r: Result<T, domain::Invalid>) -> Option<T> {
    r.map_err(|e| errors.push(FieldError::invalid(field, &e)))
        .ok()
}

/// Every field parsed at once, so every invalid one is named.
fn parse(
    input: RegisterCheckRequest,
    schema: SchemaErrors,
    today: chrono::NaiveDate,
) -> Result<(DocumentCheck, Option<String>, portrait::Portrait), ApiError> {
    let mut errors = validator_errors(&input);
    let e = &mut errors;
    let number = keep(
        e,
        "document_number",
        parse_document_number(&input.document_number),
    );
    let issuing = keep(
        e,
        "issuing_country",
        CountryCode::parse(&input.issuing_country),
    );
    let nationality = keep(e, "nationality", CountryCode::parse(&input.nationality));
    let email = keep(e, "email", Email::parse(&input.email));
    let pin = match input.personal_identity_number.as_deref() {
        None => Some(None),
        Some(raw) => keep(
            e,
            "personal_identity_number",
            PersonalIdentityNumber::parse(raw, today),
        )
        .map(Some),
    };
    let name = PersonName::parse(&input.given_names, &input.surname)
        .map_err(|(f, e)| errors.push(FieldError::invalid(f, &e)))
        .ok();
    let mrz = match input.mrz.as_deref() {
        None => Some(None),
        Some(raw) => match Mrz::parse(raw) {
            Ok(z) => Some(Some(z)),
            Err(MrzError::CheckDigits(bad)) => {
                // Named by the field the digit guards; the zone's own digits by `mrz`.
                errors.extend(bad.into_iter().map(|which| {
                    let field = match which {
                        MrzCheck::DocumentNumber => "document_number",
                        MrzCheck::DateOfBirth => "date_of_birth",
                        MrzCheck::Expiry => "document_expires_on",
                        MrzCheck::OptionalData | MrzCheck::Composite => "mrz",
                    };
                    FieldError::new(
                        field,
                        "mrz_check_digit",
                        app::texts::Text::new("field-mrz_check_digit")
                            .with("which", which.as_str()),
                    )
                }));
                None
            }
            Err(MrzError::Form(e)) => {
                errors.push(FieldError::invalid("mrz", &e));
                None
            }
        },
    };
    let outcome = match (input.outcome, input.reason.clone()) {
        (CheckOutcomeName::Green, None) => Some(CheckOutcome::Green),
        (CheckOutcomeName::Green, Some(_)) => {
            errors.push(FieldError::new(
                "reason",
                "not_allowed",
                app::texts::Text::new("field-reason-green"),
            ));
            None
        }
        (_, None) => {
            errors.push(FieldError::new(
                "reason",
                "required",
                app::texts::Text::new("field-reason-not-green"),
            ));
            None
        }
        (CheckOutcomeName::Yellow, Some(reason)) => Some(CheckOutcome::Yellow { reason }),
        (CheckOutcomeName::Red, Some(reason)) => Some(CheckOutcome::Red { reason }),
    };
    let kind = match input.portrait.media_type {
        PortraitMediaType::Jpeg => PortraitType::Jpeg,
        PortraitMediaType::Png => PortraitType::Png,
    };
    let portrait = match STANDARD.decode(input.portrait.data.trim()) {
        Ok(bytes) => portrait::check(bytes, kind)
            .map_err(|e| errors.push(e))
            .ok(),
        Err(_) => {
            errors.push(FieldError::new(
                "portrait.data",
                "invalid_base64",
                app::texts::Text::new("field-invalid_base64"),
            ));
            None
        }
    };
    let (
        Some(number),
        Some(issuing),
        Some(nationality),
        Some(email),
        Some(pin),
        Some(name),
        Some(mrz),
        Some(outcome),
        Some(portrait),
        true,
    ) = (
        number,
        issuing,
        nationality,
        email,
        pin,
        name,
        mrz,
        outcome,
        portrait,
        errors.is_empty(),
    )
    else {
        return Err(schema.with(errors));
    };
    let check = DocumentCheck {
        document_type: match input.document_type {
            DocumentTypeName::Passport => DocumentType::Passport,
            DocumentTypeName::NationalIdCard => DocumentType::NationalIdCard,
        },
        document_number: number,
        issuing_country: issuing,
        name,
        date_of_birth: input.date_of_birth,
        nationality,
        expires_on: input.document_expires_on,
        personal_identity_number: pin,
        mrz,
        email,
        outcome,
    };
    Ok((check, input.mrz, portrait))
}

/// Register an identity-document check.
///
/// The identity-verification partner's client only (`identity_verifications:write`). The
/// document's fields, its machine-readable zone when read (every check digit verified, every
/// field compared), the person's email, the outcome (`green`; `yellow` or `red` with a reason)
/// and the portrait (JPEG or PNG, decoded and checked). A green check reaches the person as a
/// single-use link to create an account (where the identity number on the card order is
/// confirmed), or is attached at once to the person's existing account; yellow and red are
/// emailed with the reason and what to do next, and shown to companies with orders for the
/// person. Bodies up to 1 MiB.
#[utoipa::path(
    operation_id = "register_identity_verification",
    tag = "identity verifications",
    security(("client_credentials" = ["identity_verifications:write"])),
    params(IdempotencyKeyHeader),
    request_body = RegisterCheckRequest,
    responses(
        (status = 201, description = "Registered; `delivery` says what reached the person.", body = IdentityVerification,
            headers(("Location" = String, description = "The check's URL."))),
        (status = 400, description = "Malformed JSON or headers."),
        (status = 403, description = "Only the identity-verification partner's client registers checks (`client_role_required`)."),
        (status = 413, description = "The body is larger than 1 MiB."),
        (status = 422, description = "Invalid fields, each named: a zone whose check digit is wrong (`mrz_check_digit`) or that disagrees with a field (`mrz_disagrees`), a green check of an expired document (`document_expired`), a portrait that is not what it claims, does not decode, or is too small; or the idempotency key was used for another request."),
    ),
)]
#[post("/identity-verifications")]
pub async fn register_identity_verification(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    payload: Payload,
) -> ApiResult<HttpResponse> {
    let body = read_limited(&req, payload, CHECK_BODY_LIMIT).await?;
    let Checked { input, schema } =
        json_body_checked::<RegisterCheckRequest>(&req, &body, "application/json")?;
    let (check, raw_mrz, portrait) = parse(input, schema, app.clock.today())?;
    let command = RegisterCheck {
        check,
        raw_mrz,
        portrait,
    };
    let reply = app
        .write_as_idempotent(
            credentials,
            idempotency_key(&req, &body)?,
            command,
            register::register,
            |r: &Registered| json_reply(&IdentityVerification::from(r), 201, None),
        )
        .await?;
    Ok(created(reply, "/v1/identity-verifications"))
}

/// Get an identity-document check.
///
/// The identity-verification partner's client only, for the checks it registered (the portrait
/// is not returned).
#[utoipa::path(
    operation_id = "get_identity_verification",
    tag = "identity verifications",
    security(("client_credentials" = ["identity_verifications:write"])),
    params(("check_id" = String, Path, description = "The check's id (`idc_...`).", max_length = 64, example = "idc_1f0c9a7b2d4e6f8091a2b3c4")),
    responses(
        (status = 200, description = "The check.", body = IdentityVerification),
        (status = 403, description = "Only the identity-verification partner's client reads checks (`client_role_required`)."),
        (status = 404, description = "No such check of yours."),
    ),
)]
#[get("/identity-verifications/{check_id}")]
pub async fn get_identity_verification(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let registered = app
        .write_as(credentials, path.into_inner(), identity::view::get)
        .await?;
    let view = IdentityVerification::from(&registered);
    Ok(no_store(HttpResponse::Ok()).json(view))
}
