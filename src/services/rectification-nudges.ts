/**
 * The rectification clock (conversations.md §3.4), run by the `rectification.nudges` job: notices past their deadline
 * become overdue; at the office's nudge time on the days domain/rectification-nudges.ts names, the contact (and from
 * +3 days the supervisor and zone leader) are reminded; on the first working day 7 days overdue the office is warned
 * (预警) and the notice is escalated. Keys carry the day, so a second run the same day sends nothing twice.
 */
import { and, eq, inArray, lt } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { offices, rectificationNotices, schools } from '../db/schema/index.ts';
import { clock } from '../clock.ts';
import { daysBetween, shanghaiDate, shanghaiTime } from '../domain/deadlines.ts';
import { officeSettings } from '../domain/office-settings.ts';
import { OPEN_STATUSES } from '../domain/rectification-lifecycle.ts';
import { mayNudgeAt, nudgeOn, type NudgeAudience, type NudgePlan } from '../domain/rectification-nudges.ts';
import { rectificationText as T } from '../../templates/rectification.ts';
import { contactsOfSchool, personById, recipientFor, type Person } from './directory.ts';
import { noticeLink } from './links.ts';
import { enqueue, type OutboxItem } from './outbox.ts';
import { noticeById, officeAdminsOf, zoneLeadersOf, type Notice } from './rectification-notices.ts';
import { takeStep } from './rectification.ts';

export interface NudgeRun {
  overdue: number;
  nudged: number;
  messages: number;
  escalated: number;
}

export async function runRectificationNudges(db: Db, input: { at: Date; baseUrl: string }): Promise<NudgeRun> {
  const day = shanghaiDate(input.at);
  const time = shanghaiTime(input.at);
  const result: NudgeRun = { overdue: 0, nudged: 0, messages: 0, escalated: 0 };

  // Past the deadline with nothing (or only part) reported: overdue, at any hour.
  const late = await db.select({ id: rectificationNotices.id }).from(rectificationNotices)
    .where(and(inArray(rectificationNotices.status, ['issued', 'rectifying']), lt(rectificationNotices.dueOn, day)));
  for (const { id } of late) {
    const moved = await db.transaction(async (tx) => {
      const n = await noticeById(tx, id, true);
      if (!n || !['issued', 'rectifying'].includes(n.status) || n.dueOn >= day) return false;
      await takeStep(tx, n, 'overdue', { by: 'system', kind: 'overdue', data: { day } }, { overdueAt: clock.now() });
      return true;
    });
    if (moved) result.overdue++;
  }

  for (const office of await db.select().from(offices)) {
    const settings = officeSettings(office.settings);
    const { quietFrom, quietUntil } = settings.calendar;
    const rules = settings.rectification;
    if (!mayNudgeAt(time, rules.nudgeTime, quietFrom, quietUntil)) continue;
    const open = await db.select({ id: rectificationNotices.id, dueOn: rectificationNotices.dueOn }).from(rectificationNotices)
      .innerJoin(schools, eq(schools.id, rectificationNotices.schoolId))
      .where(and(eq(rectificationNotices.officeId, office.id), inArray(rectificationNotices.status, [...OPEN_STATUSES])));
    for (const { id, dueOn } of open) {
      const plan = nudgeOn(day, dueOn, rules);
      if (!plan) continue;
      const sent = await db.transaction(async (tx) => {
        const n = await noticeById(tx, id, true);
        if (!n || !OPEN_STATUSES.includes(n.status as never)) return null;
        const items: OutboxItem[] = [];
        for (const audience of plan.audiences) items.push(...(await messagesFor(tx, n, plan, audience, day, input.baseUrl)));
        let escalated = false;
        if (plan.escalate && n.status === 'overdue') {
          await takeStep(tx, n, 'escalate', { by: 'system', kind: 'escalated', data: { day, days: plan.overdueDays } }, { escalatedAt: clock.now() });
          escalated = true;
        }
        return { count: await enqueue(tx, items), escalated };
      });
      if (!sent) continue;
      result.nudged++;
      result.messages += sent.count;
      if (sent.escalated) result.escalated++;
    }
  }
  return result;
}

async function messagesFor(db: DbOrTx, n: Notice, plan: NudgePlan, audience: NudgeAudience, day: string, baseUrl: string): Promise<OutboxItem[]> {
  const school = (await db.select({ name: schools.name }).from(schools).where(eq(schools.id, n.schoolId)))[0]?.name ?? '';
  const supervisor = await personById(db, n.supervisorId);
  const people: Person[] = audience === 'contact' ? await contactsOfSchool(db, n.schoolId)
    : audience === 'supervisor' ? (supervisor ? [supervisor] : [])
      : audience === 'zone_leader' ? await zoneLeadersOf(db, n.schoolId)
        : await officeAdminsOf(db, n.officeId);
  const days = plan.overdueDays;
  return people.flatMap((p) => {
    const to = recipientFor(p);
    if (!to) return [];
    const url = noticeLink(baseUrl, n.id, p.id);
    const text = audience === 'contact'
      ? plan.kind === 'before' ? T.nudgeBefore({ number: n.number, seq: n.seq, dueOn: n.dueOn, days: daysBetween(day, n.dueOn) })
        : plan.kind === 'due' ? T.nudgeDue({ number: n.number, seq: n.seq })
          : T.nudgeOverdue({ number: n.number, seq: n.seq, days })
      : audience === 'office' ? T.officeWarning({ number: n.number, school, days, supervisor: supervisor?.name ?? '', url })
        : T.nudgeStaff({ number: n.number, school, days, url });
    // The office's warning goes once per notice; the others once per day and person.
    const key = audience === 'office' ? `rect:${n.id}:escalate:office:${p.id}` : `rect:${n.id}:${day}:${audience}:${p.id}`;
    return [{ key, ...to, message: { type: 'text' as const, text } }];
  });
}
