DROP INDEX accounts_erasure;
ALTER TABLE accounts DROP COLUMN erasure_requested_at;
