import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { media, outbox, visitEntries, visits } from '../../src/db/schema/index.ts';
import { clock } from '../../src/clock.ts';
import {
  addEntry, attachPhoto, cancelVisit, completeCheck, currentDraft, progress, remindStaleDrafts, setItems, setMethods,
  setNarrative, startVisit, undoLast,
} from '../../src/services/visits.ts';
import { freshDatabase } from '../helpers/db.ts';
import { createOrgFixture, type OrgFixture } from '../helpers/org-fixture.ts';

let database: Database;
let org: OrgFixture;
let who: number;

beforeAll(async () => {
  ({ database } = await freshDatabase());
  org = await createOrgFixture(database.db);
  who = org.supervisor.id;
});
afterAll(async () => { clock.reset(); await database.close(); });
beforeEach(async () => {
  clock.set(new Date('2026-05-20T09:00:00+08:00'));
  if (await currentDraft(database.db, who)) await cancelVisit(database.db, { personId: who });
});

async function photo(n: number) {
  const [row] = await database.db.insert(media).values({ sha256: `${n}`.padStart(64, 'a'), mime: 'image/jpeg', size: 10, source: `test:${n}` }).returning();
  return row.id;
}

describe('recording a visit', () => {
  it('adds one entry when the same message is handled twice (a crash after the entry, before the inbox row was done)', async () => {
    await startVisit(database.db, { personId: who, schoolId: org.schools.shiyan.id });
    const first = await addEntry(database.db, { personId: who, kind: 'strength', text: '课后服务项目丰富', source: 'inbox:77' });
    const again = await addEntry(database.db, { personId: who, kind: 'strength', text: '课后服务项目丰富', source: 'inbox:77' });
    expect(again.id).toBe(first.id);
    const summary = await progress(database.db, who);
    expect(summary.strengths).toEqual(['课后服务项目丰富']);
  });

  it('stores strengths, weaknesses, suggestions, problems with deadlines, on-site fixes and photos, and sums them up', async () => {
    await startVisit(database.db, { personId: who, schoolId: org.schools.shiyan.id });
    await addEntry(database.db, { personId: who, kind: 'strength', text: '课后服务项目丰富' });
    await addEntry(database.db, { personId: who, kind: 'weakness', text: '作业公示不及时' });
    await addEntry(database.db, { personId: who, kind: 'suggestion', text: '建立作业公示制度' });
    await addEntry(database.db, { personId: who, kind: 'problem', text: '食堂留样记录不全', deadlineDays: 10 });
    await addEntry(database.db, { personId: who, kind: 'problem', text: '消防通道堆放杂物' });
    await addEntry(database.db, { personId: who, kind: 'onsite_fix', text: '灭火器过期，已当场更换' });
    const mediaId = await photo(1);
    await attachPhoto(database.db, { personId: who, mediaId });
    await setItems(database.db, { personId: who, codes: [7, 3, 7] });
    await setMethods(database.db, { personId: who, methods: ['推门听课', ' 查阅资料 ', '推门听课'] });
    await setNarrative(database.db, { personId: who, text: '上午到校，查看食堂和课堂。' });

    const s = await progress(database.db, who);
    expect(s).toMatchObject({
      school: { name: '大渡口区实验小学' },
      strengths: ['课后服务项目丰富'],
      weaknesses: ['作业公示不及时'],
      suggestions: ['建立作业公示制度'],
      onsiteFixes: ['灭火器过期，已当场更换'],
      problems: [{ text: '食堂留样记录不全', deadlineDays: 10 }, { text: '消防通道堆放杂物', deadlineDays: 15 }],
      photos: [{ mediaId }],
      items: [{ code: 3, title: '课程开设和课堂教学情况' }, { code: 7, title: '食堂、食品、饮水及宿舍卫生情况' }],
      methods: ['推门听课', '查阅资料'],
      narrative: '上午到校，查看食堂和课堂。',
      counts: { strength: 1, weakness: 1, suggestion: 1, problem: 2, onsite_fix: 1, photo: 1 },
    });
    expect(s.startedAt).toBeInstanceOf(Date);
  });

  it('undoes the last entry only, and says so when there is nothing left to undo', async () => {
    await startVisit(database.db, { personId: who, schoolId: org.schools.shiyan.id });
    await addEntry(database.db, { personId: who, kind: 'strength', text: '第一条' });
    await addEntry(database.db, { personId: who, kind: 'strength', text: '写错了' });
    expect(await undoLast(database.db, { personId: who })).toMatchObject({ text: '写错了' });
    expect((await progress(database.db, who)).strengths).toEqual(['第一条']);
    expect(await undoLast(database.db, { personId: who })).toMatchObject({ text: '第一条' });
    expect(await undoLast(database.db, { personId: who })).toBeNull();
  });

  it('refuses entries with no open draft, empty text, a deadline on a non-problem or unknown items', async () => {
    await expect(addEntry(database.db, { personId: who, kind: 'strength', text: '好' }))
      .rejects.toMatchObject({ code: 'invalid_state', message: '当前没有进行中的督导。发送"开始督导 学校名称"开始。' });
    await startVisit(database.db, { personId: who, schoolId: org.schools.shiyan.id });
    await expect(addEntry(database.db, { personId: who, kind: 'weakness', text: '  ' })).rejects.toMatchObject({ code: 'bad_request', message: '内容不能为空。' });
    await expect(addEntry(database.db, { personId: who, kind: 'strength', text: '好', deadlineDays: 3 }))
      .rejects.toMatchObject({ code: 'bad_request', message: '只有"问题"可以写整改期限。' });
    await expect(addEntry(database.db, { personId: who, kind: 'problem', text: '问题', deadlineDays: 0 }))
      .rejects.toMatchObject({ code: 'bad_request', message: '整改期限应为1到365天。' });
    await expect(setItems(database.db, { personId: who, codes: [3, 9] }))
      .rejects.toMatchObject({ code: 'bad_request', message: '督导事项编号9不存在，可选编号：1、2、3、4、5、6、7、8。' });
    await expect(attachPhoto(database.db, { personId: who, mediaId: 999999 })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('names what the 2+2 rule and the items rule still miss, and passes once they hold', async () => {
    await startVisit(database.db, { personId: who, schoolId: org.schools.shiyan.id });
    await addEntry(database.db, { personId: who, kind: 'strength', text: '亮点一' });
    let check = await completeCheck(database.db, { personId: who });
    expect(check.ok).toBe(false);
    expect(check.missing).toEqual([
      { code: 'strengths', need: 2, have: 1 },
      { code: 'weaknesses', need: 2, have: 0 },
      { code: 'items', need: 1, have: 0 },
    ]);
    await addEntry(database.db, { personId: who, kind: 'strength', text: '亮点二' });
    await addEntry(database.db, { personId: who, kind: 'weakness', text: '不足一' });
    await addEntry(database.db, { personId: who, kind: 'weakness', text: '不足二' });
    await setItems(database.db, { personId: who, codes: [1] });
    check = await completeCheck(database.db, { personId: who });
    expect(check).toMatchObject({ ok: true, missing: [], summary: { strengths: ['亮点一', '亮点二'] } });
  });

  it('keeps both entries when two arrive for the same draft at the same moment', async () => {
    await startVisit(database.db, { personId: who, schoolId: org.schools.shiyan.id });
    await Promise.all([
      addEntry(database.db, { personId: who, kind: 'strength', text: '同时一' }),
      addEntry(database.db, { personId: who, kind: 'weakness', text: '同时二' }),
      attachPhoto(database.db, { personId: who, mediaId: await photo(2) }),
    ]);
    const s = await progress(database.db, who);
    expect(s.counts).toMatchObject({ strength: 1, weakness: 1, photo: 1 });
  });

  it('cancels the draft: the visit is kept as cancelled and the supervisor has no draft any more', async () => {
    const { visit } = await startVisit(database.db, { personId: who, schoolId: org.schools.shiyan.id });
    await addEntry(database.db, { personId: who, kind: 'strength', text: '亮点' });
    expect(await cancelVisit(database.db, { personId: who })).toMatchObject({ id: visit.id, status: 'cancelled' });
    expect(await currentDraft(database.db, who)).toBeNull();
    await expect(progress(database.db, who)).rejects.toMatchObject({ code: 'invalid_state' });
    await expect(cancelVisit(database.db, { personId: who })).rejects.toMatchObject({ code: 'invalid_state' });
  });

  it('touches the draft\'s last activity on every entry', async () => {
    const { visit } = await startVisit(database.db, { personId: who, schoolId: org.schools.shiyan.id });
    clock.set(new Date('2026-05-20T10:30:00+08:00'));
    await addEntry(database.db, { personId: who, kind: 'strength', text: '亮点' });
    const [row] = await database.db.select().from(visits).where(eq(visits.id, visit.id));
    expect(row.lastActivityAt.getTime()).toBeGreaterThanOrEqual(new Date('2026-05-20T10:30:00+08:00').getTime());
    const entries = await database.db.select().from(visitEntries).where(eq(visitEntries.visitId, visit.id));
    expect(entries.map((e) => e.authorId)).toEqual([who]);
  });
});

describe('the stale-draft reminder', () => {
  it('reminds the supervisor once about a draft untouched for twelve hours', async () => {
    const { visit } = await startVisit(database.db, { personId: who, schoolId: org.schools.shiyan.id });
    await addEntry(database.db, { personId: who, kind: 'strength', text: '亮点' });
    expect(await remindStaleDrafts(database.db, { now: new Date('2026-05-20T20:00:00+08:00') })).toBe(0);
    expect(await remindStaleDrafts(database.db, { now: new Date('2026-05-21T09:30:00+08:00') })).toBe(1);
    expect(await remindStaleDrafts(database.db, { now: new Date('2026-05-22T09:30:00+08:00') })).toBe(0);
    const sent = await database.db.select().from(outbox).where(eq(outbox.idempotencyKey, `visit:${visit.id}:stale-reminder`)).orderBy(asc(outbox.id));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ channel: 'wecom.app', recipient: 'wangdx' });
    expect((sent[0].message as any).text).toBe(
      '你在大渡口区实验小学的督导记录已有12小时没有更新，已记录的1条内容都保存着。\n发送"进度"查看，"完成"检查并提交，或"取消督导"放弃这次记录。',
    );
    expect((await progress(database.db, who)).strengths).toEqual(['亮点']);
  });
});
