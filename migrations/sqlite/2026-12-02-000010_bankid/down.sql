DROP TABLE bankid_attempts;
DROP INDEX identity_verifications_number;
DELETE FROM identity_verifications WHERE nationality IS NULL;
CREATE TABLE identity_verifications_old (
    id TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    source TEXT NOT NULL,
    document_number TEXT NOT NULL,
    issuing_country TEXT NOT NULL,
    name_zone TEXT NOT NULL,
    surname TEXT NOT NULL,
    given_names TEXT NOT NULL,
    date_of_birth DATE NOT NULL,
    nationality TEXT NOT NULL,
    personal_identity_number TEXT,
    document_expires_on DATE,
    outcome TEXT NOT NULL,
    rejection_reason TEXT,
    verifier TEXT NOT NULL,
    verified_at TIMESTAMP NOT NULL
);
INSERT INTO identity_verifications_old SELECT * FROM identity_verifications;
DROP TABLE identity_verifications;
ALTER TABLE identity_verifications_old RENAME TO identity_verifications;
CREATE INDEX identity_verifications_account ON identity_verifications (account_id, verified_at);
