DROP TABLE card_order_import_rows;
DROP TABLE card_order_imports;
