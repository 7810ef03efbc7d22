DROP INDEX identity_verifications_number;
DELETE FROM identity_verifications WHERE nationality IS NULL;
ALTER TABLE identity_verifications ALTER COLUMN nationality SET NOT NULL;
DROP TABLE bankid_attempts;
