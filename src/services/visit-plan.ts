/**
 * Planned visits: a supervisor (or the office, through the API) plans one for a day, and at 08:00 that day the
 * supervisor gets a card with 开始督导 / 改期 (sendMorningCards; the jobs layer schedules it).
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { people, schools, visitParticipants, visits } from '../db/schema/index.ts';
import { clock } from '../clock.ts';
import { actionKey } from '../domain/actions.ts';
import { chineseDate, isIsoDate } from '../domain/deadlines.ts';
import { DudaoError } from '../domain/errors.ts';
import { visitErrors } from '../../templates/visit-errors.ts';
import { visitMorningCard } from '../../templates/cards/visit-morning.ts';
import { isAssigned, recipientFor, schoolById, shortName } from './directory.ts';
import { enqueue, type OutboxItem } from './outbox.ts';
import { calendarsByOffice } from './office-calendar.ts';
import { checkAdvanceNotice, queueAdvanceNotice } from './visit-notice.ts';
import { atLocal } from '../domain/reminder-time.ts';
import { visitLink } from './links.ts';
import { assertCanSupervise, isOnVisit, lockPerson, lockVisit, today, type Visit } from './visit-draft.ts';

export interface PlanVisitInput {
  /** The lead supervisor. */
  personId: number;
  schoolId: number;
  /** YYYY-MM-DD */
  plannedOn: string;
  content?: string | null;
  /** Co-supervisors of a joint visit (联合督导); they may start it although the school is not theirs. */
  participantIds?: number[];
  type?: string;
}

function checkDate(plannedOn: string): void {
  if (!isIsoDate(plannedOn)) throw new DudaoError('bad_request', visitErrors.badDate(plannedOn));
  if (plannedOn < today()) throw new DudaoError('bad_request', visitErrors.pastDate());
}

export async function planVisit(db: Db, input: PlanVisitInput): Promise<Visit> {
  checkDate(input.plannedOn);
  return db.transaction(async (tx) => {
    const person = await lockPerson(tx, input.personId);
    assertCanSupervise(person);
    const school = await schoolById(tx, input.schoolId);
    if (!school || school.officeId !== person.officeId) throw new DudaoError('not_found', visitErrors.schoolNotFound());
    if (!(await isAssigned(tx, person.id, school.id, input.plannedOn))) {
      throw new DudaoError('forbidden', visitErrors.cannotPlan(school.name));
    }
    const others = [...new Set(input.participantIds ?? [])].filter((id) => id !== person.id);
    const found = others.length ? await tx.select().from(people).where(inArray(people.id, others)) : [];
    for (const id of others) {
      const p = found.find((f) => f.id === id);
      if (!p || p.officeId !== person.officeId || !(p.roles.includes('supervisor') || p.roles.includes('zone_leader'))) {
        throw new DudaoError('bad_request', visitErrors.participantNotSupervisor(p?.name ?? `#${id}`));
      }
    }
    const now = clock.now();
    const type = input.type?.trim() || (others.length ? '联合督导' : '经常性督导');
    const notice = await checkAdvanceNotice(tx, { officeId: person.officeId, type, plannedOn: input.plannedOn, now });
    const [visit] = await tx.insert(visits).values({
      officeId: person.officeId,
      schoolId: school.id,
      supervisorId: person.id,
      type,
      status: 'planned',
      plannedOn: input.plannedOn,
      planContent: input.content?.trim() || null,
      lastActivityAt: now,
      createdAt: now,
      updatedAt: now,
    }).returning();
    if (others.length) await tx.insert(visitParticipants).values(others.map((personId) => ({ visitId: visit.id, personId })));
    if (notice.deliverAt) await queueAdvanceNotice(tx, { visit, school, supervisor: person, deliverAt: notice.deliverAt, moved: false });
    return visit;
  });
}

/** Moves a planned visit to another day (the morning card's 改期). */
export async function rescheduleVisit(db: Db, input: { personId: number; visitId: number; plannedOn: string }): Promise<Visit> {
  checkDate(input.plannedOn);
  return db.transaction(async (tx) => {
    const visit = await lockVisit(tx, input.visitId);
    if (!(await isOnVisit(tx, visit, input.personId))) throw new DudaoError('forbidden', visitErrors.notYourVisit());
    if (visit.status !== 'planned') throw new DudaoError('invalid_state', visitErrors.notPlanned());
    const now = clock.now();
    const notice = await checkAdvanceNotice(tx, { officeId: visit.officeId, type: visit.type, plannedOn: input.plannedOn, now });
    const [row] = await tx.update(visits)
      .set({ plannedOn: input.plannedOn, lastActivityAt: now, updatedAt: now })
      .where(eq(visits.id, visit.id)).returning();
    if (notice.deliverAt && row!.plannedOn !== visit.plannedOn) {
      const school = (await schoolById(tx, visit.schoolId))!;
      const [lead] = await tx.select().from(people).where(eq(people.id, visit.supervisorId));
      await queueAdvanceNotice(tx, { visit: row!, school, supervisor: lead!, deliverAt: notice.deliverAt, moved: true });
    }
    return row!;
  });
}

/**
 * Queues the morning card for every visit planned on `date` to its lead and participants. The key carries the date
 * (`visit:<id>:morning:<date>`), so a second run that day sends nothing and a rescheduled visit gets its card on
 * the new day. Returns how many cards were newly queued.
 */
export async function sendMorningCards(db: Db, input: { date: string; baseUrl: string; now?: Date; touch?: () => Promise<void> }): Promise<number> {
  if (!isIsoDate(input.date)) throw new DudaoError('bad_request', visitErrors.badDate(input.date));
  const planned = await db
    .select({ visit: visits, school: schools })
    .from(visits)
    .innerJoin(schools, eq(schools.id, visits.schoolId))
    .where(and(eq(visits.status, 'planned'), eq(visits.plannedOn, input.date)))
    .orderBy(asc(visits.id));
  if (planned.length === 0) return 0;
  const ids = planned.map((p) => p.visit.id);
  const joint = await db.select().from(visitParticipants).where(inArray(visitParticipants.visitId, ids));
  const personIds = [...new Set([...planned.map((p) => p.visit.supervisorId), ...joint.map((j) => j.personId)])];
  const persons = await db.select().from(people).where(inArray(people.id, personIds));
  const compact = input.date.replaceAll('-', '');
  // Each office's morning time; a pass that runs later than it (or a plan made for today) sends at once.
  const calendars = await calendarsByOffice(db);
  const now = input.now ?? clock.now();
  const sendAt = (officeId: number) => {
    const at = atLocal(input.date, calendars.get(officeId)?.morningCardTime ?? '08:00');
    return at > now ? at : now;
  };

  const personById = new Map(persons.map((p) => [p.id, p]));
  const jointOf = new Map<number, number[]>();
  for (const j of joint) jointOf.set(j.visitId, [...(jointOf.get(j.visitId) ?? []), j.personId]);
  const items: OutboxItem[] = [];
  for (const { visit, school } of planned) {
    const to = [visit.supervisorId, ...(jointOf.get(visit.id) ?? [])];
    for (const personId of to) {
      const person = personById.get(personId);
      const target = person?.active ? recipientFor(person) : null;
      if (!target) continue;
      const lead = personId === visit.supervisorId;
      items.push({
        key: `visit:${visit.id}:morning:${input.date}${lead ? '' : `:${personId}`}`,
        ...target,
        notBefore: sendAt(visit.officeId),
        officeId: visit.officeId,
        message: {
          type: 'card',
          card: visitMorningCard({
            taskId: `visit-${visit.id}-morning-${compact}${lead ? '' : `-${personId}`}`,
            schoolName: shortName(school),
            content: visit.planContent,
            date: chineseDate(input.date),
            startKey: actionKey('visit.start', visit.id),
            rescheduleKey: actionKey('visit.reschedule', visit.id),
            url: visitLink(input.baseUrl, visit.id, personId),
          }),
        },
      });
    }
  }
  // In batches, each committed on its own: a pass cut short (a worker killed) is finished by the next run, whose
  // inserts of what is already there are ignored.
  let queued = 0;
  for (let k = 0; k < items.length; k += MORNING_BATCH) {
    queued += await enqueue(db, items.slice(k, k + MORNING_BATCH));
    await input.touch?.();
  }
  return queued;
}

const MORNING_BATCH = 200;

