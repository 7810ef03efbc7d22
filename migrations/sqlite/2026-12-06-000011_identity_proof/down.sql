ALTER TABLE order_events DROP COLUMN identity_proof;
