-- Office configuration: one jsonb document per office, read through src/domain/office-settings.ts (defaults there).
ALTER TABLE "offices" ADD COLUMN "settings" jsonb DEFAULT '{}'::jsonb NOT NULL;
