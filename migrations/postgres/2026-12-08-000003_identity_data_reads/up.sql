-- Every read of a person's identity data by someone else (issue 19): who, what, when, through
-- which operation, written in the transaction of the read; the person lists it at
-- GET /v1/me/data-access. The person is named by account, or by email for a document check not
-- yet bound to one.
CREATE TABLE identity_data_reads (
    id TEXT PRIMARY KEY NOT NULL,
    subject_account_id TEXT,
    subject_email TEXT,
    reader_kind TEXT NOT NULL,
    reader_id TEXT NOT NULL,
    company_id TEXT,
    what TEXT NOT NULL,
    object_id TEXT NOT NULL,
    operation TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX identity_data_reads_account ON identity_data_reads (subject_account_id, created_at, id);
CREATE INDEX identity_data_reads_email ON identity_data_reads (subject_email, created_at, id);
CREATE INDEX identity_data_reads_created ON identity_data_reads (created_at);
