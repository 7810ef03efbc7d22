ALTER TABLE invitations DROP COLUMN language;
ALTER TABLE card_orders DROP COLUMN language;
ALTER TABLE signup_links DROP COLUMN language;
ALTER TABLE accounts DROP COLUMN language;
