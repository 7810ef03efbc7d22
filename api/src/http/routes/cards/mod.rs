//! The cardholder's cards: list, read, activate (type the number printed on the card; the PIN
//! is shown once), and show the PIN again (type the number again).

pub mod company;
pub mod export;

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use domain::CardNumber;

use crate::http::dto::body::json_body;
use crate::http::dto::cards::{CardNumberRequest, CardPin, MyCard, MyCardList};
use crate::http::dto::validate;
use crate::http::extract::Bearer;
use crate::http::problem::{ApiError, ApiResult};
use app::cards::activate::{self, TypedNumber, WithPin};
use app::cards::{card_id, mine};
use app::principal::MultiFactor;
use app::{App, FieldError};

/// List my cards.
///
/// Every card produced for you, newest first, with its company, state, validity and the order
/// it came from. The number shows only its last four digits.
#[utoipa::path(
    operation_id = "list_my_cards",
    tag = "cards",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Your cards.", body = MyCardList),
        (status = 401, description = "No valid access token, or a machine client's."),
    ),
)]
#[get("/me/cards")]
pub async fn list_my_cards(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
) -> ApiResult<HttpResponse> {
    let cards = app.read_as(credentials, (), mine::list).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(MyCardList {
            data: cards.iter().map(MyCard::from).collect(),
        }))
}

/// Get one of my cards.
#[utoipa::path(
    operation_id = "get_my_card",
    tag = "cards",
    security(("bearer" = [])),
    params(("card_id" = String, Path, description = "The card's id (`crd_...`).", max_length = 64)),
    responses(
        (status = 200, description = "The card.", body = MyCard),
        (status = 401, description = "No valid access token, or a machine client's."),
        (status = 404, description = "No such card, or not yours."),
    ),
)]
#[get("/me/cards/{card_id}")]
pub async fn get_my_card(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = card_id(&path.into_inner())?;
    let card = app.read_as(credentials, id, mine::get).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(MyCard::from(&card)))
}

fn typed(req: &HttpRequest, body: &[u8], raw_id: String) -> ApiResult<TypedNumber> {
    let input: CardNumberRequest = json_body(req, body, "application/json")?;
    validate(&input)?;
    let number = CardNumber::parse(&input.card_number)
        .map_err(|e| ApiError::validation(vec![FieldError::invalid("card_number", &e)]))?;
    Ok(TypedNumber {
        card_id: card_id(&raw_id)?,
        number,
    })
}

fn pin_response(p: &WithPin) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(CardPin {
            card: MyCard::from(&p.card),
            pin: p.pin.clone(),
        })
}

/// Activate my card.
///
/// Type the number printed on the card you received. The card becomes `active` and its PIN is
/// in this response; older cards from the same company end (`terminated`, replaced). Needs the
/// SMS second factor. Wrong numbers are limited (429 after ten in 15 minutes).
#[utoipa::path(
    operation_id = "activate_my_card",
    tag = "cards",
    security(("bearer" = [])),
    params(("card_id" = String, Path, description = "The card's id (`crd_...`).", max_length = 64)),
    request_body = CardNumberRequest,
    responses(
        (status = 200, description = "Active; the PIN is shown.", body = CardPin),
        (status = 400, description = "Malformed JSON."),
        (status = 401, description = "No valid access token, or a machine client's."),
        (status = 403, description = "Signed in without the SMS second factor."),
        (status = 404, description = "No such card, or not yours."),
        (status = 409, description = "The card is not `inactive` (already active, blocked, terminated or expired)."),
        (status = 422, description = "Not a card number (`invalid_card_number`), or not this card's (`card_number_mismatch`)."),
    ),
)]
#[post("/me/cards/{card_id}/activate")]
pub async fn activate_my_card(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<String>,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let command = typed(&req, &body, path.into_inner())?;
    let activated = app
        .write_as::<MultiFactor, _, _>(credentials, command, activate::activate)
        .await??;
    Ok(pin_response(&activated))
}

/// Show my card's PIN.
///
/// Type the number printed on the card again to see its PIN (active or blocked cards). Needs
/// the SMS second factor; wrong numbers count toward the same limit as activation.
#[utoipa::path(
    operation_id = "show_my_card_pin",
    tag = "cards",
    security(("bearer" = [])),
    params(("card_id" = String, Path, description = "The card's id (`crd_...`).", max_length = 64)),
    request_body = CardNumberRequest,
    responses(
        (status = 200, description = "The PIN.", body = CardPin),
        (status = 400, description = "Malformed JSON."),
        (status = 401, description = "No valid access token, or a machine client's."),
        (status = 403, description = "Signed in without the SMS second factor."),
        (status = 404, description = "No such card, or not yours."),
        (status = 409, description = "The card was never activated, or has ended."),
        (status = 422, description = "Not a card number, or not this card's."),
    ),
)]
#[post("/me/cards/{card_id}/pin")]
pub async fn show_my_card_pin(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<String>,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let command = typed(&req, &body, path.into_inner())?;
    let shown = app
        .write_as::<MultiFactor, _, _>(credentials, command, activate::show_pin)
        .await??;
    Ok(pin_response(&shown))
}
