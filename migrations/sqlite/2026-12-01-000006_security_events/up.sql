-- The security audit log that operators read: sign-ins and their failures, lockouts, code
-- failures, credential changes, sessions revoked, machine clients, identity evidence. Never a
-- password, code or token.
CREATE TABLE security_events (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    account_id TEXT,
    client_id TEXT,
    email TEXT,
    client_address TEXT,
    detail TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX security_events_created ON security_events (created_at, id);
CREATE INDEX security_events_kind ON security_events (kind, created_at);
CREATE INDEX security_events_account ON security_events (account_id, created_at);
