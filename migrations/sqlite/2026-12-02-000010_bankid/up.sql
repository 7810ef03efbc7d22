-- BankID identifications: approving a card order or signing in. The QR start secret is sealed
-- like card PINs (the server derives each second's QR code from it; it never leaves the server);
-- a sign-in attempt is polled with a secret given once to the client that started it, stored
-- hashed. Any instance's collect worker claims due attempts (`claimed_until`), so several
-- instances poll BankID once per attempt between them.
CREATE TABLE bankid_attempts (
    id TEXT PRIMARY KEY NOT NULL,
    purpose TEXT NOT NULL,
    account_id TEXT REFERENCES accounts (id),
    order_id TEXT REFERENCES card_orders (id),
    attempt_token_hash TEXT,
    order_ref TEXT NOT NULL UNIQUE,
    auto_start_token TEXT NOT NULL,
    qr_start_token TEXT NOT NULL,
    qr_start_secret_sealed TEXT NOT NULL,
    qr_secret_key_id TEXT NOT NULL,
    end_user_ip TEXT NOT NULL,
    user_agent TEXT,
    same_device BOOLEAN NOT NULL,
    require_mrtd BOOLEAN NOT NULL,
    required_personal_number TEXT,
    status TEXT NOT NULL,
    hint_code TEXT,
    failure_code TEXT,
    stepup_mrtd BOOLEAN,
    evidence_id TEXT,
    session_id TEXT,
    started_at TIMESTAMP NOT NULL,
    next_collect_at TIMESTAMP NOT NULL,
    claimed_until TIMESTAMP,
    last_polled_at TIMESTAMP NOT NULL,
    completed_at TIMESTAMP,
    version BIGINT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX bankid_attempts_due ON bankid_attempts (status, next_collect_at);
CREATE INDEX bankid_attempts_account ON bankid_attempts (account_id, started_at);

-- BankID evidence without the MRTD step-up attests no nationality. SQLite cannot drop a NOT
-- NULL constraint, so the table is rebuilt (nothing references it; one transaction).
CREATE TABLE identity_verifications_new (
    id TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    source TEXT NOT NULL,
    document_number TEXT NOT NULL,
    issuing_country TEXT NOT NULL,
    name_zone TEXT NOT NULL,
    surname TEXT NOT NULL,
    given_names TEXT NOT NULL,
    date_of_birth DATE NOT NULL,
    nationality TEXT,
    personal_identity_number TEXT,
    document_expires_on DATE,
    outcome TEXT NOT NULL,
    rejection_reason TEXT,
    verifier TEXT NOT NULL,
    verified_at TIMESTAMP NOT NULL
);
INSERT INTO identity_verifications_new SELECT * FROM identity_verifications;
DROP TABLE identity_verifications;
ALTER TABLE identity_verifications_new RENAME TO identity_verifications;
CREATE INDEX identity_verifications_account ON identity_verifications (account_id, verified_at);
CREATE INDEX identity_verifications_number ON identity_verifications (personal_identity_number);
