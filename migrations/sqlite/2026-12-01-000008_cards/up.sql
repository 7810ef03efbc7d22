-- From approval to an active card: the cards the producer makes, their audit trail, and the
-- shipment of an order (standard or visitor). The PIN is stored encrypted (AES-256-GCM with a key
-- from config, named by pin_key_id), never in plain text.
CREATE TABLE cards (
    id TEXT PRIMARY KEY NOT NULL,
    number TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies (id),
    order_id TEXT NOT NULL,
    account_id TEXT REFERENCES accounts (id),
    name_to_print TEXT,
    name_search TEXT,
    valid_until DATE NOT NULL,
    status TEXT NOT NULL,
    status_reason TEXT,
    pin_ciphertext TEXT,
    pin_key_id TEXT,
    activated_at TIMESTAMP,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX cards_company ON cards (company_id, created_at, id);
CREATE INDEX cards_account ON cards (account_id, created_at, id);
CREATE INDEX cards_order ON cards (order_id);
CREATE INDEX cards_expiry ON cards (status, valid_until);

CREATE TABLE card_events (
    id TEXT PRIMARY KEY NOT NULL,
    card_id TEXT NOT NULL REFERENCES cards (id),
    actor_id TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    reason TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX card_events_card ON card_events (card_id, created_at, id);

CREATE TABLE shipments (
    order_id TEXT PRIMARY KEY NOT NULL,
    carrier TEXT NOT NULL,
    tracking_number TEXT NOT NULL,
    shipped_at TIMESTAMP NOT NULL,
    delivered_at TIMESTAMP
);

-- The production queue (oldest first per status) and the expiry of orders not reviewed in time.
CREATE INDEX card_orders_queue ON card_orders (status, updated_at, id);
CREATE INDEX visitor_orders_queue ON visitor_orders (status, updated_at, id);
