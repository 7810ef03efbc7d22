-- When an endpoint was last enabled (made, or enabled again): deliveries queued while it was
-- disabled get their three days of retries from then, not from the event.
ALTER TABLE webhook_endpoints ADD COLUMN enabled_at TIMESTAMP NOT NULL DEFAULT '1970-01-01 00:00:00';
UPDATE webhook_endpoints SET enabled_at = created_at;
