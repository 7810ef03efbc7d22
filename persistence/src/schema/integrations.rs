//! The tables of the integrations: webhooks (endpoints, deliveries, attempts) and BankID
//! identifications. Declared apart from the core tables only to keep each file small; the
//! parent module re-exports them and lets them appear in queries with every other table
//! (`allow_tables_to_appear_in_same_query!` there).

use super::companies;

diesel::table! {
    webhook_endpoints (id) {
        id -> Text,
        company_id -> Text,
        url -> Text,
        description -> Nullable<Text>,
        event_types -> Text,
        secret_sealed -> Text,
        secret_key_id -> Text,
        previous_secret_sealed -> Nullable<Text>,
        previous_secret_key_id -> Nullable<Text>,
        previous_secret_expires_at -> Nullable<Timestamp>,
        status -> Text,
        disabled_reason -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        enabled_at -> Timestamp,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Text,
        endpoint_id -> Text,
        event_id -> Text,
        event_type -> Text,
        object_id -> Text,
        payload -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        last_status_code -> Nullable<Integer>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        completed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    webhook_attempts (id) {
        id -> Text,
        delivery_id -> Text,
        attempted_at -> Timestamp,
        duration_ms -> Integer,
        status_code -> Nullable<Integer>,
        error -> Nullable<Text>,
    }
}

diesel::table! {
    bankid_attempts (id) {
        id -> Text,
        purpose -> Text,
        account_id -> Nullable<Text>,
        order_id -> Nullable<Text>,
        attempt_token_hash -> Nullable<Text>,
        order_ref -> Text,
        auto_start_token -> Text,
        qr_start_token -> Text,
        qr_start_secret_sealed -> Text,
        qr_secret_key_id -> Text,
        end_user_ip -> Text,
        user_agent -> Nullable<Text>,
        same_device -> Bool,
        require_mrtd -> Bool,
        required_personal_number -> Nullable<Text>,
        status -> Text,
        hint_code -> Nullable<Text>,
        failure_code -> Nullable<Text>,
        stepup_mrtd -> Nullable<Bool>,
        evidence_id -> Nullable<Text>,
        session_id -> Nullable<Text>,
        started_at -> Timestamp,
        next_collect_at -> Timestamp,
        claimed_until -> Nullable<Timestamp>,
        last_polled_at -> Timestamp,
        completed_at -> Nullable<Timestamp>,
        version -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(webhook_endpoints -> companies (company_id));
diesel::joinable!(webhook_deliveries -> webhook_endpoints (endpoint_id));
diesel::joinable!(webhook_attempts -> webhook_deliveries (delivery_id));
