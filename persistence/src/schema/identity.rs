//! The tables of identity evidence from the identity-verification partner: document checks,
//! their sealed portraits, the log of reads of a person's identity data, and the sealing the
//! migrations leave to the service. Declared apart from the core tables only to keep each file
//! small; the parent module re-exports them and lets them appear in queries with every other
//! table (`allow_tables_to_appear_in_same_query!` there).

diesel::table! {
    identity_checks (id) {
        id -> Text,
        email -> Text,
        document_type -> Text,
        document_number -> Text,
        issuing_country -> Text,
        surname -> Text,
        given_names -> Text,
        date_of_birth -> Date,
        nationality -> Text,
        document_expires_on -> Date,
        personal_identity_number -> Nullable<Text>,
        mrz -> Nullable<Text>,
        outcome -> Text,
        reason -> Nullable<Text>,
        portrait_type -> Text,
        portrait_width -> Integer,
        portrait_height -> Integer,
        verifier -> Text,
        account_id -> Nullable<Text>,
        evidence_id -> Nullable<Text>,
        created_at -> Timestamp,
        bound_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    identity_portraits (check_id) {
        check_id -> Text,
        sealed -> Binary,
        key_id -> Nullable<Text>,
    }
}

diesel::table! {
    identity_data_reads (id) {
        id -> Text,
        subject_account_id -> Nullable<Text>,
        subject_email -> Nullable<Text>,
        reader_kind -> Text,
        reader_id -> Text,
        company_id -> Nullable<Text>,
        what -> Text,
        object_id -> Text,
        operation -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    pending_sealing (step) {
        step -> Text,
    }
}
