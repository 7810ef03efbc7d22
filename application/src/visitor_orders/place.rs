//! Ordering visitor cards: a quantity, validity and delivery (the company's default address
//! unless given). Approved at once, with its first event in the audit trail.

use chrono::{Months, NaiveDate};
use domain::{CompanyAction, CompanyId, DeliveryAddress, EventId, OrderStatus, VisitorOrderId};
use persistence::{
    events, visitor_orders, AddressRow, DbConn, NewEvent, NewVisitorOrder, VisitorOrderRow,
};

use crate::companies::access;
use crate::error::{AppError, AppResult, FieldError};
use crate::principal::Principal;
use crate::{ids, Context};

/// Visitor cards per order.
pub const MAX_QUANTITY: i32 = 100;
/// A visitor card is valid at most this long (the longest any ID06 card is).
pub const MAX_VALIDITY_MONTHS: u32 = 60;

pub struct PlaceVisitorOrder {
    pub company_id: CompanyId,
    pub quantity: i32,
    pub valid_until: NaiveDate,
    pub delivery_address: Option<DeliveryAddress>,
}

pub fn place(
    conn: &mut DbConn,
    who: &Principal,
    cmd: PlaceVisitorOrder,
    ctx: &Context,
) -> AppResult<VisitorOrderRow> {
    let now = ctx.now();
    let today = now.date();
    let acting = access::require(conn, who, &cmd.company_id, CompanyAction::Order)?;
    let mut errors = Vec::new();
    if !(1..=MAX_QUANTITY).contains(&cmd.quantity) {
        errors.push(FieldError::new(
            "quantity",
            "out_of_range",
            crate::texts::Text::new("field-quantity-out_of_range")
                .with("max", i64::from(MAX_QUANTITY)),
        ));
    }
    let max = today
        .checked_add_months(Months::new(MAX_VALIDITY_MONTHS))
        .unwrap_or(NaiveDate::MAX);
    if cmd.valid_until <= today || cmd.valid_until > max {
        errors.push(FieldError::new(
            "valid_until",
            "invalid_validity",
            crate::texts::Text::new("field-invalid_validity-between").with("max", max.to_string()),
        ));
    }
    let delivery = match &cmd.delivery_address {
        Some(a) => Some(AddressRow::of(a)),
        None => acting.company.delivery_address(),
    };
    if delivery.is_none() {
        errors.push(FieldError::new(
            "delivery_address",
            "required",
            crate::texts::Text::new("field-delivery_address-required"),
        ));
    }
    let (Some(delivery), true) = (delivery, errors.is_empty()) else {
        return Err(AppError::validation(errors));
    };
    let id: VisitorOrderId = ids::new();
    visitor_orders::insert(
        conn,
        &NewVisitorOrder {
            id: &id,
            company_id: &cmd.company_id,
            status: OrderStatus::Approved,
            quantity: cmd.quantity,
            valid_until: cmd.valid_until,
            delivery: &delivery,
            now,
        },
    )?;
    let actor = acting.actor();
    let event_id: EventId = ids::new();
    events::insert(
        conn,
        &NewEvent {
            id: &event_id,
            order_id: &id.clone().into(),
            actor_id: &actor.id,
            actor_kind: actor.kind,
            from_status: None,
            to_status: OrderStatus::Approved,
            reason: None,
            created_at: now,
            proof: None,
        },
    )?;
    tracing::info!(event = "visitor_order_placed", order_id = %id, quantity = cmd.quantity, "visitor cards ordered");
    let placed = visitor_orders::find(conn, &cmd.company_id, &id)?.ok_or(AppError::NotFound)?;
    crate::webhooks::emit(
        conn,
        ctx,
        domain::EventType::OrderCreated,
        &event_id,
        crate::webhooks::Subject::VisitorOrder(&placed),
        now,
    )?;
    Ok(placed)
}
