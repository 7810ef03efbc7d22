-- Erasure asked for (issue 19): when what could go went, and the rest waits for what a law or
-- a live card still needs; the retention job finishes the erasure once nothing is held.
ALTER TABLE accounts ADD COLUMN erasure_requested_at TIMESTAMP;
CREATE INDEX accounts_erasure ON accounts (erasure_requested_at) WHERE erasure_requested_at IS NOT NULL;
