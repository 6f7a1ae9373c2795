/**
 * Advance notice of a planned visit to the school contacts, and the rule behind it (domain/advance-notice.ts): an
 * announced visit planned too soon is refused with the reason; an unannounced one (随机督导, 明查暗访) is never told
 * to the school, only filed with the office. The notice is queued in the planning transaction, held past the quiet
 * hours, and keyed by visit and day (`visit:<id>:notice:<day>`), so a moved visit is announced again.
 */
import type { DbOrTx } from '../db/client.ts';
import { earliestAnnouncedDay, isUnannounced, noticeIsEnough } from '../domain/advance-notice.ts';
import { DudaoError } from '../domain/errors.ts';
import { deliveryTime, localDayOf } from '../domain/reminder-time.ts';
import { advanceNoticeText, calendarErrors } from '../../templates/calendar.ts';
import { contactsOfSchool, recipientFor, shortName, type Person, type School } from './directory.ts';
import { calendarOf } from './office-calendar.ts';
import { enqueue } from './outbox.ts';

export interface NoticePlan {
  /** When the school will hear of it (null: never, an unannounced visit). */
  deliverAt: Date | null;
}

/** Throws a DudaoError (bad_request) when an announced visit on `plannedOn` cannot be told to the school in time. */
export async function checkAdvanceNotice(tx: DbOrTx, i: { officeId: number; type: string; plannedOn: string; now: Date }): Promise<NoticePlan> {
  if (isUnannounced(i.type)) return { deliverAt: null };
  const calendar = await calendarOf(tx, i.officeId);
  // Told as soon as the quiet hours allow (a notice is not held for weekends: the rule counts calendar days).
  const deliverAt = deliveryTime(i.now, calendar, { workingDaysOnly: false });
  const noticeDay = localDayOf(deliverAt);
  if (!noticeIsEnough(noticeDay, i.plannedOn, calendar.advanceNoticeDays)) {
    throw new DudaoError('bad_request', calendarErrors.shortNotice({
      days: calendar.advanceNoticeDays, earliest: earliestAnnouncedDay(noticeDay, calendar.advanceNoticeDays), type: i.type,
    }));
  }
  return { deliverAt };
}

/** Queues the notice to each reachable contact of the school; returns how many were queued. */
export async function queueAdvanceNotice(tx: DbOrTx, i: {
  visit: { id: number; plannedOn: string | null; type: string; planContent: string | null };
  school: School;
  supervisor: Person;
  deliverAt: Date;
  moved: boolean;
}): Promise<number> {
  const contacts = await contactsOfSchool(tx, i.school.id);
  const text = advanceNoticeText({
    school: shortName(i.school), day: i.visit.plannedOn!, supervisor: i.supervisor.name, type: i.visit.type, content: i.visit.planContent, moved: i.moved,
  });
  const items = contacts.flatMap((c) => {
    const to = recipientFor(c);
    return to ? [{ key: `visit:${i.visit.id}:notice:${i.visit.plannedOn}:${c.id}`, ...to, message: { type: 'text' as const, text }, notBefore: i.deliverAt, officeId: i.school.officeId }] : [];
  });
  return enqueue(tx, items);
}

/** The first day a visit of this type may be planned for, planning now (today for an unannounced one). */
export async function earliestPlanDay(db: DbOrTx, i: { officeId: number; type: string; now: Date }): Promise<string> {
  if (isUnannounced(i.type)) return localDayOf(i.now);
  const calendar = await calendarOf(db, i.officeId);
  const noticeDay = localDayOf(deliveryTime(i.now, calendar, { workingDaysOnly: false }));
  return earliestAnnouncedDay(noticeDay, calendar.advanceNoticeDays);
}
