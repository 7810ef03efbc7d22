-- When an endpoint was last enabled (made, or enabled again): deliveries queued while it was
-- disabled get their three days of retries from then, not from the event.
ALTER TABLE webhook_endpoints ADD COLUMN enabled_at TIMESTAMP;
UPDATE webhook_endpoints SET enabled_at = created_at;
ALTER TABLE webhook_endpoints ALTER COLUMN enabled_at SET NOT NULL;
