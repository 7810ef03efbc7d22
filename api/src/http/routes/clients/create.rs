//! Operators create machine clients (the secret is shown once).

use actix_web::web::Bytes;
use actix_web::{post, web, HttpRequest, HttpResponse};
use domain::{BoundedText, CompanyId, Scopes};

use crate::http::dto::body::{json_body_checked, Checked};
use crate::http::dto::clients::{ClientView, ClientWithSecret, CreateClientRequest};
use crate::http::dto::validator_errors;
use crate::http::extract::Bearer;
use crate::http::problem::ApiResult;
use crate::http::reply::no_store;
use app::clients::create::{self, CreateClient};
use app::{App, FieldError};

/// Create a machine client.
///
/// Operators only. An `identity_verifier`, a `card_producer`, or an `integrator` bound to one
/// company (it acts as an orderer there, within its scopes). The secret is in this answer only.
#[utoipa::path(
    operation_id = "create_api_client",
    tag = "machine clients",
    security(("bearer" = [])),
    request_body = CreateClientRequest,
    responses(
        (status = 201, description = "Created; keep the secret, it is not shown again.", body = ClientWithSecret,
            headers(("Location" = String, description = "The client's URL."))),
        (status = 403, description = "Only operators manage clients (`operator_required`)."),
        (status = 422, description = "Invalid fields: a scope the role does not allow, a company missing for an integrator or given for another role, an unknown company."),
    ),
)]
#[post("/api-clients")]
pub async fn create_api_client(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let Checked { input, schema } =
        json_body_checked::<CreateClientRequest>(&req, &body, "application/json")?;
    let mut errors = validator_errors(&input);
    let name = BoundedText::parse(&input.name, 200)
        .map_err(|e| errors.push(FieldError::invalid("name", &e)))
        .ok();
    let company_id = match input.company_id.as_deref() {
        None => Some(None),
        Some(raw) => CompanyId::parse(raw)
            .map(Some)
            .ok_or_else(|| {
                errors.push(FieldError::new(
                    "company_id",
                    "unknown_company",
                    app::texts::Text::new("field-unknown_company"),
                ))
            })
            .ok(),
    };
    let (Some(name), Some(company_id), true) = (name, company_id, errors.is_empty()) else {
        return Err(schema.with(errors));
    };
    schema.settle()?;
    let scopes: Vec<domain::Scope> = input.scopes.iter().map(|s| s.as_domain()).collect();
    let command = CreateClient {
        name,
        role: input.role.as_domain(),
        company_id,
        scopes: Scopes::from_list(&scopes),
    };
    let created = app.write_as(credentials, command, create::create).await?;
    Ok(no_store(HttpResponse::Created())
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/v1/api-clients/{}", created.client.id),
        ))
        .json(ClientWithSecret {
            client: ClientView::from(&created.client),
            client_secret: created.secret,
        }))
}
