//! HTTP handlers, registered from one list that also documents them, so no route goes
//! undocumented.

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

use utoipa_actix_web::service_config::ServiceConfig;

/// Two registrations from one list, so they cannot differ: `configure` with each route's
/// documentation, for the contract; `serve` without it, for the workers (each builds its own app,
/// and building every operation's documentation there was a tenth of start-up, issue 21; the
/// served contract is the committed one).
macro_rules! routes {
    (root: [$($root:path),* $(,)?], v1: [$($v1:path),* $(,)?]) => {
        /// The routes with their documentation, for the contract (`contract::spec`).
        pub fn configure(cfg: &mut ServiceConfig) {
            cfg$(.service($root))*
                .service(utoipa_actix_web::scope("/v1")$(.service($v1))*);
        }

        /// The same routes for serving.
        pub fn serve(cfg: &mut actix_web::web::ServiceConfig) {
            cfg$(.service($root))*
                .service(actix_web::web::scope("/v1")$(.service($v1))*);
        }
    };
}

routes! {
    root: [
        health::live,
        health::ready,
        health::jwks,
    ],
    v1: [
        sign_in::create_login_challenge,
        sign_in::verify_login_challenge,
        sign_in::resend_login_code,
        sign_in::refresh_tokens,
        sign_in::logout,
        bankid::start_sign_in,
        bankid::get_sign_in,
        bankid::cancel_sign_in,
        me::get_me,
        me::patch_me,
        me::put_contact_details,
        me::patch_contact_details,
        me::sessions::list_sessions,
        me::personal_data::get_personal_data,
        me::personal_data::get_personal_data_portrait,
        me::personal_data::list_data_access,
        me::sessions::revoke_session,
        me::credentials::change_password,
        me::credentials::start_phone_change,
        me::credentials::confirm_phone_change,
        me::credentials::request_password_reset,
        me::credentials::confirm_password_reset,
        orders::list_orders,
        orders::get_order,
        orders::accept_order,
        orders::reject_order,
        orders::list_order_events,
        bankid::start_approval,
        bankid::get_approval,
        bankid::cancel_approval,
        cards::list_my_cards,
        cards::get_my_card,
        cards::activate_my_card,
        cards::show_my_card_pin,
        production::list_production_queue,
        production::get_production_order,
        production::get_production_portrait,
        production::start_production,
        production::mark_produced,
        production::mark_shipped,
        production::mark_delivered,
        production::refuse_production_order,
        cards::company::list_company_cards,
        // Before `{card_id}`, which `export` would otherwise be taken for.
        cards::export::export_cards,
        cards::company::get_company_card,
        cards::company::block_company_card,
        cards::company::unblock_company_card,
        cards::company::terminate_company_card,
        webhooks::endpoints::create_webhook_endpoint,
        webhooks::endpoints::list_webhook_endpoints,
        webhooks::endpoints::get_webhook_endpoint,
        webhooks::endpoints::update_webhook_endpoint,
        webhooks::endpoints::delete_webhook_endpoint,
        webhooks::endpoints::rotate_webhook_secret,
        webhooks::endpoints::send_webhook_test,
        webhooks::deliveries::list_webhook_deliveries,
        webhooks::deliveries::retry_webhook_delivery,
        accounts::create_account,
        clients::token::create_client_token,
        security_events::list_security_events,
        erasure::erase_me,
        erasure::erase_account,
        identity::register_identity_verification,
        identity::get_identity_verification,
        clients::create::create_api_client,
        clients::manage::list_api_clients,
        clients::manage::get_api_client,
        clients::manage::rotate_api_client_secret,
        clients::manage::revoke_api_client,
        companies::create_company,
        companies::get_company,
        companies::invite_member,
        companies::list_members,
        companies::get_member,
        companies::change_member_role,
        companies::remove_member,
        company_orders::place_order,
        company_orders::list_orders,
        // Before `{order_id}`, which `export` would otherwise be taken for.
        company_orders::export::export_orders,
        company_orders::get_order,
        company_orders::edit::edit_order,
        company_orders::cancel::cancel_order,
        company_orders::submit::submit_order,
        company_orders::list_order_events,
        card_order_imports::upload,
        // Before `{import_id}`, which `template` would otherwise be taken for.
        card_order_imports::template_file,
        card_order_imports::get_import,
        card_order_imports::report_file,
        visitor_orders::place_visitor_order,
        visitor_orders::list_visitor_orders,
        visitor_orders::get_visitor_order,
        invitations::create_invitation,
        invitations::list_invitations,
        invitations::get_invitation,
        invitations::resend_invitation,
        invitations::revoke_invitation,
        invitations::open_invitation,
        invitations::submit_invitation,
    ]
}
