/**
 * The visit cadence on Agenda, against PostgreSQL with a controlled clock: every job runs through Agenda
 * (test/helpers/jobs.ts), and what each person received is read from the WeCom simulator.
 */
import request from 'supertest';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { clock } from '../../src/clock.ts';
import { createAdmin, createToken } from '../../src/services/auth.ts';
import { savePerson } from '../../src/services/org.ts';
import { conversation, keyOf, type Conversation, type Participant } from '../helpers/conversation.ts';
import { advanceTo, runJob } from '../helpers/jobs.ts';

let chat: Conversation;
let token: string;

async function signIn(c: Conversation): Promise<string> {
  const admin = await createAdmin(c.server.database.db, 'test', { officeId: c.org.office.id, username: 'liukz', password: 'a-long-test-password' });
  return (await createToken(c.server.database.db, admin)).token;
}

const api = (path: string) => request(chat.server.url).get(path).set('Authorization', `Bearer ${token}`);

/** A visit recorded and submitted the way a supervisor does it in chat. */
async function submitVisit(sup: Participant, school: string): Promise<void> {
  await sup.send(`开始督导 ${school}`);
  const items = sup.lastCard();
  for (const line of ['亮点：课后服务丰富', '亮点：校园整洁', '不足：作业公示不及时', '不足：采光不足']) await sup.send(line);
  await sup.tap(keyOf(items, '提交'), { selected: [{ questionKey: 'items', optionIds: ['6'] }] });
  await sup.send('完成');
  await sup.tap(keyOf(sup.lastCard(), '提交'));
  expect(sup.lastReply()).toContain('督导记录已提交');
}

afterEach(async () => { await chat?.close(); });

describe('advance notice to the school', () => {
  beforeEach(async () => {
    chat = await conversation({ at: '2026-05-20T09:00:00+08:00' }); // a Wednesday
    token = await signIn(chat);
  });

  it('refuses an announced visit planned less than two days ahead, with the reason, and changes nothing', async () => {
    const sup = chat.as('wangdx');
    await sup.send('计划 实验小学 明天 食堂卫生');
    expect(sup.lastReply()).toBe('经常性督导须至少提前2天告知学校，最早可计划到2026年5月22日。随机督导、明查暗访不提前告知，可写"计划 学校 明天 随机督导"。');
    const res = await api('/api/calendar/planned?from=2026-05-20&to=2026-05-31');
    expect(res.status).toBe(200);
    expect(res.body.visits).toEqual([]);
    expect(chat.as('chenzr').messages()).toEqual([]);
  });

  it('tells the school contact of a visit two days ahead: date, supervisor and focus', async () => {
    const sup = chat.as('wangdx');
    await sup.send('计划 实验小学 5月22日 食堂卫生');
    expect(sup.lastReply()).toContain('已提前告知学校联系人');
    expect(chat.as('chenzr').lastReply()).toBe('【督导告知】王督学定于2026年5月22日到实验小学开展经常性督导。\n督导内容：食堂卫生。\n请学校做好相关准备，届时请负责人接待。');
    // The other contact has only the official account: the notice waits for that channel in the outbox.
    const queued = await chat.server.database.pool.query("select idempotency_key from outbox where recipient = 'oZhao-openid'");
    expect(queued.rows.map((r) => r.idempotency_key as string)).toEqual([expect.stringMatching(/^visit:\d+:notice:2026-05-22:\d+$/)]);
  });

  it('holds a notice planned in the quiet hours until 08:00, and counts the two days from then', async () => {
    chat.setTime('2026-05-20T22:00:00+08:00');
    const sup = chat.as('wangdx');
    await sup.send('计划 实验小学 5月22日 食堂卫生');
    expect(sup.lastReply()).toContain('最早可计划到2026年5月23日');
    await sup.send('计划 实验小学 5月25日 食堂卫生');
    expect(sup.lastReply()).toContain('已计划2026年5月25日');
    expect(chat.as('chenzr').messages()).toEqual([]);
    await advanceTo(chat.server, '2026-05-21T08:00:00+08:00');
    expect(chat.as('chenzr').lastReply()).toContain('定于2026年5月25日到实验小学');
  });

  it('plans 随机督导 for tomorrow without telling the school, files it with the office, and digests it to the admins', async () => {
    const sup = chat.as('wangdx');
    await sup.send('计划 实验小学 明天 随机督导');
    expect(sup.lastReply()).toBe('已计划2026年5月21日到实验小学随机督导。当天8:00会提醒你，到校后点"开始督导"。\n随机督导不提前告知学校，仅报督导室备案。');
    await sup.send('计划 实验中学 5月22日 课堂教学');

    const filed = await api('/api/calendar/planned?from=2026-05-20&to=2026-05-31');
    expect(filed.body.visits.map((v: any) => [v.plannedOn, v.school.name, v.type, v.announced, v.supervisor.name])).toEqual([
      ['2026-05-21', '实验小学', '随机督导', false, '王督学'],
      ['2026-05-22', '实验中学', '经常性督导', true, '王督学'],
    ]);

    // 17:00: the office admin's digest of tomorrow's visits, the unannounced one included.
    await advanceTo(chat.server, '2026-05-20T17:00:00+08:00');
    expect(chat.as('liukz').lastReply()).toBe('【督导备案】2026年5月21日计划督导1次：\n1. 实验小学 · 王督学 · 随机督导（不提前告知学校） · 经常性督导事项');
    expect(chat.as('chenzr').messages()).toEqual([]);
    // The next morning the supervisor gets the card; a second run of the job sends nothing more.
    await advanceTo(chat.server, '2026-05-21T08:00:00+08:00');
    expect(sup.lastCard()).toMatchObject({ main_title: { title: '今日督导：实验小学' } });
    const cards = sup.messages().filter((m) => m.type === 'card').length;
    await runJob(chat.server, 'visits.morning-cards', new Date('2026-05-21T00:00:00+08:00'));
    expect(sup.messages().filter((m) => m.type === 'card')).toHaveLength(cards);
    expect(chat.as('liukz').messages()).toHaveLength(1);
  });

  it('refuses bad API input with a reason', async () => {
    expect((await api('/api/calendar/planned?from=2026-13-01')).status).toBe(400);
    expect((await api('/api/calendar/planned?from=2026-05-01&to=2026-12-31')).body.message).toMatch(/0 to 92 days/);
    expect((await api('/api/calendar/quota?month=2026-5')).body.message).toBe('月份"2026-5"无法识别，请写成 2026-10。');
    expect((await request(chat.server.url).get('/api/jobs')).status).toBe(401);
  });
});

describe('the monthly quota and China\'s calendar', () => {
  beforeEach(async () => {
    chat = await conversation({ at: '2026-09-14T09:00:00+08:00' }); // a Monday
    token = await signIn(chat);
  });

  it('reminds on the 20th (an adjusted working Sunday in 2026) of the school below the quota, not the one at it', async () => {
    const sup = chat.as('wangdx');
    await submitVisit(sup, '实验小学');
    await submitVisit(sup, '实验中学');
    chat.setTime('2026-09-15T10:00:00+08:00');
    await submitVisit(sup, '实验中学');

    const ran = await advanceTo(chat.server, '2026-09-20T09:00:00+08:00');
    expect(ran.filter((r) => r.name === 'visits.monthly-quota')).toHaveLength(5);
    expect(sup.lastReply()).toBe('【督导提醒】2026年9月每校至少督导2次，以下学校本月尚未达到：\n· 大渡口区实验小学：已提交1次，还差1次\n请在月底前安排，可发送"计划 学校 日期 内容"。');
    const reminders = sup.messages().filter((m) => m.type === 'text' && m.text.startsWith('【督导提醒】'));
    expect(reminders).toHaveLength(1);
    // The other supervisor's school has no visit at all.
    expect(chat.as('lidx').lastReply()).toContain('· 钢花小学：已提交0次，还差2次');

    const table = await api('/api/calendar/quota?month=2026-09');
    expect(table.body.quota).toBe(2);
    expect(table.body.rows.map((r: any) => [r.school, r.count, r.below, r.supervisors.map((s: any) => s.name)])).toEqual([
      ['大渡口区实验小学', 1, true, ['王督学']],
      ['实验中学', 2, false, ['王督学']],
      ['钢花小学', 0, true, ['李督学']],
    ]);
    // The quota is the office's: three a month makes 实验中学 short too.
    const bad = await request(chat.server.url).patch('/api/calendar/settings').set('Authorization', `Bearer ${token}`).send({ quietFrom: '25:00' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/quietFrom/);
    const set = await request(chat.server.url).patch('/api/calendar/settings').set('Authorization', `Bearer ${token}`).send({ visitsPerSchoolPerMonth: 3 });
    expect(set.status).toBe(200);
    expect(set.body.calendar).toMatchObject({ visitsPerSchoolPerMonth: 3, quietFrom: '21:00', morningCardTime: '08:00' });
    const three = await api('/api/calendar/quota?month=2026-09');
    expect(three.body.quota).toBe(3);
    expect(three.body.rows.map((r: any) => r.below)).toEqual([true, true, true]);
    const august = await api('/api/calendar/quota?month=2026-08');
    expect(august.body.rows.every((r: any) => r.count === 0)).toBe(true);
  });

  it('sends the zone leader the zone\'s table on the month\'s last working day (30 September, before National Day)', async () => {
    // The office names a zone leader, as its import would.
    await savePerson(chat.server.database.db, { actor: 'test', officeId: chat.org.office.id }, {
      mobile: '13800000009', name: '周组长', roles: ['supervisor', 'zone_leader'], zoneId: chat.org.zone.id, wecomUserId: 'zhouzz',
    });
    await submitVisit(chat.as('wangdx'), '实验中学');
    await advanceTo(chat.server, '2026-09-29T20:00:00+08:00');
    expect(chat.as('zhouzz').messages()).toEqual([]);
    await advanceTo(chat.server, '2026-09-30T17:00:00+08:00');
    expect(chat.as('zhouzz').lastReply()).toBe([
      '【第一督学责任区】2026年9月督导次数（每校至少2次；3所未达到）：',
      '· 大渡口区实验小学（王督学）：0次 ⚠未达到',
      '· 实验中学（王督学）：1次 ⚠未达到',
      '· 钢花小学（李督学）：0次 ⚠未达到',
    ].join('\n'));
  }, 120_000);

  it('moves a reminder due on National Day (2026-10-01) to the next working morning', async () => {
    chat.setTime('2026-09-30T19:30:00+08:00');
    const sup = chat.as('wangdx');
    await sup.send('开始督导 实验小学');
    await sup.send('亮点：课后服务丰富');
    // Idle for 12 hours from 19:30: due at 07:30 on October 1st, a public holiday (the holiday runs to the 7th).
    await advanceTo(chat.server, '2026-10-07T20:00:00+08:00');
    expect(sup.repliesText()).not.toContain('没有更新');
    await advanceTo(chat.server, '2026-10-08T08:00:00+08:00');
    expect(sup.lastReply()).toMatch(/^你在大渡口区实验小学的督导记录已有12小时没有更新，已记录的1条内容都保存着。/);

    const jobs = await api('/api/jobs');
    const stale = jobs.body.jobs.find((j: any) => j.name === 'visits.stale-drafts');
    expect(stale).toMatchObject({ cron: '0 * * * *', lastRun: { status: 'ok', at: '2026-10-08T00:00:00.000Z' }, failuresLast7Days: 0 });
    expect(new Date(stale.nextRunAt).getTime()).toBeGreaterThan(Date.now());
  }, 120_000);
});

describe('a job that throws', () => {
  beforeEach(async () => {
    chat = await conversation({ at: '2026-05-20T09:00:00+08:00' });
    token = await signIn(chat);
  });

  it('is retried by Agenda, and its error is shown in GET /api/jobs', async () => {
    const { pool } = chat.server.database;
    await pool.query('alter table visits rename to visits_away');
    const failed = await runJob(chat.server, 'visits.morning-cards', new Date('2026-05-21T00:00:00+08:00'), { allowFailures: true });
    expect(failed.ok).toBe(false);
    expect(failed.error).toMatch(/visits/);
    let jobs = (await api('/api/jobs')).body.jobs;
    const morning = jobs.find((j: any) => j.name === 'visits.morning-cards');
    expect(morning.lastRun).toMatchObject({ status: 'failed', error: expect.stringMatching(/visits/) });
    expect(morning.failuresLast7Days).toBe(1);
    expect(morning.retry).toMatchObject({ failCount: 1, reason: expect.stringMatching(/visits/) });
    // The worker's recurring job runs at midnight in Asia/Shanghai (16:00 UTC).
    expect(morning.nextRunAt).toMatch(/T16:00:00\.000Z$/);

    await pool.query('alter table visits_away rename to visits');
    // JOB_RETRY_MS is short in tests: Agenda runs the same firing again by itself.
    const until = Date.now() + 20_000;
    for (;;) {
      jobs = (await api('/api/jobs')).body.jobs;
      if (jobs.find((j: any) => j.name === 'visits.morning-cards').lastRun.status === 'ok' || Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const after = jobs.find((j: any) => j.name === 'visits.morning-cards');
    expect(after.lastRun).toMatchObject({ status: 'ok', at: '2026-05-20T16:00:00.000Z', result: { queued: 0 } });
    expect(after.failuresLast7Days).toBe(1);
    expect(after.retry).toBeNull();
    void clock;
  }, 60_000);
});

describe('the semester plan (附件4)', () => {
  beforeEach(async () => {
    chat = await conversation({ at: '2026-09-01T09:00:00+08:00' });
    token = await signIn(chat);
  });

  it('compiles the zone\'s planned visits as a page, an .xlsx and a .docx', async () => {
    const sup = chat.as('wangdx');
    await sup.send('计划 实验小学 9月10日 食堂卫生');
    await sup.send('计划 实验中学 10月15日 课后服务');
    await sup.send('计划 实验小学 9月2日 随机督导 校园安全');
    const zone = chat.org.zone.id;
    const json = await api(`/api/calendar/semester-plan?semester=2026-autumn&zone=${zone}`);
    expect(json.status).toBe(200);
    expect(json.body.rows.map((r: any) => [r.month, r.school, r.content, r.note])).toEqual([
      ['2026-09', '实验小学', '校园安全', '随机督导'],
      ['2026-09', '实验小学', '食堂卫生', ''],
      ['2026-10', '实验中学', '课后服务', ''],
    ]);

    const page = await api(`/h5/semester-plan?semester=2026-autumn&zone=${zone}`);
    expect(page.type).toBe('text/html');
    expect(page.text).toContain('（2026-2027）学年第一学期');
    expect(page.text).toContain('<td class="month">9月</td><td>实验小学</td><td>校园安全</td><td>随机督导，9月2日</td>');
    expect(page.text).toContain('<td class="month">1月</td>');
    expect(page.text).toContain('组长签名');

    const xlsx = await api(`/api/calendar/semester-plan?semester=2026-autumn&zone=${zone}&format=xlsx`).buffer(true).parse(binary);
    expect(xlsx.headers['content-disposition']).toMatch(/filename\*=UTF-8''%E7%AC%AC/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe('督学责任区学期督导工作计划表');
    expect([5, 6, 7].map((r) => (ws.getRow(r).values as unknown[]).slice(1, 4))).toEqual([
      ['9月', '实验小学', '校园安全'], ['', '实验小学', '食堂卫生'], ['10月', '实验中学', '课后服务'],
    ]);

    const docx = await api(`/api/calendar/semester-plan?semester=2026-autumn&zone=${zone}&format=docx`).buffer(true).parse(binary);
    const xml = await entryText(docx.body as Buffer, 'word/document.xml');
    for (const text of ['督学责任区学期督导工作计划表', '实验中学', '课后服务', '组长签名']) expect(xml).toContain(text);

    expect((await api(`/api/calendar/semester-plan?semester=2026-winter&zone=${zone}`)).status).toBe(400);
    expect((await api('/api/calendar/semester-plan?semester=2026-autumn&zone=999')).status).toBe(404);
  });
});

function binary(res: request.Response, done: (err: Error | null, body: unknown) => void): void {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

function entryText(zip: Buffer, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, file) => {
      if (err || !file) return reject(err);
      file.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== name) return file.readEntry();
        file.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const parts: Buffer[] = [];
          stream.on('data', (c: Buffer) => parts.push(c));
          stream.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
        });
      });
      file.on('end', () => reject(new Error(`${name} not in the archive`)));
      file.readEntry();
    });
  });
}
