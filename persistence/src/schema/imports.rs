//! The tables of spreadsheet imports of card orders. Declared apart from the core tables only
//! to keep each file small; re-exported by the parent module.

diesel::table! {
    card_order_imports (id) {
        id -> Text,
        company_id -> Text,
        actor_kind -> Text,
        actor_id -> Text,
        mode -> Text,
        format -> Text,
        status -> Text,
        column_map -> Text,
        unknown_columns -> Text,
        read_as_windows_1252 -> Bool,
        language -> Text,
        total_rows -> Integer,
        valid_rows -> Integer,
        invalid_rows -> Integer,
        placed_rows -> Integer,
        processed_rows -> Integer,
        claimed_until -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        completed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    card_order_import_rows (id) {
        id -> Text,
        import_id -> Text,
        row_number -> Integer,
        status -> Text,
        problems -> Text,
        order_id -> Nullable<Text>,
        payload -> Nullable<Text>,
    }
}

diesel::joinable!(card_order_import_rows -> card_order_imports (import_id));
