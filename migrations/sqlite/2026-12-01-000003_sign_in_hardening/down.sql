DROP TABLE phone_changes;
DROP TABLE password_resets;
ALTER TABLE sessions DROP COLUMN user_agent;
ALTER TABLE sessions DROP COLUMN client_address;
ALTER TABLE sessions DROP COLUMN last_active_at;
DROP TABLE known_sign_ins;
