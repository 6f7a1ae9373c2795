-- The official account (公众号): who follows it and when they last wrote (the 48-hour window), the one-time codes
-- the office hands school contacts to bind their openid, and the tries at those codes (5 wrong in an hour = a pause).
CREATE TABLE "wechat_followers" (
	"openid" text PRIMARY KEY NOT NULL,
	"subscribed" boolean DEFAULT true NOT NULL,
	"last_message_at" timestamp with time zone,
	"last_event_at" timestamp with time zone,
	"window_closed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bind_codes" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" integer NOT NULL REFERENCES "offices"("id"),
	"person_id" integer NOT NULL REFERENCES "people"("id"),
	"code" text NOT NULL,
	"issued_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"used_by_openid" text,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "bind_codes_live_code" ON "bind_codes" ("code") WHERE "used_at" IS NULL AND "revoked_at" IS NULL;
--> statement-breakpoint
CREATE INDEX "bind_codes_office_person" ON "bind_codes" ("office_id", "person_id");
--> statement-breakpoint
CREATE TABLE "bind_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"openid" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"ok" boolean NOT NULL
);
--> statement-breakpoint
CREATE INDEX "bind_attempts_openid_at" ON "bind_attempts" ("openid", "at");
