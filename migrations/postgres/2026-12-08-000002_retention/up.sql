-- Retention (issue 19): a closed order's personal data is erased after a set time, in place, so the
-- order and its trail stay for the company and the audit; `personal_data_erased_at` says when.
ALTER TABLE card_orders ADD COLUMN personal_data_erased_at TIMESTAMP;
-- What the retention job looks for, without scanning what it has already done.
CREATE INDEX card_orders_retention ON card_orders (status, updated_at)
    WHERE personal_data_erased_at IS NULL;
CREATE INDEX identity_checks_created ON identity_checks (created_at);
CREATE INDEX webhook_deliveries_completed ON webhook_deliveries (completed_at);
