-- hardening-http: every outbox row belongs to the office whose people or groups it addresses (GET /api/outbox is
-- scoped by it), and failed sign-ins are counted in the database so every process shares the throttle.
ALTER TABLE "outbox" ADD COLUMN "office_id" integer REFERENCES "offices"("id");
--> statement-breakpoint
UPDATE "outbox" o SET "office_id" = COALESCE(
  CASE
    WHEN o."channel" = 'wecom.app' THEN (SELECT p."office_id" FROM "people" p WHERE p."wecom_userid" = o."recipient")
    WHEN o."channel" = 'wecom.appchat' THEN (SELECT z."office_id" FROM "zones" z WHERE z."wecom_chat_id" = o."recipient" LIMIT 1)
    WHEN o."channel" = 'wecom.robot' THEN (SELECT z."office_id" FROM "zones" z WHERE z."robot_key" = o."recipient" LIMIT 1)
    WHEN o."channel" LIKE 'wechat.%' THEN (SELECT p."office_id" FROM "people" p WHERE p."wechat_openid" = o."recipient")
    ELSE NULL
  END,
  (SELECT p."office_id" FROM "people" p WHERE p."wechaty_contact" = o."recipient" LIMIT 1),
  (SELECT z."office_id" FROM "zones" z WHERE z."wechaty_room" = o."recipient" LIMIT 1));
--> statement-breakpoint
CREATE INDEX "outbox_office" ON "outbox" USING btree ("office_id", "id");
--> statement-breakpoint
CREATE TABLE "login_throttle" (
	"key" varchar(255) PRIMARY KEY NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"expire" bigint
);
-- end hardening-http
--> statement-breakpoint
-- hardening-input: the inbox refuses senders and keys no platform sends (the callback answers 400 before this;
-- a spooled file that breaks it is quarantined, never retried for ever).
ALTER TABLE "inbox" ADD CONSTRAINT "inbox_sender_length" CHECK (char_length("sender") <= 128);
--> statement-breakpoint
ALTER TABLE "inbox" ADD CONSTRAINT "inbox_dedupe_key_length" CHECK (char_length("dedupe_key") <= 1024);
