ALTER TABLE signup_links DROP COLUMN attempts;
ALTER TABLE signup_links DROP COLUMN identity_check_id;
DROP TABLE identity_checks;
