/**
 * Who is who, for the chat layer and the other services: a person from a platform id, a supervisor's schools, a
 * school from what someone typed, a school's contacts, and where to send a person a message.
 */
import { and, asc, eq, gte, isNull, lte, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { assignments, people, schools } from '../db/schema/index.ts';
import type { ChannelName, OutboxChannel } from '../domain/messages.ts';

export type Person = typeof people.$inferSelect;
export type School = typeof schools.$inferSelect;

/** The active person behind a platform id, or null. */
export async function personByChannelId(db: DbOrTx, channel: ChannelName, platformId: string): Promise<Person | null> {
  const column = channel === 'wecom' ? people.wecomUserId : channel === 'wechat' ? people.wechatOpenId : people.wechatyContact;
  const [row] = await db.select().from(people).where(and(eq(column, platformId), eq(people.active, true))).limit(1);
  return row ?? null;
}

export async function personById(db: DbOrTx, id: number): Promise<Person | null> {
  const [row] = await db.select().from(people).where(eq(people.id, id)).limit(1);
  return row ?? null;
}

/** Schools the supervisor is assigned to (挂牌) on `today` (YYYY-MM-DD), by name. */
export async function schoolsOfSupervisor(db: DbOrTx, personId: number, today: string): Promise<School[]> {
  const rows = await db
    .selectDistinct({ school: schools })
    .from(assignments)
    .innerJoin(schools, eq(schools.id, assignments.schoolId))
    .where(and(
      eq(assignments.supervisorId, personId),
      lte(assignments.startsOn, today),
      or(isNull(assignments.endsOn), gte(assignments.endsOn, today)),
    ))
    .orderBy(asc(schools.name));
  return rows.map((r) => r.school);
}

export async function isAssigned(db: DbOrTx, personId: number, schoolId: number, today: string): Promise<boolean> {
  return (await schoolsOfSupervisor(db, personId, today)).some((s) => s.id === schoolId);
}

const normalise = (s: string) => s.replace(/[\s\u3000]+/g, '').toLowerCase();

/**
 * Schools of the office matching what someone typed: an exact name or alias wins; otherwise every school whose name
 * or an alias starts with it; otherwise every school whose name or an alias contains it. One result = unambiguous;
 * several = show a pick-list; none = unknown.
 */
export async function findSchools(db: DbOrTx, officeId: number, query: string): Promise<School[]> {
  const q = normalise(query);
  if (!q) return [];
  const all = await db.select().from(schools).where(eq(schools.officeId, officeId)).orderBy(asc(schools.name));
  const names = (s: School) => [s.name, ...s.aliases].map(normalise);
  for (const test of [(n: string) => n === q, (n: string) => n.startsWith(q), (n: string) => n.includes(q)]) {
    const hits = all.filter((s) => names(s).some(test));
    if (hits.length > 0) return hits;
  }
  return [];
}

/** The name people use in chat: the first alias (实验小学), else the full name. */
export const shortName = (s: Pick<School, 'name' | 'aliases'>): string => s.aliases[0] ?? s.name;

export async function schoolById(db: DbOrTx, id: number): Promise<School | null> {
  const [row] = await db.select().from(schools).where(eq(schools.id, id)).limit(1);
  return row ?? null;
}

/** Active school contacts (学校联系人/负责人) of a school. */
export async function contactsOfSchool(db: DbOrTx, schoolId: number): Promise<Person[]> {
  return db
    .select()
    .from(people)
    .where(and(eq(people.schoolId, schoolId), eq(people.active, true), sql`'school_contact' = any(${people.roles})`))
    .orderBy(asc(people.id));
}

export function isContactOf(person: Pick<Person, 'roles' | 'schoolId' | 'active'>, schoolId: number): boolean {
  return person.active && person.roles.includes('school_contact') && person.schoolId === schoolId;
}

/** Where a message to this person goes: WeCom first, then the official account, then personal WeChat. */
export function recipientFor(person: Pick<Person, 'wecomUserId' | 'wechatOpenId' | 'wechatyContact'>): { channel: OutboxChannel; recipient: string } | null {
  if (person.wecomUserId) return { channel: 'wecom.app', recipient: person.wecomUserId };
  if (person.wechatOpenId) return { channel: 'wechat.custom', recipient: person.wechatOpenId };
  if (person.wechatyContact) return { channel: 'wechaty', recipient: person.wechatyContact };
  return null;
}
