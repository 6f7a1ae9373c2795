-- Reserved for the hardening work of wave 2. Its schema changes go here, written by hand (separate statements
-- with drizzle's statement-breakpoint marker line), with the tables and columns mirrored in src/db/schema/.
SELECT 1;
--> statement-breakpoint
-- hardening-input: the inbox refuses senders and keys no platform sends (the callback answers 400 before this;
-- a spooled file that breaks it is quarantined, never retried for ever).
ALTER TABLE "inbox" ADD CONSTRAINT "inbox_sender_length" CHECK (char_length("sender") <= 128);
--> statement-breakpoint
ALTER TABLE "inbox" ADD CONSTRAINT "inbox_dedupe_key_length" CHECK (char_length("dedupe_key") <= 1024);
--> statement-breakpoint
-- hardening-input: room on each inbox page, so the processor's lease update (locked_until, attempts: no indexed
-- column) is a HOT update, writing no index entries.
ALTER TABLE "inbox" SET (fillfactor = 70);
