/** Each office's calendar settings (office-settings.ts, defaults filled in), read once per job pass. */
import type { DbOrTx } from '../db/client.ts';
import { offices } from '../db/schema/index.ts';
import { eq } from 'drizzle-orm';
import { officeSettings, type OfficeSettings } from '../domain/office-settings.ts';

export type CalendarSettings = OfficeSettings['calendar'];

export async function calendarsByOffice(db: DbOrTx): Promise<Map<number, CalendarSettings>> {
  const rows = await db.select({ id: offices.id, settings: offices.settings }).from(offices);
  return new Map(rows.map((r) => [r.id, officeSettings(r.settings).calendar]));
}

export async function calendarOf(db: DbOrTx, officeId: number): Promise<CalendarSettings> {
  const [row] = await db.select({ settings: offices.settings }).from(offices).where(eq(offices.id, officeId));
  return officeSettings(row?.settings).calendar;
}
