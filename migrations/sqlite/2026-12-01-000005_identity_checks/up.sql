-- Identity-document checks from the identity-verification partner, with the document's
-- portrait (the card photo comes from the document). A green check becomes an account's
-- evidence (identity_verifications) when it is bound.
CREATE TABLE identity_checks (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL,
    document_type TEXT NOT NULL,
    document_number TEXT NOT NULL,
    issuing_country TEXT NOT NULL,
    surname TEXT NOT NULL,
    given_names TEXT NOT NULL,
    date_of_birth DATE NOT NULL,
    nationality TEXT NOT NULL,
    document_expires_on DATE NOT NULL,
    personal_identity_number TEXT,
    mrz TEXT,
    outcome TEXT NOT NULL,
    reason TEXT,
    portrait BLOB NOT NULL,
    portrait_type TEXT NOT NULL,
    portrait_width INTEGER NOT NULL,
    portrait_height INTEGER NOT NULL,
    verifier TEXT NOT NULL,
    account_id TEXT REFERENCES accounts (id),
    evidence_id TEXT,
    created_at TIMESTAMP NOT NULL,
    bound_at TIMESTAMP
);
CREATE INDEX identity_checks_email ON identity_checks (email, created_at);

-- A link to create an account may carry a green check: the person confirms the identity number
-- before it is bound, with a few attempts.
ALTER TABLE signup_links ADD COLUMN identity_check_id TEXT;
ALTER TABLE signup_links ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
