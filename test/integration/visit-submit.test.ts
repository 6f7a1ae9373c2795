import { asc, eq, like } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { outbox, rectificationNotices, visits } from '../../src/db/schema/index.ts';
import { clock } from '../../src/clock.ts';
import { actionKey } from '../../src/domain/actions.ts';
import { verifyLink } from '../../src/services/links.ts';
import {
  addEntry, cancelVisit, currentDraft, rateVisit, setItems, setSchoolRequests, startVisit, submitVisit,
} from '../../src/services/visits.ts';
import { freshDatabase } from '../helpers/db.ts';
import { createOrgFixture, type OrgFixture } from '../helpers/org-fixture.ts';

const BASE = 'https://dudao.example.cn';
let database: Database;
let org: OrgFixture;

beforeAll(async () => {
  ({ database } = await freshDatabase());
  org = await createOrgFixture(database.db);
});
afterAll(async () => { clock.reset(); await database.close(); });
beforeEach(async () => {
  clock.set(new Date('2026-05-21T15:00:00+08:00'));
  for (const p of [org.supervisor, org.otherSupervisor]) if (await currentDraft(database.db, p.id)) await cancelVisit(database.db, { personId: p.id });
});

/** Starts a visit and records a complete 2+2 record with the given problems. */
async function completeVisit(personId: number, schoolId: number, problems: { text: string; deadlineDays?: number }[]) {
  const { visit } = await startVisit(database.db, { personId, schoolId });
  for (const text of ['校园文化建设有特色', '课后服务丰富']) await addEntry(database.db, { personId, kind: 'strength', text });
  for (const text of ['作业公示不及时', '教师培训记录不全']) await addEntry(database.db, { personId, kind: 'weakness', text });
  for (const p of problems) await addEntry(database.db, { personId, kind: 'problem', ...p });
  await setItems(database.db, { personId, codes: [3, 7] });
  return visit;
}

const outboxFor = (prefix: string) =>
  database.db.select().from(outbox).where(like(outbox.idempotencyKey, `${prefix}%`)).orderBy(asc(outbox.id));

describe('submitting a visit', () => {
  it('records the visit, numbers one notice per problem and notifies the contacts and the supervisor', async () => {
    const draft = await completeVisit(org.supervisor.id, org.schools.shiyan.id, [
      { text: '食堂留样记录不全', deadlineDays: 15 },
      { text: '消防通道堆放杂物' },
    ]);
    const { visit, notices } = await submitVisit(database.db, { personId: org.supervisor.id, baseUrl: BASE });
    expect(visit).toMatchObject({ id: draft.id, status: 'recorded' });
    expect(visit.submittedAt).toBeInstanceOf(Date);
    expect(visit.finishedAt).toBeInstanceOf(Date);
    expect(notices.map((n) => [n.number, n.problems, n.deadlineDays, n.issuedOn, n.dueOn, n.status])).toEqual([
      ['渡督整〔2026〕1号', '食堂留样记录不全', 15, '2026-05-21', '2026-06-05', 'issued'],
      ['渡督整〔2026〕2号', '消防通道堆放杂物', 15, '2026-05-21', '2026-06-05', 'issued'],
    ]);

    const [first] = notices;
    const toChen = await outboxFor(`notice:${first.id}:issued:contact:${org.contactWecom.id}`);
    expect(toChen).toHaveLength(1);
    expect(toChen[0]).toMatchObject({ channel: 'wecom.app', recipient: 'chenzr' });
    expect((toChen[0].message as any).text).toBe([
      '【整改通知书】渡督整〔2026〕1号',
      '学校：大渡口区实验小学',
      '经查，你校存在以下问题：食堂留样记录不全',
      '对上述问题应采取措施，积极整改。整改期限：15天，截止日期：2026年6月5日。',
      '下达日期：2026年5月21日　督学：王督学',
      '整改完成后请回复"已整改 1号 整改情况"，并可附上照片。',
    ].join('\n'));
    const toZhao = await outboxFor(`notice:${first.id}:issued:contact:${org.contactOpenid.id}`);
    expect(toZhao[0]).toMatchObject({ channel: 'wechat.custom', recipient: 'oZhao-openid' });

    const rating = await outboxFor(`visit:${visit.id}:rate:contact:`);
    expect(rating.map((r) => [r.channel, r.recipient])).toEqual([['wecom.app', 'chenzr'], ['wechat.custom', 'oZhao-openid']]);
    const card = (rating[0].message as any).card;
    expect(card.card_type).toBe('button_interaction');
    expect(card.button_list.map((b: any) => [b.text, b.key])).toEqual([
      ['非常满意', actionKey('visit.rate', `${visit.id}:very_satisfied`)],
      ['满意', actionKey('visit.rate', `${visit.id}:satisfied`)],
      ['基本满意', actionKey('visit.rate', `${visit.id}:fairly_satisfied`)],
      ['不满意', actionKey('visit.rate', `${visit.id}:dissatisfied`)],
    ]);

    const confirm = await outboxFor(`visit:${visit.id}:submitted:supervisor:${org.supervisor.id}`);
    expect(confirm[0]).toMatchObject({ channel: 'wecom.app', recipient: 'wangdx' });
    const text = (confirm[0].message as any).text as string;
    expect(text).toContain('大渡口区实验小学的督导记录已提交。');
    expect(text).toContain('已下达整改通知书2份：渡督整〔2026〕1号、渡督整〔2026〕2号，已通知学校联系人。');
    const link = /完整纪实表：(\S+)/.exec(text)![1];
    const url = new URL(link);
    expect(`${url.origin}${url.pathname}`).toBe(`${BASE}/h5/visits/${visit.id}`);
    expect(verifyLink(visit.id, url.searchParams.get('t')!)).toBe(org.supervisor.id);

    // Two notices × two contacts, two rating cards, one confirmation.
    expect(await database.db.select().from(outbox)).toHaveLength(7);
  });

  it('refuses a second submit and issues no second set of notices', async () => {
    const [last] = await database.db.select().from(visits).where(eq(visits.status, 'recorded'));
    await expect(submitVisit(database.db, { personId: org.supervisor.id, baseUrl: BASE }))
      .rejects.toMatchObject({ code: 'invalid_state', message: '当前没有进行中的督导。发送"开始督导 学校名称"开始。' });
    await expect(submitVisit(database.db, { personId: org.supervisor.id, baseUrl: BASE, visitId: last.id }))
      .rejects.toMatchObject({ code: 'invalid_state', message: '大渡口区实验小学的这次督导已经提交，不能再修改。' });
    expect(await database.db.select().from(rectificationNotices)).toHaveLength(2);
  });

  it('refuses an incomplete record and names what is missing', async () => {
    await startVisit(database.db, { personId: org.supervisor.id, schoolId: org.schools.shiyanZhong.id });
    await addEntry(database.db, { personId: org.supervisor.id, kind: 'problem', text: '问题' });
    await expect(submitVisit(database.db, { personId: org.supervisor.id, baseUrl: BASE })).rejects.toMatchObject({
      code: 'invalid_state',
      details: { missing: [{ code: 'strengths', need: 2, have: 0 }, { code: 'weaknesses', need: 2, have: 0 }, { code: 'items', need: 1, have: 0 }] },
    });
    expect(await database.db.select().from(rectificationNotices)).toHaveLength(2);
  });

  it('continues the numbering on the next submit and gives distinct numbers to submits that happen at once', async () => {
    await completeVisit(org.supervisor.id, org.schools.shiyanZhong.id, [{ text: '实验室台账缺失', deadlineDays: 7 }]);
    const next = await submitVisit(database.db, { personId: org.supervisor.id, baseUrl: BASE });
    expect(next.notices.map((n) => [n.number, n.dueOn])).toEqual([['渡督整〔2026〕3号', '2026-05-28']]);

    await completeVisit(org.supervisor.id, org.schools.shiyan.id, [{ text: '问题甲' }, { text: '问题乙' }]);
    await completeVisit(org.otherSupervisor.id, org.schools.ganghua.id, [{ text: '问题丙' }, { text: '问题丁' }]);
    const both = await Promise.all([
      submitVisit(database.db, { personId: org.supervisor.id, baseUrl: BASE }),
      submitVisit(database.db, { personId: org.otherSupervisor.id, baseUrl: BASE }),
    ]);
    const numbers = both.flatMap((b) => b.notices.map((n) => n.seq)).sort((a, b) => a - b);
    expect(numbers).toEqual([4, 5, 6, 7]);
    const all = await database.db.select().from(rectificationNotices);
    expect(new Set(all.map((n) => n.number)).size).toBe(7);
  });

  it('issues one set of notices when the same draft is submitted twice at once (a double tap on 提交)', async () => {
    const draft = await completeVisit(org.supervisor.id, org.schools.shiyanZhong.id, [{ text: '双击问题' }]);
    const results = await Promise.allSettled([
      submitVisit(database.db, { personId: org.supervisor.id, baseUrl: BASE, visitId: draft.id }),
      submitVisit(database.db, { personId: org.supervisor.id, baseUrl: BASE, visitId: draft.id }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'invalid_state', message: '实验中学的这次督导已经提交，不能再修改。' });
    expect(await database.db.select().from(rectificationNotices).where(eq(rectificationNotices.visitId, draft.id))).toHaveLength(1);
  });

  it('starts the numbering again at 1 in a new year', async () => {
    clock.set(new Date('2027-01-04T10:00:00+08:00'));
    await completeVisit(org.supervisor.id, org.schools.shiyan.id, [{ text: '新年问题' }]);
    const { notices } = await submitVisit(database.db, { personId: org.supervisor.id, baseUrl: BASE });
    expect(notices[0].number).toBe('渡督整〔2027〕1号');
    expect(notices[0].issuedOn).toBe('2027-01-04');
  });
});

describe('the school rates the visit', () => {
  it('takes the rating and the school\'s requests from a contact of that school, once', async () => {
    const [visit] = await database.db.select().from(visits).where(eq(visits.status, 'recorded')).orderBy(asc(visits.id)).limit(1);
    await expect(rateVisit(database.db, { personId: org.stranger.id, visitId: visit.id, rating: '满意' }))
      .rejects.toMatchObject({ code: 'forbidden', message: '只有大渡口区实验小学的学校联系人可以评价这次督导。' });
    await expect(rateVisit(database.db, { personId: org.supervisor.id, visitId: visit.id, rating: '满意' }))
      .rejects.toMatchObject({ code: 'forbidden' });
    await expect(rateVisit(database.db, { personId: org.contactWecom.id, visitId: visit.id, rating: '还行' }))
      .rejects.toMatchObject({ code: 'bad_request', message: '评价请选择：非常满意、满意、基本满意或不满意。' });

    const rated = await rateVisit(database.db, { personId: org.contactWecom.id, visitId: visit.id, rating: 'very_satisfied', requests: '希望多指导课后服务' });
    expect(rated).toMatchObject({ schoolRating: '非常满意', ratedBy: org.contactWecom.id, schoolRequests: '希望多指导课后服务' });
    await expect(rateVisit(database.db, { personId: org.contactOpenid.id, visitId: visit.id, rating: '不满意' }))
      .rejects.toMatchObject({ code: 'invalid_state', message: '这次督导已经评价过了（非常满意）。' });

    const again = await setSchoolRequests(database.db, { personId: org.contactOpenid.id, visitId: visit.id, text: '希望提前告知督导时间' });
    expect(again.schoolRequests).toBe('希望提前告知督导时间');
  });

  it('refuses a rating before the visit is submitted', async () => {
    const { visit } = await startVisit(database.db, { personId: org.supervisor.id, schoolId: org.schools.shiyan.id });
    await expect(rateVisit(database.db, { personId: org.contactWecom.id, visitId: visit.id, rating: '满意' }))
      .rejects.toMatchObject({ code: 'invalid_state', message: '这次督导还没有提交，暂不能评价。' });
  });
});
