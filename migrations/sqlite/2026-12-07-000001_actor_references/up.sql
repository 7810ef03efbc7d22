-- Who made a machine client is an actor reference: a person's account, or the service itself
-- (`system`), which is what the command line and the demo seed were ("cli", "demo").
UPDATE api_clients SET created_by = 'system' WHERE created_by NOT LIKE 'acc\_%' ESCAPE '\';
