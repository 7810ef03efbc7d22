-- Card orders imported from a spreadsheet (issue 20). An import is checked when it is
-- uploaded and placed by a job; its rows keep their problems (codes and the values their
-- messages name, never a cell's content), the order each placed, and — sealed, only until the
-- order is placed — the values of a valid row.
CREATE TABLE card_order_imports (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies (id),
    actor_kind TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    mode TEXT NOT NULL,
    format TEXT NOT NULL,
    status TEXT NOT NULL,
    column_map TEXT NOT NULL,
    unknown_columns TEXT NOT NULL,
    read_as_windows_1252 BOOLEAN NOT NULL DEFAULT 0,
    language TEXT NOT NULL,
    total_rows INTEGER NOT NULL,
    valid_rows INTEGER NOT NULL,
    invalid_rows INTEGER NOT NULL,
    placed_rows INTEGER NOT NULL DEFAULT 0,
    processed_rows INTEGER NOT NULL DEFAULT 0,
    claimed_until TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    completed_at TIMESTAMP
);
CREATE INDEX card_order_imports_company ON card_order_imports (company_id, created_at, id);
CREATE INDEX card_order_imports_due ON card_order_imports (created_at)
    WHERE status IN ('queued', 'running');
CREATE INDEX card_order_imports_ended ON card_order_imports (completed_at);

CREATE TABLE card_order_import_rows (
    id TEXT PRIMARY KEY NOT NULL,
    import_id TEXT NOT NULL REFERENCES card_order_imports (id) ON DELETE CASCADE,
    row_number INTEGER NOT NULL,
    status TEXT NOT NULL,
    problems TEXT NOT NULL,
    order_id TEXT,
    payload TEXT
);
CREATE UNIQUE INDEX card_order_import_rows_number ON card_order_import_rows (import_id, row_number);
CREATE INDEX card_order_import_rows_pending ON card_order_import_rows (import_id, row_number)
    WHERE status = 'pending';
