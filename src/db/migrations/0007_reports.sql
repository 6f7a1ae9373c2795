-- Reports (督导报告): drafts compiled or written, checked for personal data, approved and published by the office.
CREATE TABLE "reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" integer NOT NULL REFERENCES "offices"("id"),
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"period" text,
	"zone_id" integer REFERENCES "zones"("id"),
	"school_id" integer REFERENCES "schools"("id"),
	"visit_id" integer REFERENCES "visits"("id"),
	"compile_key" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"body_html" text NOT NULL,
	"digest" text,
	"created_by" text NOT NULL,
	"submitted_at" timestamp with time zone,
	"zone_approved_by" text,
	"zone_approved_at" timestamp with time zone,
	"approved_by" text,
	"approved_at" timestamp with time zone,
	"publish_attempt" integer DEFAULT 0 NOT NULL,
	"thumb_media_id" text,
	"draft_media_id" text,
	"publish_id" text,
	"article_id" text,
	"article_url" text,
	"publish_error" text,
	"published_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "reports_compile_key" ON "reports" ("compile_key");
--> statement-breakpoint
CREATE INDEX "reports_office_status" ON "reports" ("office_id", "status", "published_at");
--> statement-breakpoint
CREATE INDEX "reports_school" ON "reports" ("school_id", "status");
--> statement-breakpoint
CREATE UNIQUE INDEX "reports_publish_id" ON "reports" ("publish_id");
--> statement-breakpoint
CREATE TABLE "report_images" (
	"id" serial PRIMARY KEY NOT NULL,
	"report_id" integer NOT NULL REFERENCES "reports"("id") ON DELETE CASCADE,
	"media_id" bigint REFERENCES "media"("id"),
	"kind" text NOT NULL,
	"svg" text,
	"caption" text,
	"publishable" boolean DEFAULT false NOT NULL,
	"wechat_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "report_images_media" ON "report_images" ("report_id", "media_id");
--> statement-breakpoint
CREATE TABLE "report_flags" (
	"id" serial PRIMARY KEY NOT NULL,
	"report_id" integer NOT NULL REFERENCES "reports"("id") ON DELETE CASCADE,
	"kind" text NOT NULL,
	"matched" text NOT NULL,
	"start" integer,
	"end" integer,
	"status" text DEFAULT 'open' NOT NULL,
	"reason" text,
	"resolved_by" text,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "report_flags_fingerprint" ON "report_flags" ("report_id", "kind", "matched");
--> statement-breakpoint
CREATE TABLE "published_rectifications" (
	"notice_id" integer PRIMARY KEY NOT NULL REFERENCES "rectification_notices"("id"),
	"office_id" integer NOT NULL REFERENCES "offices"("id"),
	"school_id" integer NOT NULL REFERENCES "schools"("id"),
	"summary" text NOT NULL,
	"published_by" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "published_rectifications_school" ON "published_rectifications" ("school_id", "published_at");
