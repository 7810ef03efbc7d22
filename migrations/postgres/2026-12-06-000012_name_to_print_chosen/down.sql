ALTER TABLE card_orders DROP COLUMN name_to_print_chosen;
