// One portable schema for SQLite and PostgreSQL (only types both backends share); a test checks
// it against the migrations on both.

diesel::table! {
    companies (id) {
        id -> Text,
        name -> Text,
        org_number -> Text,
        created_at -> Timestamp,
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
        nationality -> Text,
        personal_identity_number -> Nullable<Text>,
        document_expires_on -> Nullable<Date>,
        outcome -> Text,
        rejection_reason -> Nullable<Text>,
        verifier -> Text,
        verified_at -> Timestamp,
    }
}

diesel::table! {
    card_orders (id) {
        id -> Text,
        company_id -> Text,
        account_id -> Text,
        card_type -> Text,
        status -> Text,
        given_names -> Text,
        surname -> Text,
        name_to_print -> Text,
        date_of_birth -> Date,
        nationality -> Text,
        personal_identity_number -> Nullable<Text>,
        valid_until -> Date,
        rejection_reason -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
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
    sms_outbox (id) {
        id -> Text,
        recipient -> Text,
        body -> Text,
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

diesel::joinable!(identity_verifications -> accounts (account_id));
diesel::joinable!(card_orders -> accounts (account_id));
diesel::joinable!(card_orders -> companies (company_id));
diesel::joinable!(order_events -> card_orders (order_id));
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
    refresh_tokens,
    sms_outbox,
    rate_limits,
    idempotency_keys,
);
