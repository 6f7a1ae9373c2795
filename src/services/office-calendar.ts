/** Each office's calendar settings (office-settings.ts, defaults filled in), read once per job pass, and changed. */
import type { DbOrTx } from '../db/client.ts';
import { offices } from '../db/schema/index.ts';
import { eq } from 'drizzle-orm';
import { officeSettings, officeSettingsSchema, type OfficeSettings } from '../domain/office-settings.ts';
import { DudaoError } from '../domain/errors.ts';
import { saveRow, type Who } from './audited-save.ts';
import { getOffice, type Office } from './org.ts';

export type CalendarSettings = OfficeSettings['calendar'];

export async function calendarsByOffice(db: DbOrTx): Promise<Map<number, CalendarSettings>> {
  const rows = await db.select({ id: offices.id, settings: offices.settings }).from(offices);
  return new Map(rows.map((r) => [r.id, officeSettings(r.settings).calendar]));
}

export async function calendarOf(db: DbOrTx, officeId: number): Promise<CalendarSettings> {
  const [row] = await db.select({ settings: offices.settings }).from(offices).where(eq(offices.id, officeId));
  return officeSettings(row?.settings).calendar;
}

/**
 * Changes some of the office's calendar settings (audited like any office change). The merged settings must still
 * read (times HH:mm, numbers in range); otherwise a DudaoError names what is wrong and nothing changes.
 */
export async function setCalendarSettings(db: DbOrTx, who: Who, patch: Partial<CalendarSettings>): Promise<CalendarSettings> {
  const office = await getOffice(db, who.officeId);
  const stored = (office.settings ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const settings = { ...stored, calendar: { ...(stored.calendar ?? {}), ...patch } };
  const parsed = officeSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    throw new DudaoError('bad_request', parsed.error.issues.map((i) => `${i.path.slice(1).join('.')}: ${i.message}`).join('; '));
  }
  await saveRow<Office>(db, offices, 'office', who, office, { settings });
  return parsed.data.calendar;
}
