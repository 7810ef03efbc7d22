//! HTTP handlers, registered only through the OpenAPI-aware app so no route goes undocumented.

pub mod accounts;
pub mod api_clients;
pub mod auth;
pub mod bankid;
pub mod cards;
pub mod companies;
pub mod company_cards;
pub mod company_order_changes;
pub mod company_orders;
pub mod credentials;
pub mod health;
pub mod identity_verifications;
pub mod invitations;
pub mod me;
pub mod oauth;
pub mod orders;
pub mod production;
pub mod security_events;
pub mod sessions;
pub mod visitor_orders;
pub mod webhook_deliveries;
pub mod webhooks;

use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::live)
        .service(health::ready)
        .service(health::jwks)
        .service(
            scope("/v1")
                .service(auth::create_login_challenge)
                .service(auth::verify_login_challenge)
                .service(auth::resend_login_code)
                .service(auth::refresh_tokens)
                .service(auth::logout)
                .service(bankid::start_sign_in)
                .service(bankid::get_sign_in)
                .service(bankid::cancel_sign_in)
                .service(me::get_me)
                .service(me::put_contact_details)
                .service(me::patch_contact_details)
                .service(sessions::list_sessions)
                .service(sessions::revoke_session)
                .service(credentials::change_password)
                .service(credentials::start_phone_change)
                .service(credentials::confirm_phone_change)
                .service(credentials::request_password_reset)
                .service(credentials::confirm_password_reset)
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
                .service(company_cards::list_company_cards)
                .service(company_cards::get_company_card)
                .service(company_cards::block_company_card)
                .service(company_cards::unblock_company_card)
                .service(company_cards::terminate_company_card)
                .service(webhooks::create_webhook_endpoint)
                .service(webhooks::list_webhook_endpoints)
                .service(webhooks::get_webhook_endpoint)
                .service(webhooks::update_webhook_endpoint)
                .service(webhooks::delete_webhook_endpoint)
                .service(webhooks::rotate_webhook_secret)
                .service(webhooks::send_webhook_test)
                .service(webhook_deliveries::list_webhook_deliveries)
                .service(webhook_deliveries::retry_webhook_delivery)
                .service(accounts::create_account)
                .service(oauth::create_client_token)
                .service(security_events::list_security_events)
                .service(identity_verifications::register_identity_verification)
                .service(identity_verifications::get_identity_verification)
                .service(api_clients::create_api_client)
                .service(api_clients::list_api_clients)
                .service(api_clients::get_api_client)
                .service(api_clients::rotate_api_client_secret)
                .service(api_clients::revoke_api_client)
                .service(companies::create_company)
                .service(companies::get_company)
                .service(companies::invite_member)
                .service(companies::list_members)
                .service(companies::get_member)
                .service(companies::change_member_role)
                .service(companies::remove_member)
                .service(company_orders::place_order)
                .service(company_orders::list_orders)
                .service(company_orders::get_order)
                .service(company_order_changes::edit_order)
                .service(company_order_changes::cancel_order)
                .service(company_order_changes::submit_order)
                .service(company_orders::list_order_events)
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
