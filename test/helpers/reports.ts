/**
 * Reports tests: a month of visits built through the visit services (start, entries, items, submit — the same calls
 * the chat layer makes), and office API accounts (the office itself, and a supervisor's linked account).
 */
import type { Db } from '../../src/db/client.ts';
import { clock } from '../../src/clock.ts';
import { addEntry, attachPhoto, setItems, startVisit, submitVisit, type Notice, type Visit } from '../../src/services/visits.ts';
import { createAdmin, createToken } from '../../src/services/auth.ts';

export interface VisitSpec {
  personId: number;
  schoolId: number;
  /** When it is submitted (ISO with offset). */
  at: string;
  items: number[];
  problems?: { text: string; deadlineDays?: number }[];
  strengths?: string[];
  /** Stored media rows to attach as photos. */
  photos?: number[];
}

/** Starts, fills (2 亮点, 2 不足, the items, the problems) and submits a visit at `at`. */
export async function recordVisit(db: Db, spec: VisitSpec): Promise<{ visit: Visit; notices: Notice[] }> {
  clock.set(new Date(spec.at));
  await startVisit(db, { personId: spec.personId, schoolId: spec.schoolId });
  for (const text of spec.strengths ?? ['课后服务内容丰富', '校园文化氛围浓厚']) await addEntry(db, { personId: spec.personId, kind: 'strength', text });
  for (const text of ['作业公示不及时', '培训记录不全']) await addEntry(db, { personId: spec.personId, kind: 'weakness', text });
  for (const p of spec.problems ?? []) await addEntry(db, { personId: spec.personId, kind: 'problem', ...p });
  for (const mediaId of spec.photos ?? []) await attachPhoto(db, { personId: spec.personId, mediaId });
  await setItems(db, { personId: spec.personId, codes: spec.items });
  return submitVisit(db, { personId: spec.personId, baseUrl: 'https://dudao.example.cn' });
}

/** An office API account and its bearer token; `personId` links it to a person (whose roles it then acts with). */
export async function apiAccount(db: Db, officeId: number, username: string, personId?: number): Promise<string> {
  const admin = await createAdmin(db, 'test', { officeId, username, password: 'correct-horse-battery', personId });
  return (await createToken(db, admin)).token;
}
