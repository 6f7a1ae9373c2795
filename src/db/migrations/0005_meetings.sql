-- Monthly zone meetings (一月一例会): the meeting, each member's answer (参加 / 请假), attendance afterwards; and the
-- outbox's fan-out key, which lets the dispatcher send one message to many WeCom members in one message/send.
CREATE TABLE "meetings" (
  "id" serial PRIMARY KEY,
  "office_id" integer NOT NULL REFERENCES "offices"("id"),
  "zone_id" integer REFERENCES "zones"("id"),
  "starts_at" timestamp with time zone NOT NULL,
  "place" text NOT NULL,
  "agenda" text,
  "organiser_id" integer REFERENCES "people"("id"),
  "status" text DEFAULT 'scheduled' NOT NULL,
  "version" integer DEFAULT 1 NOT NULL,
  "announced_version" integer,
  "day_notice_version" integer,
  "minutes" text,
  "recorded_at" timestamp with time zone,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "meetings_office_starts" ON "meetings" ("office_id", "starts_at");
--> statement-breakpoint
CREATE INDEX "meetings_due" ON "meetings" ("starts_at") WHERE "status" = 'scheduled';
--> statement-breakpoint
CREATE TABLE "meeting_rsvps" (
  "meeting_id" integer NOT NULL REFERENCES "meetings"("id") ON DELETE CASCADE,
  "person_id" integer NOT NULL REFERENCES "people"("id"),
  "version" integer NOT NULL,
  "answer" text NOT NULL,
  "reason" text,
  "via" text NOT NULL,
  "answered_at" timestamp with time zone NOT NULL,
  PRIMARY KEY ("meeting_id", "person_id")
);
--> statement-breakpoint
CREATE TABLE "meeting_attendance" (
  "meeting_id" integer NOT NULL REFERENCES "meetings"("id") ON DELETE CASCADE,
  "person_id" integer NOT NULL REFERENCES "people"("id"),
  "present" boolean NOT NULL,
  PRIMARY KEY ("meeting_id", "person_id")
);
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "fanout" text;
--> statement-breakpoint
CREATE INDEX "outbox_fanout" ON "outbox" ("fanout", "id") WHERE "status" = 'pending' AND "fanout" IS NOT NULL;
