/**
 * A visit as the record page (责任区督学工作纪实表, titled as the office's settings say) shows it, and who may read it: the lead supervisor and
 * joint-visit participants, a contact of the visited school, or an office admin of the same office.
 */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { offices, people, rectificationNotices, visitEntries, visitParticipants, visits, zones } from '../db/schema/index.ts';
import { isContactOf, personById, schoolById, type Person, type School } from './directory.ts';
import type { Visit } from './visit-draft.ts';
import { summarize, type VisitSummary } from './visit-summary.ts';
import type { Notice } from './visit-submit.ts';
import { officeSettings, recordAreaOf } from '../domain/office-settings.ts';
import { visitRecordTitle } from '../../templates/visit-record.ts';

export interface VisitRecord {
  visit: Visit;
  school: School;
  zoneName: string;
  officeName: string;
  /** The form's title: the office's documents.visitRecordTitle, or its area's 责任区督学工作纪实表. */
  recordTitle: string;
  supervisor: Person;
  participants: Person[];
  ratedBy: Person | null;
  summary: VisitSummary;
  notices: Notice[];
}

export async function loadVisitRecord(db: DbOrTx, visitId: number): Promise<VisitRecord | null> {
  const [visit] = await db.select().from(visits).where(eq(visits.id, visitId));
  if (!visit) return null;
  const school = (await schoolById(db, visit.schoolId))!;
  const [[zone], [office], supervisor, joint, summary, notices, ratedBy] = await Promise.all([
    db.select({ name: zones.name }).from(zones).where(eq(zones.id, school.zoneId)),
    db.select({ name: offices.name, settings: offices.settings }).from(offices).where(eq(offices.id, visit.officeId)),
    personById(db, visit.supervisorId),
    db.select({ id: visitParticipants.personId }).from(visitParticipants).where(eq(visitParticipants.visitId, visit.id)),
    summarize(db, visit),
    db.select().from(rectificationNotices).where(eq(rectificationNotices.visitId, visit.id)).orderBy(asc(rectificationNotices.seq)),
    visit.ratedBy ? personById(db, visit.ratedBy) : Promise.resolve(null),
  ]);
  const participants = joint.length
    ? await db.select().from(people).where(inArray(people.id, joint.map((j) => j.id))).orderBy(asc(people.id))
    : [];
  const officeName = office?.name ?? '';
  const recordTitle = officeSettings(office?.settings).documents.visitRecordTitle ?? visitRecordTitle(recordAreaOf(officeName));
  return { visit, school, zoneName: zone?.name ?? '', officeName, recordTitle, supervisor: supervisor!, participants, ratedBy, summary, notices };
}

export type ViewerRole = 'supervisor' | 'participant' | 'school_contact' | 'office_admin';

/** Why this person may read the record, or null when they may not. */
export async function viewerRole(db: DbOrTx, record: VisitRecord, personId: number): Promise<ViewerRole | null> {
  const person = await personById(db, personId);
  if (!person?.active) return null;
  if (record.visit.supervisorId === person.id) return 'supervisor';
  if (record.participants.some((p) => p.id === person.id)) return 'participant';
  if (isContactOf(person, record.visit.schoolId)) return 'school_contact';
  if (person.roles.includes('office_admin') && person.officeId === record.visit.officeId) return 'office_admin';
  return null;
}

/** True when the media row is a photo of this visit (so the page's viewers may load it). */
export async function isPhotoOfVisit(db: DbOrTx, visitId: number, mediaId: number): Promise<boolean> {
  const rows = await db.select({ id: visitEntries.id }).from(visitEntries)
    .where(and(eq(visitEntries.visitId, visitId), eq(visitEntries.mediaId, mediaId), eq(visitEntries.kind, 'photo'), isNull(visitEntries.undoneAt)))
    .limit(1);
  return rows.length > 0;
}
