DROP INDEX webhook_deliveries_completed;
DROP INDEX identity_checks_created;
DROP INDEX card_orders_retention;
ALTER TABLE card_orders DROP COLUMN personal_data_erased_at;
