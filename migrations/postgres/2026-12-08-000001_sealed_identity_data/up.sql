-- Identity data sealed at rest (issue 19). Personal identity numbers, document numbers and the
-- raw MRZ keep their columns but hold `key_id:base64(nonce‖ciphertext)` from now on; the
-- service seals the rows already there the first time it starts after this migration (SQL
-- cannot: the keys are the service's), in one transaction, and then deletes the marker below.
-- Where the service finds a person by number it uses a keyed hash of it (a blind index).
ALTER TABLE card_orders ADD COLUMN personal_identity_number_index TEXT;
CREATE INDEX card_orders_number_index ON card_orders (personal_identity_number_index);
ALTER TABLE identity_verifications ADD COLUMN personal_identity_number_index TEXT;
DROP INDEX identity_verifications_number;
CREATE INDEX identity_verifications_number_index
    ON identity_verifications (personal_identity_number_index);

-- Portraits get a table of their own: sealed bytes and the key that sealed them (NULL: moved
-- here in clear by this migration, sealed by the service at its next start), and erasing one
-- deletes its row.
CREATE TABLE identity_portraits (
    check_id TEXT PRIMARY KEY NOT NULL REFERENCES identity_checks (id),
    sealed BYTEA NOT NULL,
    key_id TEXT
);
INSERT INTO identity_portraits (check_id, sealed, key_id)
    SELECT id, portrait, NULL FROM identity_checks;
ALTER TABLE identity_checks DROP COLUMN portrait;

-- What the service must still do after the SQL migrations: one row per step, deleted when done.
CREATE TABLE pending_sealing (
    step TEXT PRIMARY KEY NOT NULL
);
INSERT INTO pending_sealing (step) VALUES ('identity_data');
