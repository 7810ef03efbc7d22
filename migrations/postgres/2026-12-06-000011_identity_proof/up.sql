-- How the cardholder's identity was proven, on an accept's event (passport_check, national_id_check, bankid, bankid_with_document).
ALTER TABLE order_events ADD COLUMN identity_proof TEXT;
