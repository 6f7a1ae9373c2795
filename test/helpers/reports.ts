/**
 * Reports tests: a month of visits built through the visit services (start, entries, items, submit — the same calls
 * the chat layer makes), and office API accounts (the office itself, and a supervisor's linked account).
 */
import type { Db } from '../../src/db/client.ts';
import { clock } from '../../src/clock.ts';
import { addEntry, attachPhoto, setItems, startVisit, submitVisit, type Notice, type Visit } from '../../src/services/visits.ts';
import { eq } from 'drizzle-orm';
import { createAdmin, createToken } from '../../src/services/auth.ts';
import { reportImages, reports } from '../../src/db/schema/index.ts';
import type { ReportActor } from '../../src/services/report-actor.ts';
import { approveReport, publishReport, setImagePublishable } from '../../src/services/reports.ts';
import type { OfficialAccountSimulator } from '../../src/simulators/official-account/api.ts';
import { OfficialAccountCallbackSender } from '../../src/simulators/official-account/callbacks.ts';
import { publishingOf } from '../../src/simulators/official-account/publishing-api.ts';
import type { TestServer } from './server.ts';

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

/** The office itself as a report actor (an account with no person behind it). */
export function officeActor(officeId: number): ReportActor {
  return { actor: 'admin:test', officeId, username: 'office', personId: null, roles: ['office_admin'], zoneId: null };
}

/**
 * Publishes a report the way the office does (approve, publish), lets the server's outbox reach the simulated
 * official account, finishes the publish job there and delivers its PUBLISHJOBFINISH event. Photos are marked
 * publishable first; the report must hold no other personal data.
 */
export async function publishThroughPlatform(
  server: TestServer,
  oa: OfficialAccountSimulator,
  reportId: number,
  originalId: string,
): Promise<void> {
  const { db } = server.database;
  const actor = officeActor((await db.select().from(reports).where(eq(reports.id, reportId)))[0].officeId);
  for (const img of await db.select().from(reportImages).where(eq(reportImages.reportId, reportId))) {
    if (!img.publishable) await setImagePublishable(db, actor, reportId, img.id, true);
  }
  await approveReport(db, actor, reportId);
  await publishReport(db, actor, reportId);
  let publishId: string | null = null;
  for (let i = 0; i < 100 && !publishId; i++) {
    await server.dispatcher!.runOnce();
    publishId = (await db.select().from(reports).where(eq(reports.id, reportId)))[0].publishId;
    if (!publishId) await new Promise((r) => setTimeout(r, 20));
  }
  if (!publishId) throw new Error(`report ${reportId} was not submitted to the official account`);
  const events = new OfficialAccountCallbackSender({
    baseUrl: server.url, appId: server.config.WECHAT_APP_ID!, token: server.config.WECHAT_TOKEN!, aesKey: server.config.WECHAT_AES_KEY,
    originalId, mode: server.config.WECHAT_AES_KEY ? 'safe' : 'plain', retryDelayMs: 10,
  });
  await events.sendXml(publishingOf(oa.context.state, () => originalId).finish(publishId));
  for (let i = 0; i < 100; i++) {
    await server.inbox.idle();
    if ((await db.select().from(reports).where(eq(reports.id, reportId)))[0].status === 'published') return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`report ${reportId} was not published`);
}
