DROP INDEX visitor_orders_queue;
DROP INDEX card_orders_queue;
DROP TABLE shipments;
DROP TABLE card_events;
DROP TABLE cards;
