use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::{AccountId, CardKind, CompanyId, InvitationId, Language, OrderId, OrderStatus};

use crate::address::AddressRow;
use crate::schema::{card_orders, companies};
use crate::{DbConn, Result, Sealed, SealedNumber};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = card_orders)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct OrderRow {
    #[diesel(deserialize_as = String)]
    pub id: OrderId,
    #[diesel(deserialize_as = String)]
    pub company_id: CompanyId,
    /// The cardholder's account; `None` until a person with the cardholder's email has one.
    #[diesel(deserialize_as = crate::OptionalText)]
    pub account_id: Option<AccountId>,
    pub cardholder_email: String,
    pub cardholder_phone: String,
    #[diesel(deserialize_as = String)]
    pub card_type: CardKind,
    #[diesel(deserialize_as = String)]
    pub status: OrderStatus,
    pub given_names: String,
    pub surname: String,
    pub name_to_print: String,
    /// Chosen by the orderer, not derived from the name (see `domain::OrderPerson`).
    pub name_to_print_chosen: bool,
    pub date_of_birth: NaiveDate,
    pub nationality: String,
    #[diesel(deserialize_as = crate::OptionalText)]
    pub personal_identity_number: Option<Sealed>,
    pub valid_until: NaiveDate,
    pub delivery_name: Option<String>,
    pub delivery_street: String,
    pub delivery_postal_code: String,
    pub delivery_city: String,
    pub delivery_country: String,
    #[diesel(deserialize_as = crate::OptionalText)]
    pub invitation_id: Option<InvitationId>,
    pub rejection_reason: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// When retention or erasure removed the cardholder's personal data from the order (the
    /// names, contact details, number and address are then empty and the date of birth a
    /// placeholder: read this first).
    pub personal_data_erased_at: Option<NaiveDateTime>,
    /// The language the cardholder is written to in until their account has its own.
    #[diesel(deserialize_as = String)]
    pub language: Language,
}

impl OrderRow {
    /// Whether `account` is this order's cardholder.
    pub fn is_cardholder(&self, account: &AccountId) -> bool {
        self.account_id.as_ref() == Some(account)
    }

    pub fn delivery_address(&self) -> AddressRow {
        AddressRow {
            name: self.delivery_name.clone(),
            street: self.delivery_street.clone(),
            postal_code: self.delivery_postal_code.clone(),
            city: self.delivery_city.clone(),
            country: self.delivery_country.clone(),
        }
    }
}

/// An order with the ordering company's name and organisation number.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct OrderWithCompany {
    #[diesel(embed)]
    pub order: OrderRow,
    #[diesel(select_expression = companies::name)]
    pub company_name: String,
    #[diesel(select_expression = companies::org_number)]
    pub company_org_number: String,
}

/// What a list of the cardholder's orders shows of each: a tenth of an order's columns, so a
/// page reads and decodes only those.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = card_orders)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct OrderSummaryRow {
    #[diesel(deserialize_as = String)]
    pub id: OrderId,
    #[diesel(deserialize_as = String)]
    pub status: OrderStatus,
    #[diesel(deserialize_as = String)]
    pub card_type: CardKind,
    pub name_to_print: String,
    pub valid_until: NaiveDate,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    #[diesel(select_expression = companies::name)]
    pub company_name: String,
    #[diesel(select_expression = companies::org_number)]
    pub company_org_number: String,
}

#[derive(Debug, Clone)]
pub struct NewOrder<'a> {
    pub id: &'a OrderId,
    pub company_id: &'a CompanyId,
    pub account_id: Option<&'a AccountId>,
    pub cardholder_email: &'a str,
    pub cardholder_phone: &'a str,
    pub card_type: CardKind,
    pub status: OrderStatus,
    pub person: PersonColumns<'a>,
    pub valid_until: NaiveDate,
    pub delivery: &'a AddressRow,
    pub invitation_id: Option<&'a InvitationId>,
    pub rejection_reason: Option<&'a str>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub language: Language,
}

/// The person data of an order, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonColumns<'a> {
    pub given_names: &'a str,
    pub surname: &'a str,
    pub name_to_print: &'a str,
    pub name_to_print_chosen: bool,
    /// The folded full name that name searches match.
    pub name_search: &'a str,
    pub date_of_birth: NaiveDate,
    pub nationality: &'a str,
    pub personal_identity_number: Option<&'a SealedNumber>,
}

/// Where a page of a newest-first list continues: strictly older than this row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderCursor {
    pub created_at: NaiveDateTime,
    pub id: OrderId,
}

/// The language of the newest order for a cardholder with this email and no account yet, if
/// there is one (the orders no account has claimed: the index `card_orders_unclaimed`).
pub fn unclaimed_language(conn: &mut DbConn, email: &str) -> Result<Option<Language>> {
    let raw: Option<String> = card_orders::table
        .filter(card_orders::cardholder_email.eq(email))
        .filter(card_orders::account_id.is_null())
        .order((card_orders::created_at.desc(), card_orders::id.desc()))
        .select(card_orders::language)
        .first(conn)
        .optional()?;
    raw.map(|r| crate::typed::parse_one(r, "card_orders.language"))
        .transpose()
}

pub fn insert(conn: &mut DbConn, o: &NewOrder<'_>) -> Result<()> {
    use card_orders as c;
    diesel::insert_into(c::table)
        .values((
            (
                c::id.eq(o.id.as_str()),
                c::company_id.eq(o.company_id.as_str()),
                c::account_id.eq(o.account_id.map(AccountId::as_str)),
                c::cardholder_email.eq(o.cardholder_email),
                c::cardholder_phone.eq(o.cardholder_phone),
                c::card_type.eq(o.card_type.as_str()),
                c::status.eq(o.status.as_str()),
                c::valid_until.eq(o.valid_until),
            ),
            person_columns(&o.person),
            (
                c::delivery_name.eq(o.delivery.name.as_deref()),
                c::delivery_street.eq(&o.delivery.street),
                c::delivery_postal_code.eq(&o.delivery.postal_code),
                c::delivery_city.eq(&o.delivery.city),
                c::delivery_country.eq(&o.delivery.country),
                c::invitation_id.eq(o.invitation_id.map(InvitationId::as_str)),
            ),
            (
                c::rejection_reason.eq(o.rejection_reason),
                c::version.eq(o.version),
                c::created_at.eq(o.created_at),
                c::updated_at.eq(o.updated_at),
                c::language.eq(o.language.as_str()),
            ),
        ))
        .execute(conn)?;
    Ok(())
}

#[allow(clippy::type_complexity)]
fn person_columns<'a>(
    p: &PersonColumns<'a>,
) -> (
    diesel::dsl::Eq<card_orders::given_names, &'a str>,
    diesel::dsl::Eq<card_orders::surname, &'a str>,
    diesel::dsl::Eq<card_orders::name_to_print, &'a str>,
    diesel::dsl::Eq<card_orders::name_to_print_chosen, bool>,
    diesel::dsl::Eq<card_orders::name_search, &'a str>,
    diesel::dsl::Eq<card_orders::date_of_birth, NaiveDate>,
    diesel::dsl::Eq<card_orders::nationality, &'a str>,
    diesel::dsl::Eq<card_orders::personal_identity_number, Option<String>>,
    diesel::dsl::Eq<card_orders::personal_identity_number_index, Option<&'a str>>,
) {
    use card_orders as c;
    (
        c::given_names.eq(p.given_names),
        c::surname.eq(p.surname),
        c::name_to_print.eq(p.name_to_print),
        c::name_to_print_chosen.eq(p.name_to_print_chosen),
        c::name_search.eq(p.name_search),
        c::date_of_birth.eq(p.date_of_birth),
        c::nationality.eq(p.nationality),
        c::personal_identity_number.eq(p.personal_identity_number.map(|n| n.sealed.stored())),
        c::personal_identity_number_index.eq(p.personal_identity_number.map(|n| n.index.as_str())),
    )
}

/// The order if it belongs to the account (the cardholder); `None` for others' orders too.
pub fn find_for_account(
    conn: &mut DbConn,
    order_id: &OrderId,
    account_id: &AccountId,
) -> Result<Option<OrderWithCompany>> {
    Ok(on_backend!(conn, |c| card_orders::table
        .inner_join(companies::table)
        .filter(card_orders::id.eq(order_id.as_str()))
        .filter(card_orders::account_id.eq(account_id.as_str()))
        .select(OrderWithCompany::as_select())
        .first(c)
        .optional())?)
}

/// Up to `limit` orders of the account, newest first, after `cursor`, optionally of one status.
pub fn list_for_account(
    conn: &mut DbConn,
    account_id: &AccountId,
    status: Option<OrderStatus>,
    cursor: Option<&OrderCursor>,
    limit: i64,
) -> Result<Vec<OrderSummaryRow>> {
    // The same boxed query on either backend's own connection (see `on_backend`).
    macro_rules! page {
        ($c:ident) => {{
            let mut q = card_orders::table
                .inner_join(companies::table)
                .filter(card_orders::account_id.eq(account_id.as_str()))
                .select(OrderSummaryRow::as_select())
                .order((card_orders::created_at.desc(), card_orders::id.desc()))
                .limit(limit)
                .into_boxed();
            if let Some(s) = status {
                q = q.filter(card_orders::status.eq(s.as_str()));
            }
            if let Some(c) = cursor {
                // The plain bound first: with the OR alone the planner scans instead of seeking.
                q = q.filter(card_orders::created_at.le(c.created_at)).filter(
                    card_orders::created_at
                        .lt(c.created_at)
                        .or(card_orders::created_at
                            .eq(c.created_at)
                            .and(card_orders::id.lt(c.id.as_str()))),
                );
            }
            q.load($c)
        }};
    }
    Ok(on_backend!(conn, |c| page!(c))?)
}

/// Moves the order from the state and version it was read in to `to`. Returns false when someone
/// else changed it first (the caller answers 409): a stale version never overwrites a newer one.
pub fn transition(
    conn: &mut DbConn,
    order_id: &OrderId,
    expected_version: i64,
    to: OrderStatus,
    rejection_reason: Option<&str>,
    now: NaiveDateTime,
) -> Result<bool> {
    let n = diesel::update(
        card_orders::table
            .filter(card_orders::id.eq(order_id.as_str()))
            .filter(card_orders::version.eq(expected_version)),
    )
    .set((
        card_orders::status.eq(to.as_str()),
        card_orders::rejection_reason.eq(rejection_reason),
        card_orders::version.eq(expected_version + 1),
        card_orders::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// The order with its company and the cardholder's account, in one query, if the order is the
/// account's: what a cardholder's review needs.
pub fn find_with_account(
    conn: &mut DbConn,
    order_id: &OrderId,
    account_id: &AccountId,
) -> Result<Option<(OrderWithCompany, crate::AccountRow)>> {
    use crate::schema::accounts;
    Ok(on_backend!(conn, |c| card_orders::table
        .inner_join(companies::table)
        .inner_join(accounts::table)
        .filter(card_orders::id.eq(order_id.as_str()))
        .filter(card_orders::account_id.eq(account_id.as_str()))
        .select((
            OrderWithCompany::as_select(),
            crate::AccountRow::as_select(),
        ))
        .first(c)
        .optional())?)
}

/// What [`find_with_account`] finds, with the account's verified (green) evidence, oldest
/// first, from the same statement: a review's and an accept's whole read besides the session.
/// The evidence comes as a left join, one row per evidence (an account has few), so an order
/// without any is still found.
pub fn find_for_review(
    conn: &mut DbConn,
    order_id: &OrderId,
    account_id: &AccountId,
) -> Result<Option<(OrderWithCompany, crate::AccountRow, Vec<crate::EvidenceRow>)>> {
    use crate::schema::{accounts, identity_verifications as iv};
    let rows: Vec<(
        OrderWithCompany,
        crate::AccountRow,
        Option<crate::EvidenceRow>,
    )> = on_backend!(conn, |c| card_orders::table
        .inner_join(companies::table)
        .inner_join(accounts::table)
        .left_join(
            iv::table.on(iv::account_id
                .nullable()
                .eq(card_orders::account_id)
                .and(iv::outcome.eq(domain::Verdict::Green.as_str()))),
        )
        .filter(card_orders::id.eq(order_id.as_str()))
        .filter(card_orders::account_id.eq(account_id.as_str()))
        .order((iv::verified_at.asc(), iv::id.asc()))
        .select((
            OrderWithCompany::as_select(),
            crate::AccountRow::as_select(),
            Option::<crate::EvidenceRow>::as_select(),
        ))
        .load(c))?;
    let mut rows = rows.into_iter();
    Ok(rows.next().map(|(order, account, first)| {
        let evidence = first
            .into_iter()
            .chain(rows.filter_map(|(_, _, e)| e))
            .collect();
        (order, account, evidence)
    }))
}

pub fn find(conn: &mut DbConn, order_id: &OrderId) -> Result<Option<OrderRow>> {
    Ok(card_orders::table
        .find(order_id.as_str())
        .select(OrderRow::as_select())
        .first(conn)
        .optional()?)
}

/// Orders waiting for the cardholder's review since before `before` (their last change), oldest
/// first: what the expiry job expires.
pub fn stale_reviews(conn: &mut DbConn, before: NaiveDateTime, limit: i64) -> Result<Vec<OrderId>> {
    let ids: Vec<String> = card_orders::table
        .filter(card_orders::status.eq(OrderStatus::WaitingForReview.as_str()))
        .filter(card_orders::updated_at.lt(before))
        .order((card_orders::updated_at.asc(), card_orders::id.asc()))
        .limit(limit)
        .select(card_orders::id)
        .load(conn)?;
    crate::typed::parse_all(ids, "card_orders.id")
}
