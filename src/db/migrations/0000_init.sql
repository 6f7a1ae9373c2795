CREATE TABLE "assignments" (
	"id" serial PRIMARY KEY NOT NULL,
	"supervisor_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"office_id" integer,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "offices" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"notice_prefix" text NOT NULL,
	"notice_format" text DEFAULT '{prefix}〔{year}〕{seq}号' NOT NULL,
	"hotline" text,
	"max_schools_per_supervisor" integer DEFAULT 5 NOT NULL,
	"default_rectification_days" integer DEFAULT 15 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "offices_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" integer NOT NULL,
	"name" text NOT NULL,
	"mobile" text NOT NULL,
	"roles" text[] NOT NULL,
	"zone_id" integer,
	"school_id" integer,
	"wecom_userid" text,
	"wechat_openid" text,
	"wechaty_contact" text,
	"bind_code" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "people_wecom_userid_unique" UNIQUE("wecom_userid"),
	CONSTRAINT "people_wechat_openid_unique" UNIQUE("wechat_openid"),
	CONSTRAINT "people_bind_code_unique" UNIQUE("bind_code")
);
--> statement-breakpoint
CREATE TABLE "schools" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" integer NOT NULL,
	"zone_id" integer NOT NULL,
	"name" text NOT NULL,
	"aliases" text[] DEFAULT '{}'::text[] NOT NULL,
	"type" text NOT NULL,
	"address" text,
	"enrolment" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "standard_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" integer NOT NULL,
	"title" text NOT NULL,
	"source" text DEFAULT 'national' NOT NULL,
	CONSTRAINT "standard_items_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "zones" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" integer NOT NULL,
	"name" text NOT NULL,
	"address" text,
	"wecom_chat_id" text,
	"robot_key" text,
	"wechaty_room" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "admin_credentials" (
	"id" serial PRIMARY KEY NOT NULL,
	"admin_id" integer NOT NULL,
	"kind" text NOT NULL,
	"secret_hash" text NOT NULL,
	"label" text,
	"expires_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "admin_credentials_secret_hash_unique" UNIQUE("secret_hash")
);
--> statement-breakpoint
CREATE TABLE "admins" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" integer NOT NULL,
	"username" text NOT NULL,
	"password_hash" text NOT NULL,
	"person_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "admins_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "inbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"sender" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"handled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "media" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"sha256" text NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"file_name" text,
	"source" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "media_source_unique" UNIQUE("source")
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"idempotency_key" text NOT NULL,
	"channel" text NOT NULL,
	"recipient" text NOT NULL,
	"segment" text NOT NULL,
	"message" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"started_attempts" integer DEFAULT 0 NOT NULL,
	"finished_attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"response" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"abandoned_at" timestamp with time zone,
	CONSTRAINT "outbox_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "platform_tokens" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notice_counters" (
	"office_id" integer NOT NULL,
	"year" integer NOT NULL,
	"last_seq" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "notice_counters_office_id_year_pk" PRIMARY KEY("office_id","year")
);
--> statement-breakpoint
CREATE TABLE "rectification_notices" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" integer NOT NULL,
	"year" integer NOT NULL,
	"seq" integer NOT NULL,
	"number" text NOT NULL,
	"visit_id" integer NOT NULL,
	"entry_id" integer,
	"school_id" integer NOT NULL,
	"supervisor_id" integer NOT NULL,
	"problems" text NOT NULL,
	"deadline_days" integer NOT NULL,
	"issued_on" date NOT NULL,
	"due_on" date NOT NULL,
	"status" text DEFAULT 'issued' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rectification_notices_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "visit_entries" (
	"id" serial PRIMARY KEY NOT NULL,
	"visit_id" integer NOT NULL,
	"kind" text NOT NULL,
	"text" text,
	"deadline_days" integer,
	"media_id" bigint,
	"author_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"undone_at" timestamp with time zone,
	"source_key" text
);
--> statement-breakpoint
CREATE TABLE "visit_participants" (
	"visit_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	CONSTRAINT "visit_participants_visit_id_person_id_pk" PRIMARY KEY("visit_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "visits" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"supervisor_id" integer NOT NULL,
	"type" text DEFAULT '经常性督导' NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"planned_on" date,
	"plan_content" text,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"narrative" text,
	"items" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"methods" text[] DEFAULT '{}'::text[] NOT NULL,
	"school_requests" text,
	"school_rating" text,
	"rated_by" integer,
	"rated_at" timestamp with time zone,
	"last_activity_at" timestamp with time zone DEFAULT now() NOT NULL,
	"stale_reminded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pending_photos" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"person_id" integer NOT NULL,
	"media_id" bigint NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"entry_id" integer,
	"attached_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_supervisor_id_people_id_fk" FOREIGN KEY ("supervisor_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_zone_id_zones_id_fk" FOREIGN KEY ("zone_id") REFERENCES "public"."zones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schools" ADD CONSTRAINT "schools_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schools" ADD CONSTRAINT "schools_zone_id_zones_id_fk" FOREIGN KEY ("zone_id") REFERENCES "public"."zones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zones" ADD CONSTRAINT "zones_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin_credentials" ADD CONSTRAINT "admin_credentials_admin_id_admins_id_fk" FOREIGN KEY ("admin_id") REFERENCES "public"."admins"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admins" ADD CONSTRAINT "admins_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admins" ADD CONSTRAINT "admins_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_counters" ADD CONSTRAINT "notice_counters_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_notices" ADD CONSTRAINT "rectification_notices_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_notices" ADD CONSTRAINT "rectification_notices_visit_id_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_notices" ADD CONSTRAINT "rectification_notices_entry_id_visit_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."visit_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_notices" ADD CONSTRAINT "rectification_notices_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_notices" ADD CONSTRAINT "rectification_notices_supervisor_id_people_id_fk" FOREIGN KEY ("supervisor_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_entries" ADD CONSTRAINT "visit_entries_visit_id_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_entries" ADD CONSTRAINT "visit_entries_media_id_media_id_fk" FOREIGN KEY ("media_id") REFERENCES "public"."media"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_entries" ADD CONSTRAINT "visit_entries_author_id_people_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_participants" ADD CONSTRAINT "visit_participants_visit_id_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_participants" ADD CONSTRAINT "visit_participants_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_supervisor_id_people_id_fk" FOREIGN KEY ("supervisor_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_rated_by_people_id_fk" FOREIGN KEY ("rated_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pending_photos" ADD CONSTRAINT "pending_photos_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pending_photos" ADD CONSTRAINT "pending_photos_media_id_media_id_fk" FOREIGN KEY ("media_id") REFERENCES "public"."media"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pending_photos" ADD CONSTRAINT "pending_photos_entry_id_visit_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."visit_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "assignments_natural" ON "assignments" USING btree ("supervisor_id","school_id","starts_on");--> statement-breakpoint
CREATE INDEX "audit_entity" ON "audit_log" USING btree ("entity","entity_id");--> statement-breakpoint
CREATE INDEX "audit_office_at" ON "audit_log" USING btree ("office_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "people_office_mobile" ON "people" USING btree ("office_id","mobile");--> statement-breakpoint
CREATE UNIQUE INDEX "schools_office_name" ON "schools" USING btree ("office_id","name");--> statement-breakpoint
CREATE INDEX "schools_zone" ON "schools" USING btree ("zone_id");--> statement-breakpoint
CREATE UNIQUE INDEX "zones_office_name" ON "zones" USING btree ("office_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_dedupe" ON "inbox" USING btree ("channel","dedupe_key");--> statement-breakpoint
CREATE INDEX "inbox_pending" ON "inbox" USING btree ("sender","id") WHERE "inbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_due" ON "outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "outbox_segment" ON "outbox" USING btree ("segment","id");--> statement-breakpoint
CREATE UNIQUE INDEX "rectification_notices_office_year_seq" ON "rectification_notices" USING btree ("office_id","year","seq");--> statement-breakpoint
CREATE INDEX "rectification_notices_school" ON "rectification_notices" USING btree ("school_id","status");--> statement-breakpoint
CREATE INDEX "rectification_notices_due" ON "rectification_notices" USING btree ("status","due_on");--> statement-breakpoint
CREATE INDEX "visit_entries_visit" ON "visit_entries" USING btree ("visit_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "visit_entries_source" ON "visit_entries" USING btree ("visit_id","source_key");--> statement-breakpoint
CREATE INDEX "visit_participants_person" ON "visit_participants" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "visits_one_draft_per_supervisor" ON "visits" USING btree ("supervisor_id") WHERE status = 'in_progress';--> statement-breakpoint
CREATE INDEX "visits_planned_on" ON "visits" USING btree ("status","planned_on");--> statement-breakpoint
CREATE INDEX "visits_school" ON "visits" USING btree ("school_id");--> statement-breakpoint
CREATE INDEX "visits_activity" ON "visits" USING btree ("status","last_activity_at");--> statement-breakpoint
CREATE UNIQUE INDEX "pending_photos_person_media" ON "pending_photos" USING btree ("person_id","media_id");--> statement-breakpoint
CREATE INDEX "pending_photos_waiting" ON "pending_photos" USING btree ("person_id","sent_at");