// One portable schema for SQLite and PostgreSQL (only types both backends share); a test checks
// it against the migrations on both.

mod identity;
mod imports;
mod integrations;
pub use identity::{identity_checks, identity_data_reads, identity_portraits, pending_sealing};
pub use imports::{card_order_import_rows, card_order_imports};
pub use integrations::{bankid_attempts, webhook_attempts, webhook_deliveries, webhook_endpoints};

diesel::table! {
    companies (id) {
        id -> Text,
        name -> Text,
        org_number -> Text,
        created_at -> Timestamp,
        delivery_name -> Nullable<Text>,
        delivery_street -> Nullable<Text>,
        delivery_postal_code -> Nullable<Text>,
        delivery_city -> Nullable<Text>,
        delivery_country -> Nullable<Text>,
    }
}

diesel::table! {
    accounts (id) {
        id -> Text,
        email -> Text,
        password_hash -> Text,
        phone -> Text,
        given_names -> Text,
        surname -> Text,
        contact_phone -> Nullable<Text>,
        contact_email -> Nullable<Text>,
        contact_address -> Nullable<Text>,
        contact_postal_code -> Nullable<Text>,
        contact_city -> Nullable<Text>,
        contact_country -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        platform_role -> Nullable<Text>,
        erasure_requested_at -> Nullable<Timestamp>,
        language -> Text,
    }
}

diesel::table! {
    identity_verifications (id) {
        id -> Text,
        account_id -> Text,
        source -> Text,
        document_number -> Text,
        issuing_country -> Text,
        name_zone -> Text,
        surname -> Text,
        given_names -> Text,
        date_of_birth -> Date,
        nationality -> Nullable<Text>,
        personal_identity_number -> Nullable<Text>,
        document_expires_on -> Nullable<Date>,
        outcome -> Text,
        rejection_reason -> Nullable<Text>,
        verifier -> Text,
        verified_at -> Timestamp,
        personal_identity_number_index -> Nullable<Text>,
    }
}

diesel::table! {
    card_orders (id) {
        id -> Text,
        company_id -> Text,
        account_id -> Nullable<Text>,
        cardholder_email -> Text,
        cardholder_phone -> Text,
        card_type -> Text,
        status -> Text,
        given_names -> Text,
        surname -> Text,
        name_to_print -> Text,
        name_to_print_chosen -> Bool,
        name_search -> Text,
        date_of_birth -> Date,
        nationality -> Text,
        personal_identity_number -> Nullable<Text>,
        valid_until -> Date,
        delivery_name -> Nullable<Text>,
        delivery_street -> Text,
        delivery_postal_code -> Text,
        delivery_city -> Text,
        delivery_country -> Text,
        invitation_id -> Nullable<Text>,
        rejection_reason -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        personal_identity_number_index -> Nullable<Text>,
        personal_data_erased_at -> Nullable<Timestamp>,
        language -> Text,
    }
}

diesel::table! {
    order_events (id) {
        id -> Text,
        order_id -> Text,
        actor_id -> Text,
        actor_kind -> Text,
        from_status -> Nullable<Text>,
        to_status -> Text,
        reason -> Nullable<Text>,
        created_at -> Timestamp,
        identity_proof -> Nullable<Text>,
    }
}

diesel::table! {
    login_challenges (id) {
        id -> Text,
        account_id -> Text,
        code_hash -> Text,
        attempts -> Integer,
        sends -> Integer,
        expires_at -> Timestamp,
        last_sent_at -> Timestamp,
        consumed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        account_id -> Text,
        auth_level -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        last_active_at -> Nullable<Timestamp>,
        client_address -> Nullable<Text>,
        user_agent -> Nullable<Text>,
    }
}

diesel::table! {
    api_clients (id) {
        id -> Text,
        name -> Text,
        role -> Text,
        company_id -> Nullable<Text>,
        scopes -> Text,
        secret_hash -> Text,
        previous_secret_hash -> Nullable<Text>,
        previous_secret_expires_at -> Nullable<Timestamp>,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    security_events (id) {
        id -> Text,
        kind -> Text,
        account_id -> Nullable<Text>,
        client_id -> Nullable<Text>,
        email -> Nullable<Text>,
        client_address -> Nullable<Text>,
        detail -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    known_sign_ins (account_id, address_hash) {
        account_id -> Text,
        address_hash -> Text,
        last_at -> Timestamp,
    }
}

diesel::table! {
    password_resets (token_hash) {
        token_hash -> Text,
        account_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    phone_changes (id) {
        id -> Text,
        account_id -> Text,
        phone -> Text,
        code_hash -> Text,
        attempts -> Integer,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        consumed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    refresh_tokens (token_hash) {
        token_hash -> Text,
        session_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    outbox (id) {
        id -> Text,
        channel -> Text,
        recipient -> Text,
        subject -> Nullable<Text>,
        body -> Text,
        link -> Nullable<Text>,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        sent_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    rate_limits (key) {
        key -> Text,
        window_start -> Timestamp,
        hits -> Integer,
    }
}

diesel::table! {
    idempotency_keys (principal, key) {
        principal -> Text,
        key -> Text,
        fingerprint -> Text,
        status_code -> Integer,
        body -> Text,
        created_at -> Timestamp,
        etag -> Nullable<Text>,
    }
}

diesel::table! {
    visitor_orders (id) {
        id -> Text,
        company_id -> Text,
        status -> Text,
        quantity -> Integer,
        valid_until -> Date,
        delivery_name -> Nullable<Text>,
        delivery_street -> Text,
        delivery_postal_code -> Text,
        delivery_city -> Text,
        delivery_country -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    memberships (id) {
        id -> Text,
        company_id -> Text,
        email -> Text,
        account_id -> Nullable<Text>,
        role -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    signup_links (token_hash) {
        token_hash -> Text,
        email -> Text,
        platform_role -> Nullable<Text>,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        identity_check_id -> Nullable<Text>,
        attempts -> Integer,
        language -> Text,
    }
}

diesel::table! {
    invitations (id) {
        id -> Text,
        company_id -> Text,
        email -> Text,
        card_type -> Text,
        valid_until -> Nullable<Date>,
        delivery_name -> Nullable<Text>,
        delivery_street -> Nullable<Text>,
        delivery_postal_code -> Nullable<Text>,
        delivery_city -> Nullable<Text>,
        delivery_country -> Nullable<Text>,
        token_hash -> Text,
        status -> Text,
        expires_at -> Timestamp,
        sends -> Integer,
        order_id -> Nullable<Text>,
        created_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        language -> Text,
    }
}

diesel::table! {
    cards (id) {
        id -> Text,
        number -> Text,
        kind -> Text,
        company_id -> Text,
        order_id -> Text,
        account_id -> Nullable<Text>,
        name_to_print -> Nullable<Text>,
        name_search -> Nullable<Text>,
        valid_until -> Date,
        status -> Text,
        status_reason -> Nullable<Text>,
        pin_ciphertext -> Nullable<Text>,
        pin_key_id -> Nullable<Text>,
        activated_at -> Nullable<Timestamp>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    card_events (id) {
        id -> Text,
        card_id -> Text,
        actor_id -> Text,
        actor_kind -> Text,
        from_status -> Nullable<Text>,
        to_status -> Text,
        reason -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    shipments (order_id) {
        order_id -> Text,
        carrier -> Text,
        tracking_number -> Text,
        shipped_at -> Timestamp,
        delivered_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(identity_verifications -> accounts (account_id));
diesel::joinable!(card_orders -> accounts (account_id));
diesel::joinable!(identity_portraits -> identity_checks (check_id));
diesel::joinable!(card_orders -> companies (company_id));
diesel::joinable!(visitor_orders -> companies (company_id));
diesel::joinable!(cards -> companies (company_id));
diesel::joinable!(card_events -> cards (card_id));
diesel::joinable!(memberships -> companies (company_id));
diesel::joinable!(memberships -> accounts (account_id));
diesel::joinable!(invitations -> companies (company_id));
diesel::joinable!(card_order_imports -> companies (company_id));
diesel::joinable!(login_challenges -> accounts (account_id));
diesel::joinable!(sessions -> accounts (account_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));

diesel::allow_tables_to_appear_in_same_query!(
    companies,
    accounts,
    identity_verifications,
    card_orders,
    order_events,
    login_challenges,
    sessions,
    api_clients,
    identity_checks,
    identity_portraits,
    identity_data_reads,
    pending_sealing,
    security_events,
    known_sign_ins,
    password_resets,
    phone_changes,
    refresh_tokens,
    outbox,
    visitor_orders,
    memberships,
    signup_links,
    invitations,
    rate_limits,
    idempotency_keys,
    cards,
    card_events,
    shipments,
    webhook_endpoints,
    webhook_deliveries,
    webhook_attempts,
    bankid_attempts,
    card_order_imports,
    card_order_import_rows,
);
