/**
 * One-time codes that bind a school contact's official-account openid (conversations.md §3.1: `绑定 123456`).
 * The office issues a code per contact (a new one replaces the person's earlier live code); a code is good for
 * officialAccount.bindCodeDays (default 7) and once. Every try is counted per openid: after
 * bindMaxWrongPerHour (default 5) failed tries within an hour that openid is paused until the oldest of them is an
 * hour old. Everything is scoped to the office that issued the code, and audited.
 */
import { randomInt } from 'node:crypto';
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { bindAttempts, bindCodes, offices, people, schools } from '../db/schema/index.ts';
import { DudaoError } from '../domain/errors.ts';
import { officeSettings } from '../domain/office-settings.ts';
import { audit } from './audit.ts';
import { accountSettingsFor } from './wechat-followers.ts';

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
export const MAX_CODES_PER_REQUEST = 500;

export interface IssuedCode {
  personId: number;
  name: string;
  school: string | null;
  code: string;
  expiresAt: Date;
}

/**
 * Issues a fresh code for each person (school contacts of the office); with no ids, for every active school contact
 * the system cannot reach yet (no WeCom account, no openid). `actor` is the audit actor, e.g. 'admin:3'.
 */
export async function issueBindCodes(db: Db, officeId: number, actor: string, now: Date, personIds?: number[]): Promise<IssuedCode[]> {
  if (personIds && personIds.length > MAX_CODES_PER_REQUEST) throw new DudaoError('bad_request', `at most ${MAX_CODES_PER_REQUEST} people at a time`);
  return db.transaction(async (tx) => {
    const [office] = await tx.select().from(offices).where(eq(offices.id, officeId));
    if (!office) throw new DudaoError('not_found', `office ${officeId} does not exist`);
    const days = officeSettings(office.settings).officialAccount.bindCodeDays;
    const rows = await tx.select({ person: people, school: schools.name }).from(people)
      .leftJoin(schools, eq(schools.id, people.schoolId))
      .where(and(
        eq(people.officeId, officeId), eq(people.active, true), sql`'school_contact' = any(${people.roles})`,
        personIds ? inArray(people.id, personIds) : and(isNull(people.wecomUserId), isNull(people.wechatOpenId)),
      ))
      .orderBy(asc(people.id));
    if (personIds) {
      const found = new Set(rows.map((r) => r.person.id));
      const missing = personIds.filter((id) => !found.has(id));
      if (missing.length > 0) throw new DudaoError('not_found', `not an active school contact of this office: ${missing.join(', ')}`);
    }
    const expiresAt = new Date(now.getTime() + days * DAY_MS);
    const issued: IssuedCode[] = [];
    for (const { person, school } of rows) {
      await tx.update(bindCodes).set({ revokedAt: now })
        .where(and(eq(bindCodes.personId, person.id), isNull(bindCodes.usedAt), isNull(bindCodes.revokedAt)));
      const code = await insertUniqueCode(tx, { officeId, personId: person.id, issuedBy: actor, createdAt: now, expiresAt });
      await audit(tx, { actor, action: 'bind_code.issue', entity: 'person', entityId: person.id, officeId, after: { expiresAt } });
      issued.push({ personId: person.id, name: person.name, school, code, expiresAt });
    }
    return issued;
  });
}

/** Six random digits, drawn again if a live code already has them (the partial unique index decides). */
async function insertUniqueCode(tx: DbOrTx, row: Omit<typeof bindCodes.$inferInsert, 'code'>): Promise<string> {
  for (let i = 0; i < 20; i++) {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const inserted = await tx.insert(bindCodes).values({ ...row, code }).onConflictDoNothing().returning({ id: bindCodes.id });
    if (inserted.length > 0) return code;
  }
  throw new DudaoError('unavailable', 'could not draw a free bind code');
}

/** The office's codes still usable (not used, replaced or expired), for the printed list. */
export async function liveBindCodes(db: DbOrTx, officeId: number, now: Date): Promise<IssuedCode[]> {
  const rows = await db.select({ code: bindCodes, name: people.name, school: schools.name }).from(bindCodes)
    .innerJoin(people, eq(people.id, bindCodes.personId))
    .leftJoin(schools, eq(schools.id, people.schoolId))
    .where(and(eq(bindCodes.officeId, officeId), isNull(bindCodes.usedAt), isNull(bindCodes.revokedAt), gt(bindCodes.expiresAt, now)))
    .orderBy(asc(schools.name), asc(people.name));
  return rows.map((r) => ({ personId: r.code.personId, name: r.name, school: r.school, code: r.code.code, expiresAt: r.code.expiresAt }));
}

export type BindResult =
  | { kind: 'bound'; personId: number; name: string; school: string | null }
  | { kind: 'already'; name: string }
  | { kind: 'other_person'; name: string }
  | { kind: 'wrong'; triesLeft: number }
  | { kind: 'expired' | 'used' }
  | { kind: 'paused'; minutes: number };

/** `绑定 <code>` from an openid. One transaction; a failed try is recorded (it counts towards the pause). */
export async function bindWithCode(db: Db, openid: string, code: string, now: Date): Promise<BindResult> {
  const max = (await accountSettingsFor(db, openid)).bindMaxWrongPerHour;
  return db.transaction(async (tx) => {
    // One openid's tries are counted one at a time.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`bind:${openid}`}))`);
    const since = new Date(now.getTime() - HOUR_MS);
    const wrong = await tx.select({ at: bindAttempts.at }).from(bindAttempts)
      .where(and(eq(bindAttempts.openid, openid), eq(bindAttempts.ok, false), gt(bindAttempts.at, since)))
      .orderBy(desc(bindAttempts.at)).limit(max);
    if (wrong.length >= max) {
      const freeAt = wrong[max - 1].at.getTime() + HOUR_MS;
      return { kind: 'paused', minutes: Math.max(1, Math.ceil((freeAt - now.getTime()) / 60_000)) };
    }
    const failed = async (result: BindResult): Promise<BindResult> => {
      await tx.insert(bindAttempts).values({ openid, at: now, ok: false });
      return result;
    };
    const [live] = await tx.select().from(bindCodes)
      .where(and(eq(bindCodes.code, code), isNull(bindCodes.usedAt), isNull(bindCodes.revokedAt))).limit(1);
    if (!live) {
      const [used] = await tx.select({ id: bindCodes.id }).from(bindCodes).where(and(eq(bindCodes.code, code), isNotNull(bindCodes.usedAt))).limit(1);
      return failed(used ? { kind: 'used' } : { kind: 'wrong', triesLeft: max - wrong.length - 1 });
    }
    if (live.expiresAt <= now) return failed({ kind: 'expired' });
    const [person] = await tx.select({ person: people, school: schools.name }).from(people)
      .leftJoin(schools, eq(schools.id, people.schoolId)).where(eq(people.id, live.personId));
    if (!person || !person.person.active) return failed({ kind: 'expired' });
    const [holder] = await tx.select().from(people).where(eq(people.wechatOpenId, openid));
    if (holder && holder.id === person.person.id) return { kind: 'already', name: holder.name };
    if (holder) return { kind: 'other_person', name: holder.name };
    const taken = await tx.update(bindCodes).set({ usedAt: now, usedByOpenid: openid })
      .where(and(eq(bindCodes.id, live.id), isNull(bindCodes.usedAt))).returning({ id: bindCodes.id });
    if (taken.length === 0) return failed({ kind: 'used' });
    await tx.update(people).set({ wechatOpenId: openid }).where(eq(people.id, person.person.id));
    await tx.insert(bindAttempts).values({ openid, at: now, ok: true });
    await audit(tx, {
      actor: `wechat:${openid}`, action: 'person.bind_wechat', entity: 'person', entityId: person.person.id, officeId: live.officeId,
      before: { wechatOpenId: person.person.wechatOpenId }, after: { wechatOpenId: openid, bindCode: live.id },
    });
    return { kind: 'bound', personId: person.person.id, name: person.person.name, school: person.school };
  });
}
