-- The command line's and the demo's clients both became `system`; which was which is not kept.
SELECT 1;
