/**
 * 提交 (conversations.md §1.5): in one transaction the visit becomes recorded, each problem becomes a 整改通知书
 * numbered from the office's counter for the year, and the outbox gets the notices and a rating card for every
 * school contact and a confirmation with the record link for the supervisor.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { noticeCounters, offices, rectificationNotices, visits } from '../db/schema/index.ts';
import { clock } from '../clock.ts';
import { actionKey } from '../domain/actions.ts';
import { chineseDate, dueDate, shanghaiDate } from '../domain/deadlines.ts';
import { DudaoError } from '../domain/errors.ts';
import { formatNoticeNumber } from '../domain/notice-number.ts';
import { ratingCode } from '../domain/ratings.ts';
import { visitErrors } from '../../templates/visit-errors.ts';
import { noticeIssuedText } from '../../templates/notices.ts';
import { visitRatingCard } from '../../templates/cards/visit-rating.ts';
import { visitSubmittedText } from '../../templates/visit-messages.ts';
import { contactsOfSchool, personById, recipientFor, schoolById, type Person } from './directory.ts';
import { enqueue, type OutboxItem } from './outbox.ts';
import { visitLink } from './links.ts';
import { draftOf, isOnVisit, lockVisit, touch, type Visit } from './visit-draft.ts';
import { createNoticeItems } from './rectification-notices.ts';
import { settleRechecks } from './rectification.ts';
import { missingOf, summarize } from './visit-summary.ts';

export type Notice = typeof rectificationNotices.$inferSelect;

export async function submitVisit(
  db: Db,
  input: { personId: number; baseUrl: string; visitId?: number },
): Promise<{ visit: Visit; notices: Notice[] }> {
  return db.transaction(async (tx) => {
    const draft = await lockSubmittable(tx, input.personId, input.visitId);
    const summary = await summarize(tx, draft);
    const missing = missingOf(summary);
    if (missing.length) throw new DudaoError('invalid_state', visitErrors.incomplete(missing), { missing });

    const now = clock.now();
    const issuedOn = shanghaiDate(now);
    const year = Number(issuedOn.slice(0, 4));
    const [office] = await tx.select().from(offices).where(eq(offices.id, draft.officeId));
    const seqs = await allocateNumbers(tx, office.id, year, summary.problems.length);
    const notices = summary.problems.length === 0 ? [] : await tx.insert(rectificationNotices).values(
      summary.problems.map((p, i) => ({
        officeId: office.id,
        year,
        seq: seqs[i],
        number: formatNoticeNumber(office.noticeFormat, { prefix: office.noticePrefix, year, seq: seqs[i] }),
        visitId: draft.id,
        entryId: p.entryId,
        schoolId: draft.schoolId,
        supervisorId: draft.supervisorId,
        problems: p.text,
        deadlineDays: p.deadlineDays,
        issuedOn,
        dueOn: dueDate(issuedOn, p.deadlineDays),
        createdAt: now,
        updatedAt: now,
      })),
    ).returning();
    await createNoticeItems(tx, notices);
    const visit = await touch(tx, draft.id, {
      status: 'recorded',
      finishedAt: draft.finishedAt ?? now,
      submittedAt: now,
    });

    const lead = (await personById(tx, draft.supervisorId))!;
    const submitter = input.personId === lead.id ? lead : (await personById(tx, input.personId))!;
    const contacts = await contactsOfSchool(tx, draft.schoolId);
    await enqueue(tx, [
      ...contactMessages(visit, notices, contacts, { school: summary.school.name, lead, office: office.name, baseUrl: input.baseUrl }),
      ...[lead, submitter].filter((p, i, all) => all.indexOf(p) === i).flatMap((p) => supervisorMessage(visit, notices, p, summary.school.name, input.baseUrl)),
    ]);
    // A re-check visit (回头看) verifies or returns the notices the supervisor marked during it.
    await settleRechecks(tx, visit, input.personId);
    return { visit, notices };
  });
}

/** The draft to submit, locked: the given visit (when the card carries it) or the person's open draft. */
async function lockSubmittable(tx: Tx, personId: number, visitId?: number): Promise<Visit> {
  const visit = visitId !== undefined ? await lockVisit(tx, visitId) : await draftOf(tx, personId, true);
  if (!visit) throw new DudaoError('invalid_state', visitErrors.noDraft());
  if (!(await isOnVisit(tx, visit, personId))) throw new DudaoError('forbidden', visitErrors.notYourVisit());
  if (visit.status === 'in_progress') return visit;
  const school = await schoolById(tx, visit.schoolId);
  if (visit.status === 'recorded') throw new DudaoError('invalid_state', visitErrors.alreadySubmitted(school?.name ?? ''));
  if (visit.status === 'cancelled') throw new DudaoError('invalid_state', visitErrors.cancelled(school?.name ?? ''));
  throw new DudaoError('invalid_state', visitErrors.noDraft());
}

/**
 * Takes `count` consecutive numbers from the office's counter for the year. The UPDATE … RETURNING holds the
 * counter row's lock until the submit commits, so concurrent submits get distinct numbers and none is reused.
 */
async function allocateNumbers(tx: Tx, officeId: number, year: number, count: number): Promise<number[]> {
  if (count === 0) return [];
  await tx.insert(noticeCounters).values({ officeId, year, lastSeq: 0 }).onConflictDoNothing();
  const [row] = await tx.update(noticeCounters)
    .set({ lastSeq: sql`${noticeCounters.lastSeq} + ${count}` })
    .where(and(eq(noticeCounters.officeId, officeId), eq(noticeCounters.year, year)))
    .returning({ lastSeq: noticeCounters.lastSeq });
  return Array.from({ length: count }, (_, i) => row.lastSeq - count + 1 + i);
}

function contactMessages(
  visit: Visit, notices: Notice[], contacts: Person[],
  ctx: { school: string; lead: Person; office: string; baseUrl: string },
): OutboxItem[] {
  const items: OutboxItem[] = [];
  for (const contact of contacts) {
    const to = recipientFor(contact);
    if (!to) continue;
    for (const n of notices) {
      items.push({
        key: `notice:${n.id}:issued:contact:${contact.id}`,
        ...to,
        message: {
          type: 'text',
          text: noticeIssuedText({
            number: n.number, seq: n.seq, schoolName: ctx.school, problems: n.problems, deadlineDays: n.deadlineDays,
            issuedOn: n.issuedOn, dueOn: n.dueOn, supervisorName: ctx.lead.name, officeName: ctx.office,
          }),
        },
      });
    }
    items.push({
      key: `visit:${visit.id}:rate:contact:${contact.id}`,
      ...to,
      message: {
        type: 'card',
        card: visitRatingCard({
          taskId: `visit-${visit.id}-rate-${contact.id}`,
          schoolName: ctx.school,
          supervisorName: ctx.lead.name,
          date: chineseDate(shanghaiDate(visit.startedAt ?? visit.submittedAt ?? clock.now())),
          keyFor: (r) => actionKey('visit.rate', `${visit.id}:${ratingCode(r)}`),
          url: visitLink(ctx.baseUrl, visit.id, contact.id),
        }),
      },
    });
  }
  return items;
}

function supervisorMessage(visit: Visit, notices: Notice[], person: Person, school: string, baseUrl: string): OutboxItem[] {
  const to = recipientFor(person);
  if (!to) return [];
  return [{
    key: `visit:${visit.id}:submitted:supervisor:${person.id}`,
    ...to,
    message: { type: 'text', text: visitSubmittedText({ schoolName: school, notices: notices.map((n) => n.number), url: visitLink(baseUrl, visit.id, person.id) }) },
  }];
}
