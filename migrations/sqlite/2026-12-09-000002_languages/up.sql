-- The language a person is written to in (issue 20): their own setting on the account, and
-- until they have one, the language of the order, invitation or link that reaches them (set
-- from the request that made it, or named in it). Emails and SMS are written in one language.
ALTER TABLE accounts ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE signup_links ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE card_orders ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE invitations ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
