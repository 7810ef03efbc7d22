PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE sms_outbox (
    id TEXT PRIMARY KEY NOT NULL,
    recipient TEXT NOT NULL,
    body TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP,
    sent_at TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO sms_outbox
SELECT id, recipient, body, attempts, next_attempt_at, locked_until, sent_at, last_error, created_at
FROM outbox WHERE channel = 'sms';
CREATE INDEX sms_outbox_pending ON sms_outbox (sent_at, next_attempt_at);
DROP TABLE outbox;
DROP TABLE invitations;
DROP TABLE signup_links;
DROP TABLE memberships;
DROP TABLE visitor_orders;
DELETE FROM order_events WHERE order_id NOT IN (SELECT id FROM card_orders WHERE account_id IS NOT NULL);
UPDATE order_events SET actor_kind = 'company' WHERE actor_kind = 'member';
CREATE TABLE card_orders_old (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies (id),
    account_id TEXT NOT NULL REFERENCES accounts (id),
    card_type TEXT NOT NULL,
    status TEXT NOT NULL,
    given_names TEXT NOT NULL,
    surname TEXT NOT NULL,
    name_to_print TEXT NOT NULL,
    date_of_birth DATE NOT NULL,
    nationality TEXT NOT NULL,
    personal_identity_number TEXT,
    valid_until DATE NOT NULL,
    rejection_reason TEXT,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
INSERT INTO card_orders_old
SELECT id, company_id, account_id, card_type, status, given_names, surname, name_to_print,
       date_of_birth, nationality, personal_identity_number, valid_until, rejection_reason, version,
       created_at, updated_at
FROM card_orders WHERE account_id IS NOT NULL;
DROP TABLE card_orders;
ALTER TABLE card_orders_old RENAME TO card_orders;
CREATE INDEX card_orders_account ON card_orders (account_id, created_at, id);
CREATE INDEX card_orders_company ON card_orders (company_id, created_at, id);
ALTER TABLE accounts DROP COLUMN platform_role;
ALTER TABLE companies DROP COLUMN delivery_name;
ALTER TABLE companies DROP COLUMN delivery_street;
ALTER TABLE companies DROP COLUMN delivery_postal_code;
ALTER TABLE companies DROP COLUMN delivery_city;
ALTER TABLE companies DROP COLUMN delivery_country;
COMMIT;
PRAGMA foreign_keys = ON;
