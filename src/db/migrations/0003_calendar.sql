-- The calendar (issue 8): one row per attempt of a scheduled job, for GET /api/jobs (last run, last result, failures).
CREATE TABLE "job_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"agenda_job_id" text,
	"status" text DEFAULT 'running' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"result" jsonb,
	"error" text
);
--> statement-breakpoint
CREATE INDEX "job_runs_name_started" ON "job_runs" USING btree ("name","started_at");
--> statement-breakpoint
-- The monthly quota counts submitted visits per school and month (services/visit-quota.ts).
CREATE INDEX "visits_submitted" ON "visits" USING btree ("office_id","submitted_at") WHERE "status" = 'recorded';
