//! HTTP handlers, registered only through the OpenAPI-aware app so no route goes undocumented.

pub mod accounts;
pub mod bankid;
pub mod card_order_imports;
pub mod cards;
pub mod clients;
pub mod companies;
pub mod company_orders;
pub mod erasure;
pub mod health;
pub mod identity;
pub mod invitations;
pub mod me;
pub mod orders;
pub mod production;
pub mod security_events;
pub mod sign_in;
pub mod visitor_orders;
pub mod webhooks;

use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::live)
        .service(health::ready)
        .service(health::jwks)
        .service(
            scope("/v1")
                .service(sign_in::create_login_challenge)
                .service(sign_in::verify_login_challenge)
                .service(sign_in::resend_login_code)
                .service(sign_in::refresh_tokens)
                .service(sign_in::logout)
                .service(bankid::start_sign_in)
                .service(bankid::get_sign_in)
                .service(bankid::cancel_sign_in)
                .service(me::get_me)
                .service(me::patch_me)
                .service(me::put_contact_details)
                .service(me::patch_contact_details)
                .service(me::sessions::list_sessions)
                .service(me::personal_data::get_personal_data)
                .service(me::personal_data::get_personal_data_portrait)
                .service(me::personal_data::list_data_access)
                .service(me::sessions::revoke_session)
                .service(me::credentials::change_password)
                .service(me::credentials::start_phone_change)
                .service(me::credentials::confirm_phone_change)
                .service(me::credentials::request_password_reset)
                .service(me::credentials::confirm_password_reset)
                .service(orders::list_orders)
                .service(orders::get_order)
                .service(orders::accept_order)
                .service(orders::reject_order)
                .service(orders::list_order_events)
                .service(bankid::start_approval)
                .service(bankid::get_approval)
                .service(bankid::cancel_approval)
                .service(cards::list_my_cards)
                .service(cards::get_my_card)
                .service(cards::activate_my_card)
                .service(cards::show_my_card_pin)
                .service(production::list_production_queue)
                .service(production::get_production_order)
                .service(production::get_production_portrait)
                .service(production::start_production)
                .service(production::mark_produced)
                .service(production::mark_shipped)
                .service(production::mark_delivered)
                .service(production::refuse_production_order)
                .service(cards::company::list_company_cards)
                // Before `{card_id}`, which `export` would otherwise be taken for.
                .service(cards::export::export_cards)
                .service(cards::company::get_company_card)
                .service(cards::company::block_company_card)
                .service(cards::company::unblock_company_card)
                .service(cards::company::terminate_company_card)
                .service(webhooks::endpoints::create_webhook_endpoint)
                .service(webhooks::endpoints::list_webhook_endpoints)
                .service(webhooks::endpoints::get_webhook_endpoint)
                .service(webhooks::endpoints::update_webhook_endpoint)
                .service(webhooks::endpoints::delete_webhook_endpoint)
                .service(webhooks::endpoints::rotate_webhook_secret)
                .service(webhooks::endpoints::send_webhook_test)
                .service(webhooks::deliveries::list_webhook_deliveries)
                .service(webhooks::deliveries::retry_webhook_delivery)
                .service(accounts::create_account)
                .service(clients::token::create_client_token)
                .service(security_events::list_security_events)
                .service(erasure::erase_me)
                .service(erasure::erase_account)
                .service(identity::register_identity_verification)
                .service(identity::get_identity_verification)
                .service(clients::create::create_api_client)
                .service(clients::manage::list_api_clients)
                .service(clients::manage::get_api_client)
                .service(clients::manage::rotate_api_client_secret)
                .service(clients::manage::revoke_api_client)
                .service(companies::create_company)
                .service(companies::get_company)
                .service(companies::invite_member)
                .service(companies::list_members)
                .service(companies::get_member)
                .service(companies::change_member_role)
                .service(companies::remove_member)
                .service(company_orders::place_order)
                .service(company_orders::list_orders)
                // Before `{order_id}`, which `export` would otherwise be taken for.
                .service(company_orders::export::export_orders)
                .service(company_orders::get_order)
                .service(company_orders::edit::edit_order)
                .service(company_orders::cancel::cancel_order)
                .service(company_orders::submit::submit_order)
                .service(company_orders::list_order_events)
                .service(card_order_imports::upload)
                // Before `{import_id}`, which `template` would otherwise be taken for.
                .service(card_order_imports::template_file)
                .service(card_order_imports::get_import)
                .service(card_order_imports::report_file)
                .service(visitor_orders::place_visitor_order)
                .service(visitor_orders::list_visitor_orders)
                .service(visitor_orders::get_visitor_order)
                .service(invitations::create_invitation)
                .service(invitations::list_invitations)
                .service(invitations::get_invitation)
                .service(invitations::resend_invitation)
                .service(invitations::revoke_invitation)
                .service(invitations::open_invitation)
                .service(invitations::submit_invitation),
        );
}
