/**
 * The organisation an office manages: its settings, zones (责任区), schools and people. Saves are upserts by natural
 * key (office name; zone name; school name; person mobile), audited, and change nothing when nothing differs.
 */
import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { offices, people, schools, zones, type Role } from '../db/schema/index.ts';
import { DudaoError } from '../domain/errors.ts';
import { orgText } from '../../templates/org.ts';
import { saveRow, type Outcome, type Who } from './audited-save.ts';

export type Office = typeof offices.$inferSelect;
export type Zone = typeof zones.$inferSelect;
export type School = typeof schools.$inferSelect;
export type Person = typeof people.$inferSelect;
export type Saved<R> = { row: R; outcome: Outcome };

export interface OfficeInput {
  name: string;
  noticePrefix?: string;
  hotline?: string;
  maxSchoolsPerSupervisor?: number;
  defaultRectificationDays?: number;
}

/** Creates the office, or updates the given settings of the office with that name. */
export async function saveOffice(tx: DbOrTx, actor: string, input: OfficeInput): Promise<Saved<Office>> {
  const [existing] = await tx.select().from(offices).where(eq(offices.name, input.name));
  if (!existing && !input.noticePrefix) throw new DudaoError('bad_request', '新建督导室须填写通知书编号前缀');
  return saveRow<Office>(tx, offices, 'office', { actor, officeId: existing?.id ?? 0 }, existing, { ...input });
}

export async function getOffice(db: DbOrTx, officeId: number): Promise<Office> {
  const [office] = await db.select().from(offices).where(eq(offices.id, officeId));
  if (!office) throw new DudaoError('not_found', `督导室 ${officeId} 不存在`);
  return office;
}

export async function updateOffice(db: DbOrTx, who: Who, patch: Omit<OfficeInput, 'name'>): Promise<Saved<Office>> {
  if (patch.maxSchoolsPerSupervisor !== undefined && !(Number.isInteger(patch.maxSchoolsPerSupervisor) && patch.maxSchoolsPerSupervisor >= 1 && patch.maxSchoolsPerSupervisor <= 20)) {
    throw new DudaoError('bad_request', orgText.badQuota);
  }
  const office = await getOffice(db, who.officeId);
  return saveRow<Office>(db, offices, 'office', who, office, { ...patch });
}

/** Sets (or, with null, clears back to the default) the title printed on the office's record pages. */
export async function setVisitRecordTitle(db: DbOrTx, who: Who, title: string | null): Promise<Saved<Office>> {
  const office = await getOffice(db, who.officeId);
  const stored = (office.settings ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const { visitRecordTitle: _old, ...documents } = stored.documents ?? {};
  const settings = { ...stored, documents: title === null ? documents : { ...documents, visitRecordTitle: title } };
  return saveRow<Office>(db, offices, 'office', who, office, { settings });
}

export interface ZoneInput {
  name: string;
  address?: string;
  wecomChatId?: string;
  robotKey?: string;
  wechatyRoom?: string;
}

export async function saveZone(tx: DbOrTx, who: Who, input: ZoneInput): Promise<Saved<Zone>> {
  const [existing] = await tx.select().from(zones).where(and(eq(zones.officeId, who.officeId), eq(zones.name, input.name)));
  return saveRow<Zone>(tx, zones, 'zone', who, existing, { officeId: who.officeId, ...input });
}

export interface SchoolInput {
  name: string;
  zoneId: number;
  type: string;
  aliases?: string[];
  address?: string;
  enrolment?: number;
}

export async function saveSchool(tx: DbOrTx, who: Who, input: SchoolInput): Promise<Saved<School>> {
  const [existing] = await tx.select().from(schools).where(and(eq(schools.officeId, who.officeId), eq(schools.name, input.name)));
  return saveRow<School>(tx, schools, 'school', who, existing, { officeId: who.officeId, ...input });
}

export interface PersonInput {
  mobile: string;
  name: string;
  roles: Role[];
  zoneId?: number;
  schoolId?: number;
  wecomUserId?: string;
  wechatOpenId?: string;
  wechatyContact?: string;
}

export async function savePerson(tx: DbOrTx, who: Who, input: PersonInput): Promise<Saved<Person>> {
  const [existing] = await tx.select().from(people).where(and(eq(people.officeId, who.officeId), eq(people.mobile, input.mobile)));
  return saveRow<Person>(tx, people, 'person', who, existing, { officeId: who.officeId, ...input });
}

/** Zones with how many schools each holds. */
export async function listZones(db: DbOrTx, officeId: number) {
  const rows = await db.select().from(zones).where(eq(zones.officeId, officeId)).orderBy(asc(zones.id));
  const counts = await db.select({ zoneId: schools.zoneId, n: count() }).from(schools).where(eq(schools.officeId, officeId)).groupBy(schools.zoneId);
  return rows.map(({ officeId: _o, createdAt: _c, ...z }) => ({ ...z, schoolCount: counts.find((c) => c.zoneId === z.id)?.n ?? 0 }));
}

export async function listSchools(db: DbOrTx, officeId: number, filter: { zoneId?: number } = {}) {
  return db
    .select({
      id: schools.id, name: schools.name, aliases: schools.aliases, type: schools.type, address: schools.address,
      enrolment: schools.enrolment, zoneId: schools.zoneId, zone: zones.name,
    })
    .from(schools).innerJoin(zones, eq(zones.id, schools.zoneId))
    .where(and(eq(schools.officeId, officeId), filter.zoneId ? eq(schools.zoneId, filter.zoneId) : undefined))
    .orderBy(asc(schools.id));
}

export async function listPeople(db: DbOrTx, officeId: number, filter: { role?: Role } = {}) {
  return db.select().from(people)
    .where(and(eq(people.officeId, officeId), filter.role ? sql`${filter.role} = any(${people.roles})` : undefined))
    .orderBy(asc(people.id));
}

/** Loads a row and refuses (403) when it belongs to another office, (404) when it does not exist. */
export async function ownSchool(db: DbOrTx, officeId: number, schoolId: number): Promise<School> {
  const [school] = await db.select().from(schools).where(eq(schools.id, schoolId));
  if (!school) throw new DudaoError('not_found', orgText.unknownSchool(String(schoolId)));
  if (school.officeId !== officeId) throw new DudaoError('forbidden', orgText.otherOffice);
  return school;
}

export async function ownPerson(db: DbOrTx, officeId: number, personId: number): Promise<Person> {
  const [person] = await db.select().from(people).where(eq(people.id, personId));
  if (!person) throw new DudaoError('not_found', orgText.unknownPerson(String(personId)));
  if (person.officeId !== officeId) throw new DudaoError('forbidden', orgText.otherOffice);
  return person;
}
