/**
 * The notice page (/h5/notices/:id), its .docx, the office's list (GET /api/notices) and export, 约谈 / 通报 over the
 * API, and a school that cannot be reached: all on notices issued and confirmed through the chat.
 */
import ExcelJS from 'exceljs';
import request from 'supertest';
import { offices, people } from '../../src/db/schema/index.ts';
import { createAdmin, createToken } from '../../src/services/auth.ts';
import { noticeLink } from '../../src/services/links.ts';
import { conversation, BASE_URL, type Conversation, type Participant } from '../helpers/conversation.ts';
import { pngBytes } from '../helpers/photo.ts';
import { docxParagraphs, zipEntry } from '../helpers/zip.ts';

let chat: Conversation;
let token: string;
let otherToken: string;

beforeAll(async () => {
  chat = await conversation({ at: '2026-05-20T09:00:00+08:00' });
  const { db } = chat.server.database;
  const admin = await createAdmin(db, 'test', { officeId: chat.org.office.id, username: 'rect-admin', password: 'Dudao-rect-2026!' });
  ({ token } = await createToken(db, admin));
  const [other] = await db.insert(offices).values({ name: '别的督导室', noticePrefix: '别督整' }).returning();
  const otherAdmin = await createAdmin(db, 'test', { officeId: other.id, username: 'other-admin', password: 'Dudao-other-2026!' });
  ({ token: otherToken } = await createToken(db, otherAdmin));

  const sup = chat.as('wangdx');
  await visitWithProblems(sup, '实验小学', ['1.食堂留样记录不全；2.=HYPERLINK("http://x.example","点我")']);
  const contact = chat.as('chenzr');
  await contact.send('已整改 1号 留样已补齐，<b>专人</b>负责');
  await contact.sendImage(pngBytes(24, 16));
  await visitWithProblems(chat.as('lidx'), '钢花小学', ['@SUM(1+1) 操场护栏松动']);
  // 钢花小学's contact is on personal WeChat only: wait for the dispatcher's sweep to park that notice.
  for (let i = 0; i < 100; i++) {
    const { rows } = await chat.server.database.pool.query("select count(*)::int as n from outbox where channel = 'wechaty' and status = 'pending'");
    if (rows[0].n === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
}, 60_000);
afterAll(async () => { await chat.close(); });

async function visitWithProblems(sup: Participant, school: string, problems: string[]): Promise<void> {
  await sup.send(`开始督导 ${school}`);
  for (const t of ['亮点：课后服务丰富', '亮点：校园整洁', '不足：作业公示不及时', '不足：采光不足']) await sup.send(t);
  for (const p of problems) await sup.send(`问题：${p}`);
  await sup.send('事项 6 7');
  await sup.send('提交');
}

const api = () => request(chat.server.url);
const auth = (r: request.Test, t = token) => r.set('Authorization', `Bearer ${t}`);
const local = (link: string) => link.replace(BASE_URL, '');

describe('the notice page', () => {
  it('prints the 存根 and the 通知书 on either side of the 骑缝 line, with the history and the photos', async () => {
    const card = chat.as('wangdx').lastCard();
    const link = local(String((card.card_action as { url: string }).url));
    const res = await api().get(link);
    expect(res.status).toBe(200);
    const html = res.text;
    const [stub, body] = html.split('骑……缝……章');
    expect(stub).toContain('清远市教育督导整改通知');
    expect(stub).toContain('通知书编号：渡督整〔2026〕1号');
    expect(stub).toContain('学校名称：大渡口区实验小学');
    expect(stub).toContain('需整改内容：1. 食堂留样记录不全<br>2. =HYPERLINK(&quot;http://x.example&quot;,&quot;点我&quot;)');
    expect(stub).toContain('整改期限：15天，下达日期：2026年5月20日');
    expect(stub).toContain('督学签名：王督学　　学校负责人签名：');
    expect(body).toContain('清远市教育督导整改通知书');
    expect(body).toContain('经查，你校存在以下问题：1. 食堂留样记录不全');
    expect(body).toContain('整改情况于本通知书下发15日内（2026年6月4日前）书面报大渡口区人民政府教育督导室');
    expect(html).toContain('@page{size:A4');
    expect(html).toContain('data-status="submitted"');
    expect(html).toContain('学校报告整改完成：留样已补齐，&lt;b&gt;专人&lt;/b&gt;负责');
    expect(html).not.toContain('data-reach="unreached"');
    const img = /<img src="([^"]+)"/.exec(html)![1].replace(/&amp;/g, '&');
    const photo = await api().get(img);
    expect(photo.status).toBe(200);
    expect(photo.headers['content-type']).toBe('image/png');
  });

  it('opens for the school contact and the zone leader, refuses another school\'s contact and a forged link', async () => {
    const { db } = chat.server.database;
    const [leader] = await db.insert(people).values({ officeId: chat.org.office.id, name: '周组长', mobile: '13800000011', roles: ['zone_leader'], zoneId: chat.org.zone.id, wecomUserId: 'zhouzz' }).returning();
    const card = chat.as('wangdx').lastCard();
    const id = Number(/notices\/(\d+)/.exec(String((card.card_action as { url: string }).url))![1]);
    for (const p of [chat.org.contactWecom, leader]) expect((await api().get(local(noticeLink(BASE_URL, id, p.id)))).status).toBe(200);
    // Another school's supervisor does not see it.
    expect((await api().get(local(noticeLink(BASE_URL, id, chat.org.otherSupervisor.id)))).status).toBe(403);
    const foreign = await api().get(local(noticeLink(BASE_URL, id, chat.org.stranger.id)));
    expect(foreign.status).toBe(403);
    expect(foreign.text).toContain('这份整改通知书只对该校联系人、责任督学、责任区组长和督导室开放。');
    expect((await api().get(`/h5/notices/${id}?t=1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(403);
    expect((await auth(api().get(`/h5/notices/${id}`))).status).toBe(200);
    expect((await auth(api().get(`/h5/notices/${id}`), otherToken)).status).toBe(403);
    expect((await api().get('/h5/notices/99999')).status).toBe(404);
  });

  it('downloads the same form as a .docx', async () => {
    const res = await auth(api().get('/h5/notices/1/form.docx')).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const paragraphs = await docxParagraphs(res.body as Buffer);
    expect(paragraphs).toEqual(expect.arrayContaining([
      '清远市教育督导整改通知', '通知书编号：渡督整〔2026〕1号', '学校名称：大渡口区实验小学', '需整改内容：1. 食堂留样记录不全',
      '整改期限：15天，下达日期：2026年5月20日', '督学签名：王督学　　　　学校负责人签名：', '……………………骑……缝……章……………………',
      '清远市教育督导整改通知书', '大渡口区实验小学：', '经查，你校存在以下问题：1. 食堂留样记录不全',
      '对上述问题应采取措施，积极整改，整改情况于本通知书下发15日内（2026年6月4日前）书面报大渡口区人民政府教育督导室。', '2026年5月20日',
    ]));
    expect(paragraphs.indexOf('……………………骑……缝……章……………………')).toBeLessThan(paragraphs.indexOf('清远市教育督导整改通知书'));
  });
});

describe('the office\'s list', () => {
  it('lists the office\'s notices with filters, says which school has not been reached, and scopes to the office', async () => {
    const res = await auth(api().get('/api/notices'));
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: any) => [i.number, i.status, i.school.name, i.reached])).toEqual([
      ['渡督整〔2026〕2号', 'issued', '钢花小学', false],
      ['渡督整〔2026〕1号', 'submitted', '大渡口区实验小学', true],
    ]);
    const unreached = res.body.items[0];
    expect(unreached.reach).toEqual({ state: 'unreached', reason: '个人微信渠道尚未开通（本系统还不能通过它发送），消息已暂存，渠道开通后自动发出。' });
    expect(res.body.items[1].problems.map((p: any) => p.text)).toEqual(['食堂留样记录不全', '=HYPERLINK("http://x.example","点我")']);

    const page = await auth(api().get(`/h5/notices/${unreached.id}`));
    expect(page.text).toContain('学校尚未收到这份通知书</b>：个人微信渠道尚未开通');

    const bySchool = await auth(api().get(`/api/notices?schoolId=${chat.org.schools.ganghua.id}&status=issued`));
    expect(bySchool.body.items.map((i: any) => i.number)).toEqual(['渡督整〔2026〕2号']);
    expect((await auth(api().get('/api/notices?from=2026-05-21'))).body.items).toEqual([]);
    expect((await auth(api().get(`/api/notices?zoneId=${chat.org.zone.id}&to=2026-05-20`))).body.items).toHaveLength(2);
    expect((await auth(api().get('/api/notices?overdue=1'))).body.items).toEqual([]);

    const bad = await auth(api().get('/api/notices?status=lost'));
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^参数 status 不正确/);
    expect((await auth(api().get('/api/notices?from=2026-02-30'))).status).toBe(400);
    expect((await auth(api().get('/api/notices?status=issued&status=closed'))).status).toBe(400);
    expect((await api().get('/api/notices')).status).toBe(401);

    expect((await auth(api().get('/api/notices'), otherToken)).body.items).toEqual([]);
    expect((await auth(api().get(`/api/notices/${unreached.id}`), otherToken)).status).toBe(404);
  });

  it('exports one row per problem, with formula-looking cells written as text', async () => {
    const res = await auth(api().get('/api/notices/export.xlsx')).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as any);
    const ws = wb.getWorksheet('整改通知书')!;
    const rows: string[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    expect(rows[0].slice(0, 6)).toEqual(['通知书编号', '学校', '责任区', '责任督学', '问题序号', '需整改内容']);
    expect(rows.slice(1).map((r) => [r[0], r[4], r[5], r[9]])).toEqual([
      ['渡督整〔2026〕2号', '1', '@SUM(1+1) 操场护栏松动', '已下达'],
      ['渡督整〔2026〕1号', '1', '食堂留样记录不全', '已报告，待督学审核'],
      ['渡督整〔2026〕1号', '2', '=HYPERLINK("http://x.example","点我")', '已报告，待督学审核'],
    ]);
    for (const [r, c] of [[2, 6], [4, 6]]) {
      const cell = ws.getRow(r).getCell(c);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
      expect(cell.numFmt).toBe('@');
    }
    const sheet = await zipEntry(res.body as Buffer, 'xl/worksheets/sheet1.xml');
    expect(sheet).not.toContain('<f>');
  });

  it('records 约谈 and 通报, visible on the notice and in the list; refuses bad input', async () => {
    const id = (await auth(api().get('/api/notices?status=issued'))).body.items[0].id;
    const interview = await auth(api().post(`/api/notices/${id}/interviews`)).send({ date: '2026-05-20', people: '钢花小学校长 王某；督导室 刘科长', minutes: '说明逾期原因，承诺一周内完成' });
    expect(interview.status).toBe(201);
    expect(interview.body.notice.history.at(-1)).toMatchObject({ kind: 'interview', summary: '约谈（2026年5月20日，钢花小学校长 王某；督导室 刘科长）：说明逾期原因，承诺一周内完成' });
    const bulletin = await auth(api().post(`/api/notices/${id}/bulletins`)).send({ date: '2026-05-20', to: '区教委', text: '钢花小学整改不力，予以通报' });
    expect(bulletin.status).toBe(201);
    const list = (await auth(api().get('/api/notices?status=issued'))).body.items[0];
    expect(list.interviews).toEqual([{ date: '2026-05-20', people: '钢花小学校长 王某；督导室 刘科长', minutes: '说明逾期原因，承诺一周内完成' }]);
    expect(list.bulletins).toEqual([{ date: '2026-05-20', to: '区教委', text: '钢花小学整改不力，予以通报' }]);
    const page = await auth(api().get(`/h5/notices/${id}`));
    expect(page.text).toContain('通报（2026年5月20日，区教委）：钢花小学整改不力，予以通报');

    expect((await auth(api().post(`/api/notices/${id}/interviews`)).send({ date: 'yesterday', people: 'x', minutes: 'y' })).status).toBe(400);
    expect((await auth(api().post(`/api/notices/${id}/interviews`)).send({ date: '2026-05-20', people: '', minutes: 'y' })).status).toBe(400);
    expect((await auth(api().post(`/api/notices/${id}/bulletins`), otherToken).send({ date: '2026-05-20', text: 'x' })).status).toBe(404);
  });

  it('lets the office verify and return through the API, with the school told', async () => {
    const items = (await auth(api().get('/api/notices?status=submitted'))).body.items;
    const res = await auth(api().post(`/api/notices/${items[0].id}/return`)).send({ reason: '第2项未见照片' });
    expect(res.status).toBe(200);
    expect(res.body.notice.status).toBe('rectifying');
    expect((await auth(api().post(`/api/notices/${items[0].id}/verify`)).send({})).body).toMatchObject({ error: 'invalid_state' });
    await chat.as('chenzr').send('已整改 1号 两项均已完成并拍照');
    const ok = await auth(api().post(`/api/notices/${items[0].id}/verify`)).send({});
    expect(ok.body.notice.status).toBe('closed');
    await chat.server.dispatcher!.runOnce(); // the worker's next pass
    expect(chat.as('chenzr').lastReply()).toBe('渡督整〔2026〕1号的整改情况已经督导室确认到位，通知书已办结。感谢配合！');
  });
});
