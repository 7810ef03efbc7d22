-- Companies order cards: members, account links, invitations, visitor orders, and one outbox for
-- SMS and email. Card orders may exist before their cardholder has an account (they are found by
-- the cardholder's verified email), so the account becomes optional.
ALTER TABLE companies ADD COLUMN delivery_name TEXT;
ALTER TABLE companies ADD COLUMN delivery_street TEXT;
ALTER TABLE companies ADD COLUMN delivery_postal_code TEXT;
ALTER TABLE companies ADD COLUMN delivery_city TEXT;
ALTER TABLE companies ADD COLUMN delivery_country TEXT;

-- 'operator' for platform operators; NULL for everyone else.
ALTER TABLE accounts ADD COLUMN platform_role TEXT;

ALTER TABLE card_orders ALTER COLUMN account_id DROP NOT NULL;
ALTER TABLE card_orders ADD COLUMN cardholder_email TEXT;
ALTER TABLE card_orders ADD COLUMN cardholder_phone TEXT;
ALTER TABLE card_orders ADD COLUMN name_search TEXT;
ALTER TABLE card_orders ADD COLUMN delivery_name TEXT;
ALTER TABLE card_orders ADD COLUMN delivery_street TEXT NOT NULL DEFAULT '';
ALTER TABLE card_orders ADD COLUMN delivery_postal_code TEXT NOT NULL DEFAULT '';
ALTER TABLE card_orders ADD COLUMN delivery_city TEXT NOT NULL DEFAULT '';
ALTER TABLE card_orders ADD COLUMN delivery_country TEXT NOT NULL DEFAULT 'SE';
ALTER TABLE card_orders ADD COLUMN invitation_id TEXT;
UPDATE card_orders o
SET cardholder_email = a.email, cardholder_phone = a.phone,
    name_search = lower(o.given_names || ' ' || o.surname)
FROM accounts a WHERE a.id = o.account_id;
ALTER TABLE card_orders ALTER COLUMN cardholder_email SET NOT NULL;
ALTER TABLE card_orders ALTER COLUMN cardholder_phone SET NOT NULL;
ALTER TABLE card_orders ALTER COLUMN name_search SET NOT NULL;
ALTER TABLE card_orders ALTER COLUMN delivery_street DROP DEFAULT;
ALTER TABLE card_orders ALTER COLUMN delivery_postal_code DROP DEFAULT;
ALTER TABLE card_orders ALTER COLUMN delivery_city DROP DEFAULT;
ALTER TABLE card_orders ALTER COLUMN delivery_country DROP DEFAULT;
CREATE INDEX card_orders_company_status ON card_orders (company_id, status, created_at, id);
CREATE INDEX card_orders_unclaimed ON card_orders (cardholder_email) WHERE account_id IS NULL;

-- Events of card orders and visitor orders alike, so the key is no longer tied to card_orders.
ALTER TABLE order_events DROP CONSTRAINT order_events_order_id_fkey;
UPDATE order_events SET actor_kind = 'member' WHERE actor_kind = 'company';

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
ALTER TABLE sms_outbox RENAME TO outbox;
ALTER INDEX sms_outbox_pending RENAME TO outbox_pending_old;
DROP INDEX outbox_pending_old;
ALTER TABLE outbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'sms';
ALTER TABLE outbox ALTER COLUMN channel DROP DEFAULT;
ALTER TABLE outbox ADD COLUMN subject TEXT;
ALTER TABLE outbox ADD COLUMN link TEXT;
CREATE INDEX outbox_pending ON outbox (channel, sent_at, next_attempt_at);
