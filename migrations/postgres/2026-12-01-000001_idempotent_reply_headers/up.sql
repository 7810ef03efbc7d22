-- A replayed response carries the headers of the original (its ETag).
ALTER TABLE idempotency_keys ADD COLUMN etag TEXT;
