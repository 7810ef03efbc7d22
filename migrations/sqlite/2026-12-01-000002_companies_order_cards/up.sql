-- Companies order cards: members, account links, invitations, visitor orders, and one outbox for
-- SMS and email. Card orders may exist before their cardholder has an account (they are found by
-- the cardholder's verified email), so card_orders is rebuilt with an optional account
-- (SQLite's documented twelve-step table change, foreign keys off around one transaction).
PRAGMA foreign_keys = OFF;
BEGIN;

ALTER TABLE companies ADD COLUMN delivery_name TEXT;
ALTER TABLE companies ADD COLUMN delivery_street TEXT;
ALTER TABLE companies ADD COLUMN delivery_postal_code TEXT;
ALTER TABLE companies ADD COLUMN delivery_city TEXT;
ALTER TABLE companies ADD COLUMN delivery_country TEXT;

-- 'operator' for platform operators; NULL for everyone else.
ALTER TABLE accounts ADD COLUMN platform_role TEXT;

CREATE TABLE card_orders_new (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies (id),
    account_id TEXT REFERENCES accounts (id),
    cardholder_email TEXT NOT NULL,
    cardholder_phone TEXT NOT NULL,
    card_type TEXT NOT NULL,
    status TEXT NOT NULL,
    given_names TEXT NOT NULL,
    surname TEXT NOT NULL,
    name_to_print TEXT NOT NULL,
    name_search TEXT NOT NULL,
    date_of_birth DATE NOT NULL,
    nationality TEXT NOT NULL,
    personal_identity_number TEXT,
    valid_until DATE NOT NULL,
    delivery_name TEXT,
    delivery_street TEXT NOT NULL,
    delivery_postal_code TEXT NOT NULL,
    delivery_city TEXT NOT NULL,
    delivery_country TEXT NOT NULL,
    invitation_id TEXT,
    rejection_reason TEXT,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
INSERT INTO card_orders_new
SELECT o.id, o.company_id, o.account_id, a.email, a.phone, o.card_type, o.status, o.given_names,
       o.surname, o.name_to_print, lower(o.given_names || ' ' || o.surname), o.date_of_birth,
       o.nationality, o.personal_identity_number, o.valid_until, NULL, '', '', '', 'SE', NULL,
       o.rejection_reason, o.version, o.created_at, o.updated_at
FROM card_orders o JOIN accounts a ON a.id = o.account_id;
DROP TABLE card_orders;
ALTER TABLE card_orders_new RENAME TO card_orders;
CREATE INDEX card_orders_account ON card_orders (account_id, created_at, id);
CREATE INDEX card_orders_company ON card_orders (company_id, created_at, id);
CREATE INDEX card_orders_company_status ON card_orders (company_id, status, created_at, id);
CREATE INDEX card_orders_unclaimed ON card_orders (cardholder_email) WHERE account_id IS NULL;

-- Events of card orders and visitor orders alike, so the key is no longer tied to card_orders.
CREATE TABLE order_events_new (
    id TEXT PRIMARY KEY NOT NULL,
    order_id TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    reason TEXT,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO order_events_new
SELECT id, order_id, actor_id, CASE actor_kind WHEN 'company' THEN 'member' ELSE actor_kind END,
       from_status, to_status, reason, created_at
FROM order_events;
DROP TABLE order_events;
ALTER TABLE order_events_new RENAME TO order_events;
CREATE INDEX order_events_order ON order_events (order_id, created_at);

CREATE TABLE visitor_orders (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies (id),
    status TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    valid_until DATE NOT NULL,
    delivery_name TEXT,
    delivery_street TEXT NOT NULL,
    delivery_postal_code TEXT NOT NULL,
    delivery_city TEXT NOT NULL,
    delivery_country TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX visitor_orders_company ON visitor_orders (company_id, created_at, id);

-- A member is an email with a role in a company; account_id is set once the person has an account.
CREATE TABLE memberships (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies (id),
    email TEXT NOT NULL,
    account_id TEXT REFERENCES accounts (id),
    role TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (company_id, email)
);
CREATE INDEX memberships_account ON memberships (account_id);
CREATE INDEX memberships_email ON memberships (email);

-- Single-use links to create an account; only the token's hash is kept.
CREATE TABLE signup_links (
    token_hash TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL,
    platform_role TEXT,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX signup_links_email ON signup_links (email);

CREATE TABLE invitations (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies (id),
    email TEXT NOT NULL,
    card_type TEXT NOT NULL,
    valid_until DATE,
    delivery_name TEXT,
    delivery_street TEXT,
    delivery_postal_code TEXT,
    delivery_city TEXT,
    delivery_country TEXT,
    token_hash TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    sends INTEGER NOT NULL,
    order_id TEXT,
    created_by TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX invitations_company ON invitations (company_id, created_at, id);

-- One outbox for every channel; the SMS queue moves in.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY NOT NULL,
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT,
    body TEXT NOT NULL,
    link TEXT,
    attempts INTEGER NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP,
    sent_at TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO outbox
SELECT id, 'sms', recipient, NULL, body, NULL, attempts, next_attempt_at, locked_until, sent_at,
       last_error, created_at
FROM sms_outbox;
DROP TABLE sms_outbox;
CREATE INDEX outbox_pending ON outbox (channel, sent_at, next_attempt_at);

COMMIT;
PRAGMA foreign_key_check;
PRAGMA foreign_keys = ON;
