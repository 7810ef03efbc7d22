-- Addresses an account signed in from (hashed): a known address keeps its owner signing in
-- while others' failures from the same address have it throttled.
CREATE TABLE known_sign_ins (
    account_id TEXT NOT NULL REFERENCES accounts (id),
    address_hash TEXT NOT NULL,
    last_at TIMESTAMP NOT NULL,
    PRIMARY KEY (account_id, address_hash)
);

-- What a person sees of their sessions, and the idle timeout's clock.
ALTER TABLE sessions ADD COLUMN last_active_at TIMESTAMP;
ALTER TABLE sessions ADD COLUMN client_address TEXT;
ALTER TABLE sessions ADD COLUMN user_agent TEXT;

-- Forgotten passwords: single-use links, stored hashed.
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX password_resets_account ON password_resets (account_id);

-- A new mobile number waiting for the code sent to it.
CREATE TABLE phone_changes (
    id TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    phone TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    consumed_at TIMESTAMP
);
CREATE INDEX phone_changes_account ON phone_changes (account_id);
