-- Whether an order's name to print was chosen by the orderer; a derived one follows the name when
-- it is corrected. Existing orders: derived when it is the default form (first given name, or its
-- initial, and the surname), chosen otherwise.
ALTER TABLE card_orders ADD COLUMN name_to_print_chosen BOOLEAN NOT NULL DEFAULT TRUE;
UPDATE card_orders SET name_to_print_chosen = FALSE
WHERE name_to_print = substr(given_names, 1, instr(given_names || ' ', ' ') - 1) || ' ' || surname
   OR name_to_print = substr(given_names, 1, 1) || '. ' || surname;
