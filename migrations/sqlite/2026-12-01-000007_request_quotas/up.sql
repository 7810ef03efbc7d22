-- Request quotas: each instance counts in memory and adds its counts here about once a second,
-- reading back the total, so every instance enforces the same budget per caller and window.
CREATE TABLE request_quotas (
    key TEXT PRIMARY KEY NOT NULL,
    window_start BIGINT NOT NULL,
    hits INTEGER NOT NULL
);
