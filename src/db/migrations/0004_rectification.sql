-- Rectification (issue 9): the notice's lifecycle, its problems one by one, its history, the school's photos,
-- re-check visits, pending chat questions, and parked outbox rows.
ALTER TABLE rectification_notices
  ADD COLUMN submitted_at timestamptz,
  ADD COLUMN verified_at timestamptz,
  ADD COLUMN verified_by integer REFERENCES people(id),
  ADD COLUMN closed_at timestamptz,
  ADD COLUMN return_reason text,
  ADD COLUMN returned_at timestamptz,
  ADD COLUMN overdue_at timestamptz,
  ADD COLUMN escalated_at timestamptz;
--> statement-breakpoint
CREATE TABLE rectification_items (
  id serial PRIMARY KEY,
  notice_id integer NOT NULL REFERENCES rectification_notices(id) ON DELETE CASCADE,
  ordinal integer NOT NULL,
  text text NOT NULL,
  reported_at timestamptz,
  report_event_id bigint
);
--> statement-breakpoint
CREATE UNIQUE INDEX rectification_items_notice_ordinal ON rectification_items (notice_id, ordinal);
--> statement-breakpoint
INSERT INTO rectification_items (notice_id, ordinal, text) SELECT id, 1, problems FROM rectification_notices;
--> statement-breakpoint
CREATE TABLE rectification_events (
  id bigserial PRIMARY KEY,
  notice_id integer NOT NULL REFERENCES rectification_notices(id) ON DELETE CASCADE,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  person_id integer REFERENCES people(id),
  kind text NOT NULL,
  from_status text,
  to_status text,
  text text,
  items integer[] NOT NULL DEFAULT '{}'::integer[],
  data jsonb,
  source_key text UNIQUE
);
--> statement-breakpoint
CREATE INDEX rectification_events_notice ON rectification_events (notice_id, id);
--> statement-breakpoint
CREATE TABLE rectification_photos (
  id bigserial PRIMARY KEY,
  office_id integer NOT NULL REFERENCES offices(id),
  person_id integer NOT NULL REFERENCES people(id),
  media_id bigint NOT NULL REFERENCES media(id),
  sent_at timestamptz NOT NULL,
  notice_id integer REFERENCES rectification_notices(id) ON DELETE CASCADE,
  event_id bigint REFERENCES rectification_events(id) ON DELETE SET NULL,
  source_key text UNIQUE
);
--> statement-breakpoint
CREATE INDEX rectification_photos_person ON rectification_photos (person_id, sent_at);
--> statement-breakpoint
CREATE INDEX rectification_photos_notice ON rectification_photos (notice_id);
--> statement-breakpoint
CREATE TABLE rectification_rechecks (
  id serial PRIMARY KEY,
  notice_id integer NOT NULL REFERENCES rectification_notices(id) ON DELETE CASCADE,
  visit_id integer NOT NULL REFERENCES visits(id),
  verdict text,
  note text,
  marked_at timestamptz,
  settled_at timestamptz,
  created_at timestamptz NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX rectification_rechecks_notice_visit ON rectification_rechecks (notice_id, visit_id);
--> statement-breakpoint
CREATE INDEX rectification_rechecks_visit ON rectification_rechecks (visit_id);
--> statement-breakpoint
CREATE TABLE rectification_pending (
  person_id integer PRIMARY KEY REFERENCES people(id),
  kind text NOT NULL,
  notice_id integer REFERENCES rectification_notices(id) ON DELETE CASCADE,
  revision bigint,
  text text,
  items integer[] NOT NULL DEFAULT '{}'::integer[],
  created_at timestamptz NOT NULL
);
--> statement-breakpoint
CREATE INDEX outbox_parked ON outbox (channel) WHERE status = 'parked';
