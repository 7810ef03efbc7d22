//! The cardholder's card orders: list, review, accept, reject, audit trail.

use actix_web::http::{header, StatusCode};
use actix_web::web::Bytes;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use domain::{OrderStatus, Transition};
use persistence::{accounts, events, orders, DbConn, NewEvent};

use crate::auth::principal::{Bearer, Cardholder};
use crate::cursor;
use crate::dto::body::optional_json;
use crate::dto::me::parse_contact;
use crate::dto::orders::{
    AcceptRequest, AcceptResponse, EventList, ListQuery, OrderEvent, OrderPage, OrderReview,
    RejectRequest,
};
use crate::dto::validate;
use crate::error::{ApiError, ApiResult, FieldError, Problem};
use crate::idempotency::{IdempotencyKey, Reply};
use crate::review::{self, status_of};
use crate::state::{blocking, AppState};

pub const CONFIRMATION: &str =
    "Thank you! Your card data was confirmed and we are now ready to print ID06 card.";

/// Your card orders, newest first.
#[utoipa::path(
    operation_id = "list_my_card_orders",
    tag = "cardholder",
    security(("bearer" = [])),
    params(ListQuery),
    responses(
        (status = 200, description = "A page of orders.", body = OrderPage),
        (status = 400, description = "Invalid `limit`, `cursor` or `status`.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid access token.", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/me/card-orders")]
pub async fn list_orders(
    state: web::Data<AppState>,
    bearer: Bearer,
    query: web::Query<ListQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let limit = q.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::BadRequest {
            code: "invalid_limit",
            detail: "limit must be from 1 to 100.".into(),
        });
    }
    let after = q.cursor.as_deref().map(cursor::decode).transpose()?;
    let status = q.status.map(|s| s.as_domain().as_str());
    let page = blocking(move || {
        let now = persistence::now();
        state.db.read(|conn| {
            let caller = bearer.session(conn, now)?;
            let mut rows = orders::list_for_account(
                conn,
                &caller.account_id,
                status,
                after.as_ref(),
                i64::from(limit) + 1,
            )?;
            let has_more = rows.len() > limit as usize;
            rows.truncate(limit as usize);
            let next_cursor = has_more
                .then(|| {
                    rows.last().map(|r| {
                        cursor::encode(&persistence::OrderCursor {
                            created_at: r.order.created_at,
                            id: r.order.id.clone(),
                        })
                    })
                })
                .flatten();
            let data = rows
                .iter()
                .map(review::summary)
                .collect::<ApiResult<Vec<_>>>()?;
            Ok(OrderPage {
                data,
                next_cursor,
                has_more,
            })
        })
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(page))
}

/// One of your orders, with everything to check before accepting: company, names, date of birth,
/// nationality in the order and verified nationality, validity, the identity check, and your
/// contact details with the missing ones. The `ETag` goes in `If-Match` when accepting.
#[utoipa::path(
    operation_id = "get_my_card_order",
    tag = "cardholder",
    security(("bearer" = [])),
    params(("order_id" = String, Path, description = "The order's id (`ord_...`).", max_length = 64)),
    responses(
        (status = 200, description = "The order as the cardholder reviews it.", body = OrderReview,
            headers(("ETag" = String, description = "The order's version; send it as `If-Match` to accept or reject."))),
        (status = 401, description = "No valid access token.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such order, or not yours.", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/me/card-orders/{order_id}")]
pub async fn get_order(
    state: web::Data<AppState>,
    bearer: Bearer,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let order_id = path.into_inner();
    let (view, etag) = blocking(move || {
        let now = persistence::now();
        state.db.read(|conn| {
            let loaded = review::load_for(conn, &bearer, &order_id, now)?;
            let assessment = loaded.assess(now.date())?;
            Ok((loaded.review(&assessment), loaded.etag()))
        })
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag))
        .insert_header(("Cache-Control", "no-store"))
        .json(view))
}

/// `If-Match`: `*` or a list of entity tags (RFC 9110).
pub const IF_MATCH_PATTERN: &str = r#"^(?:[*]|(?:W/)?"[!#-~]*"(?: *, *(?:W/)?"[!#-~]*")*)$"#;

/// The entity tags of `If-Match`, if sent; 400 when it is not of that form.
fn if_match(req: &HttpRequest) -> ApiResult<Option<Vec<String>>> {
    let Some(v) = req.headers().get(header::IF_MATCH) else {
        return Ok(None);
    };
    let invalid = || ApiError::BadRequest {
        code: "invalid_if_match",
        detail: "If-Match must be * or a list of entity tags such as \"3.2\".".into(),
    };
    let raw = v.to_str().map_err(|_| invalid())?;
    // An empty field value says nothing: the same as no header.
    if raw.trim().is_empty() {
        return Ok(None);
    }
    static RE: std::sync::LazyLock<Option<regex::Regex>> =
        std::sync::LazyLock::new(|| regex::Regex::new(IF_MATCH_PATTERN).ok());
    if !RE.as_ref().is_some_and(|re| re.is_match(raw)) {
        return Err(invalid());
    }
    Ok(Some(raw.split(',').map(|t| t.trim().to_owned()).collect()))
}

fn check_if_match(tags: Option<&Vec<String>>, loaded: &review::Loaded) -> ApiResult<()> {
    match tags {
        Some(tags) if !tags.iter().any(|t| t == "*" || *t == loaded.etag()) => {
            Err(ApiError::PreconditionFailed)
        }
        _ => Ok(()),
    }
}

fn wrong_state(from: OrderStatus, t: Transition) -> ApiError {
    ApiError::Conflict {
        code: "invalid_state",
        detail: format!(
            "The order is {} ({}) and cannot be {t} now.",
            from.as_str(),
            from.label()
        ),
    }
}

/// What a cardholder decision needs from the request, read before the transaction.
struct Prepared {
    order_id: String,
    if_match: Option<Vec<String>>,
    idempotency: Option<IdempotencyKey>,
}

impl Prepared {
    fn from_request(req: &HttpRequest, order_id: String, body: &[u8]) -> ApiResult<Prepared> {
        Ok(Prepared {
            order_id,
            if_match: if_match(req)?,
            idempotency: IdempotencyKey::from_request(req, body)?,
        })
    }
}

/// A cardholder decision (accept or reject) in one transaction: the session, a replay of an
/// earlier answer to the same idempotency key, ownership (404), the state rule (409), `If-Match`
/// (412), then `check` (may change data or refuse), the conditional update and its event, and the
/// reply, saved for the idempotency key. Any error rolls all of it back.
async fn decide<C, R>(
    state: web::Data<AppState>,
    bearer: Bearer,
    p: Prepared,
    transition: Transition,
    reason: Option<String>,
    check: C,
    render: R,
) -> ApiResult<HttpResponse>
where
    C: FnOnce(&mut DbConn, &Cardholder, &mut review::Loaded, NaiveDateTime) -> ApiResult<()>
        + Send
        + 'static,
    R: FnOnce(&review::Loaded, &review::Assessment) -> ApiResult<Reply> + Send + 'static,
{
    let reply = blocking(move || {
        let now = persistence::now();
        state.db.write(|conn| {
            let caller = bearer.session(conn, now)?;
            if let Some(replay) = p.idempotency.as_ref().map(|k| k.replay(conn, &caller.account_id, now)).transpose()?.flatten() {
                return Ok(replay);
            }
            let mut loaded = review::load(conn, &p.order_id, &caller.account_id)?;
            let from = status_of(&loaded.order.order.status)?;
            let to = from.apply(transition).map_err(|e| wrong_state(e.from, e.transition))?;
            check_if_match(p.if_match.as_ref(), &loaded)?;
            check(conn, &caller, &mut loaded, now)?;
            let order = &loaded.order.order;
            if !orders::transition(conn, &order.id, order.version, to.as_str(), reason.as_deref(), now)? {
                return Err(ApiError::Conflict { code: "concurrent_change", detail: "The order was changed by another request. Read it again.".into() });
            }
            events::insert(
                conn,
                &NewEvent {
                    id: &crate::ids::new_id("evt"),
                    order_id: &order.id,
                    actor_id: &caller.account_id,
                    actor_kind: "cardholder",
                    from_status: Some(from.as_str()),
                    to_status: to.as_str(),
                    reason: reason.as_deref(),
                    created_at: now,
                },
            )?;
            tracing::info!(event = "order_transition", order_id = %order.id, from = from.as_str(), to = to.as_str(), "order {transition}");
            loaded.order = orders::find_for_account(conn, &p.order_id, &caller.account_id)?.ok_or(ApiError::NotFound)?;
            let reply = render(&loaded, &loaded.assess(now.date())?)?;
            if let Some(k) = &p.idempotency {
                k.save(conn, &caller.account_id, &reply, now)?;
            }
            Ok(reply)
        })
    })
    .await?;
    Ok(respond(reply))
}

fn respond(reply: Reply) -> HttpResponse {
    let mut r = HttpResponse::build(reply.status);
    r.content_type("application/json")
        .insert_header(("Cache-Control", "no-store"));
    if let Some(etag) = reply.etag {
        r.insert_header((header::ETAG, etag));
    }
    if reply.replayed {
        r.insert_header(("Idempotent-Replayed", "true"));
    }
    r.body(reply.body)
}

fn json_reply<T: serde::Serialize>(value: &T, etag: String) -> ApiResult<Reply> {
    let body =
        serde_json::to_string(value).map_err(|e| ApiError::Internal(format!("serialize: {e}")))?;
    Ok(Reply {
        status: StatusCode::OK,
        body,
        etag: Some(etag),
        replayed: false,
    })
}

/// Accepts the order: the data is right and the card may be produced. Allowed only while the
/// order waits for your review, when it matches your verified identity and your contact details
/// are complete (they can be completed in the same request).
#[utoipa::path(
    operation_id = "accept_my_card_order",
    tag = "cardholder",
    security(("bearer" = [])),
    params(
        ("order_id" = String, Path, description = "The order's id (`ord_...`).", max_length = 64),
        ("If-Match" = Option<String>, Header, description = "The `ETag` you reviewed; 412 if the order or your contact details changed since."),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: the first successful response is replayed for 24 hours.", max_length = 255),
    ),
    request_body(content = Option<AcceptRequest>, description = "Optional: contact details to complete in the same step.", content_type = "application/json"),
    responses(
        (status = 200, description = "Accepted.", body = AcceptResponse, headers(("ETag" = String, description = "The new version."))),
        (status = 400, description = "Malformed JSON or headers.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid access token.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Signed in without the SMS second factor.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such order, or not yours.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The order is not waiting for your review (e.g. already accepted), or changed concurrently.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` does not match the current `ETag`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The identity does not match (`identity_mismatch`, `identity_unverified`), contact details are missing (`contact_details_incomplete`) or invalid (`validation_failed`), or the idempotency key was used for another request.", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/me/card-orders/{order_id}/accept")]
pub async fn accept_order(
    state: web::Data<AppState>,
    bearer: Bearer,
    req: HttpRequest,
    path: web::Path<String>,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let input: AcceptRequest = optional_json(&req, &body)?.unwrap_or_default();
    let prepared = Prepared::from_request(&req, path.into_inner(), &body)?;
    let check = move |conn: &mut DbConn,
                      caller: &Cardholder,
                      loaded: &mut review::Loaded,
                      now: NaiveDateTime| {
        if !caller.second_factor {
            return Err(ApiError::Forbidden {
                code: "second_factor_required",
                detail: "Sign in with the SMS code to accept.".into(),
            });
        }
        if let Some(patch) = input.contact_details {
            let merged = patch.into_update().over(loaded.account.contact());
            let details = parse_contact(&merged, "contact_details.")?;
            accounts::set_contact(conn, &caller.account_id, &details.to_update(), now)?;
            loaded.account = accounts::find(conn, &caller.account_id)?.ok_or(ApiError::NotFound)?;
        }
        match loaded.acceptance_problem(&loaded.assess(now.date())?) {
            Some(problem) => Err(problem),
            None => Ok(()),
        }
    };
    let render = |loaded: &review::Loaded, a: &review::Assessment| {
        json_reply(
            &AcceptResponse {
                message: CONFIRMATION.into(),
                order: loaded.review(a),
            },
            loaded.etag(),
        )
    };
    decide(
        state,
        bearer,
        prepared,
        Transition::Accept,
        None,
        check,
        render,
    )
    .await
}

/// Rejects the order with a reason the company sees (for example a misspelled name). The company
/// corrects it and you review it again.
#[utoipa::path(
    operation_id = "reject_my_card_order",
    tag = "cardholder",
    security(("bearer" = [])),
    params(
        ("order_id" = String, Path, description = "The order's id (`ord_...`).", max_length = 64),
        ("If-Match" = Option<String>, Header, description = "The `ETag` you reviewed; 412 if it changed since."),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: the first successful response is replayed for 24 hours.", max_length = 255),
    ),
    request_body = RejectRequest,
    responses(
        (status = 200, description = "Rejected.", body = OrderReview, headers(("ETag" = String, description = "The new version."))),
        (status = 400, description = "Malformed JSON or headers.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid access token.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such order, or not yours.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The order is not waiting for your review, or changed concurrently.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` does not match the current `ETag`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The reason is missing or too long, or the idempotency key was used for another request.", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/me/card-orders/{order_id}/reject")]
pub async fn reject_order(
    state: web::Data<AppState>,
    bearer: Bearer,
    req: HttpRequest,
    path: web::Path<String>,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let input: RejectRequest = optional_json(&req, &body)?.ok_or_else(|| {
        ApiError::validation(vec![FieldError::new(
            "reason",
            "required",
            "Say why the order is wrong.",
        )])
    })?;
    validate(&input)?;
    let reason = domain::BoundedText::parse(&input.reason, 500)
        .map_err(|e| ApiError::validation(vec![FieldError::new("reason", e.code, e.message)]))?
        .into_string();
    let prepared = Prepared::from_request(&req, path.into_inner(), &body)?;
    let render = |loaded: &review::Loaded, a: &review::Assessment| {
        json_reply(&loaded.review(a), loaded.etag())
    };
    decide(
        state,
        bearer,
        prepared,
        Transition::Reject,
        Some(reason),
        |_, _, _, _| Ok(()),
        render,
    )
    .await
}

/// The order's audit trail: every change of state, who made it, and why.
#[utoipa::path(
    operation_id = "list_my_card_order_events",
    tag = "cardholder",
    security(("bearer" = [])),
    params(("order_id" = String, Path, description = "The order's id (`ord_...`).", max_length = 64)),
    responses(
        (status = 200, description = "Events, oldest first.", body = EventList),
        (status = 401, description = "No valid access token.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such order, or not yours.", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/me/card-orders/{order_id}/events")]
pub async fn list_order_events(
    state: web::Data<AppState>,
    bearer: Bearer,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let order_id = path.into_inner();
    let list = blocking(move || {
        let now = persistence::now();
        state.db.read(|conn| {
            let caller = bearer.session(conn, now)?;
            if !crate::ids::is_id(&order_id, "ord")
                || orders::find_for_account(conn, &order_id, &caller.account_id)?.is_none()
            {
                return Err(ApiError::NotFound);
            }
            let data = events::list(conn, &order_id)?
                .into_iter()
                .map(|e| OrderEvent {
                    id: e.id,
                    from_status: e.from_status,
                    to_status: e.to_status,
                    actor_kind: e.actor_kind,
                    reason: e.reason,
                    created_at: e.created_at.and_utc(),
                })
                .collect();
            Ok(EventList { data })
        })
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(list))
}
