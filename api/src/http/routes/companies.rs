//! Companies (operators create them) and their members (administrators manage them).

use actix_web::web::Bytes;
use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use domain::{BoundedText, Email, OrgNumber};

use crate::http::dto::body::{json_body, json_body_checked, Checked};
use crate::http::dto::companies::{
    parse_address, ChangeRoleRequest, Company, CreateCompanyRequest, InviteMemberRequest, Member,
    MemberList,
};
use crate::http::dto::{validate, validator_errors};
use crate::http::extract::idempotency_key;
use crate::http::extract::Bearer;
use crate::http::extract::IdempotencyKeyHeader;
use crate::http::problem::{ApiError, ApiResult};
use crate::http::reply::{created, json_reply, no_store};
use app::companies::create::{self, CompanyCreated, CreateCompany};
use app::companies::members::{self, ChangeRole, InviteMember, MemberRef};
use app::companies::{company_id, member_id, view};
use app::principal::Principal;
use app::{App, FieldError};

fn field(errors: &mut Vec<FieldError>, name: &str, e: domain::Invalid) {
    errors.push(FieldError::invalid(name, &e));
}

/// Create a company.
///
/// Operators only. The first administrator is emailed a single-use link to create an account
/// (or, with an account already, told by email) and becomes the company's admin.
#[utoipa::path(
    operation_id = "create_company",
    tag = "companies",
    security(("bearer" = [])),
    params(
        IdempotencyKeyHeader,
    ),
    request_body = CreateCompanyRequest,
    responses(
        (status = 201, description = "Created.", body = Company, headers(("Location" = String, description = "The company's URL."))),
        (status = 400, description = "Malformed JSON or headers."),
        (status = 403, description = "Only operators create companies."),
        (status = 409, description = "The organisation number is taken."),
        (status = 422, description = "Invalid fields, each named; or the idempotency key was used for another request."),
    ),
)]
#[post("/companies")]
pub async fn create_company(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let Checked { input, schema } =
        json_body_checked::<CreateCompanyRequest>(&req, &body, "application/json")?;
    let mut errors = validator_errors(&input);
    let name = BoundedText::parse(&input.name, create::NAME_MAX)
        .map_err(|e| field(&mut errors, "name", e))
        .ok();
    let org_number = OrgNumber::parse(&input.org_number)
        .map_err(|e| field(&mut errors, "org_number", e))
        .ok();
    let admin_email = Email::parse(&input.admin_email)
        .map_err(|e| field(&mut errors, "admin_email", e))
        .ok();
    let address = parse_address(input.delivery_address, "delivery_address", &mut errors);
    let (Some(name), Some(org_number), Some(admin_email), Some(delivery_address), true) =
        (name, org_number, admin_email, address, errors.is_empty())
    else {
        return Err(schema.with(errors));
    };
    schema.settle()?;
    let command = CreateCompany {
        name,
        org_number,
        delivery_address,
        admin_email,
        language: crate::http::language::current(),
    };
    let reply = app
        .write_as_idempotent(
            credentials,
            idempotency_key(&req, &body)?,
            command,
            create::create,
            |c: &CompanyCreated| json_reply(&Company::from(c), 201, None),
        )
        .await?;
    Ok(created(reply, "/v1/companies"))
}

/// Get a company.
///
/// Members see their company with their role; operators see any company.
#[utoipa::path(
    operation_id = "get_company",
    tag = "companies",
    security(("bearer" = [])),
    params(("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001")),
    responses(
        (status = 200, description = "The company.", body = Company),
        (status = 404, description = "No such company, or you are not a member."),
    ),
)]
#[get("/companies/{company_id}")]
pub async fn get_company(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = company_id(&path.into_inner())?;
    let v = app
        .read_as(credentials, id, |conn, who: &Principal, id, clock| {
            view::get(conn, who, id, clock)
        })
        .await?;
    Ok(no_store(HttpResponse::Ok()).json(Company::from(&v)))
}

/// Invite a member.
///
/// Administrators only. A person without an account is emailed a single-use link to create one;
/// a person with an account becomes a member at once and is told by email.
#[utoipa::path(
    operation_id = "invite_company_member",
    tag = "companies",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        IdempotencyKeyHeader,
    ),
    request_body = InviteMemberRequest,
    responses(
        (status = 201, description = "Invited (or added).", body = Member, headers(("Location" = String, description = "The member's URL."))),
        (status = 400, description = "Malformed JSON or headers."),
        (status = 403, description = "Only administrators manage members."),
        (status = 404, description = "No such company, or you are not a member."),
        (status = 409, description = "The email is a member (or invited) already."),
        (status = 422, description = "Invalid email or role; or the idempotency key was used for another request."),
    ),
)]
#[post("/companies/{company_id}/members")]
pub async fn invite_member(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<String>,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let company = company_id(&path.into_inner())?;
    let input: InviteMemberRequest = json_body(&req, &body, "application/json")?;
    validate(&input)?;
    let email = Email::parse(&input.email)
        .map_err(|e| ApiError::validation(vec![FieldError::invalid("email", &e)]))?;
    let location = format!("/v1/companies/{}/members", company.as_str());
    let command = InviteMember {
        company_id: company,
        email,
        role: input.role.as_domain(),
        language: crate::http::language::current(),
    };
    let reply = app
        .write_as_idempotent(
            credentials,
            idempotency_key(&req, &body)?,
            command,
            members::invite,
            |m| json_reply(&Member::from(m), 201, None),
        )
        .await?;
    Ok(created(reply, &location))
}

/// List a company's members.
///
/// Every member sees the list, with each member's role and whether they have an account yet.
#[utoipa::path(
    operation_id = "list_company_members",
    tag = "companies",
    security(("bearer" = [])),
    params(("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001")),
    responses(
        (status = 200, description = "The members, oldest first.", body = MemberList),
        (status = 404, description = "No such company, or you are not a member."),
    ),
)]
#[get("/companies/{company_id}/members")]
pub async fn list_members(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = company_id(&path.into_inner())?;
    let list = app.read_as(credentials, id, members::list).await?;
    Ok(no_store(HttpResponse::Ok()).json(MemberList {
        data: list.iter().map(Member::from).collect(),
    }))
}

fn member_ref(path: (String, String)) -> ApiResult<MemberRef> {
    Ok(MemberRef {
        company_id: company_id(&path.0)?,
        member_id: member_id(&path.1)?,
    })
}

/// Get a member.
#[utoipa::path(
    operation_id = "get_company_member",
    tag = "companies",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        ("member_id" = String, Path, description = "The member's id (`mem_...`).", max_length = 64),
    ),
    responses(
        (status = 200, description = "The member.", body = Member),
        (status = 404, description = "No such member or company, or you are not a member."),
    ),
)]
#[get("/companies/{company_id}/members/{member_id}")]
pub async fn get_member(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let r = member_ref(path.into_inner())?;
    let m = app.read_as(credentials, r, members::get).await?;
    Ok(no_store(HttpResponse::Ok()).json(Member::from(&m)))
}

/// Change a member's role.
///
/// Administrators only. The last administrator cannot be made an orderer.
#[utoipa::path(
    operation_id = "change_company_member_role",
    tag = "companies",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        ("member_id" = String, Path, description = "The member's id (`mem_...`).", max_length = 64),
    ),
    request_body(content = ChangeRoleRequest, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The member with the new role.", body = Member),
        (status = 400, description = "Malformed JSON."),
        (status = 403, description = "Only administrators manage members."),
        (status = 404, description = "No such member or company, or you are not a member."),
        (status = 409, description = "This is the last administrator, or the member changed concurrently."),
        (status = 415, description = "Not `application/merge-patch+json`."),
        (status = 422, description = "Invalid role."),
    ),
)]
#[patch("/companies/{company_id}/members/{member_id}")]
pub async fn change_member_role(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let member = member_ref(path.into_inner())?;
    let input: ChangeRoleRequest = json_body(&req, &body, "application/merge-patch+json")?;
    let command = ChangeRole {
        member,
        role: input.role.as_domain(),
    };
    let m = app
        .write_as(credentials, command, members::change_role)
        .await?;
    Ok(no_store(HttpResponse::Ok()).json(Member::from(&m)))
}

/// Remove a member.
///
/// Administrators only. The last administrator cannot be removed.
#[utoipa::path(
    operation_id = "remove_company_member",
    tag = "companies",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        ("member_id" = String, Path, description = "The member's id (`mem_...`).", max_length = 64),
    ),
    responses(
        (status = 204, description = "Removed."),
        (status = 403, description = "Only administrators manage members."),
        (status = 404, description = "No such member or company, or you are not a member."),
        (status = 409, description = "This is the last administrator, or the member changed concurrently."),
    ),
)]
#[delete("/companies/{company_id}/members/{member_id}")]
pub async fn remove_member(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let r = member_ref(path.into_inner())?;
    app.write_as(credentials, r, members::remove).await?;
    Ok(HttpResponse::NoContent().finish())
}
