/**
 * A visit report from draft to the public page and back, over the real API and the simulated official account:
 * a supervisor drafts and submits but may not approve; the office may not approve while personal data is flagged;
 * publishing goes through the outbox (uploadimg, add_material, draft/add, freepublish/submit — which fails once and
 * is retried without uploading twice), the PUBLISHJOBFINISH event (a real safe-mode callback) stores the article
 * URL; the public pages show it and its photo; withdrawal takes it down here and on the platform. Then a job that
 * fails on the platform, and one whose finish event is lost and is found by the poll.
 */
import request from 'supertest';
import { and, eq, like } from 'drizzle-orm';
import { clock } from '../../src/clock.ts';
import { outbox, reports } from '../../src/db/schema/index.ts';
import { createOfficialAccountSimulator } from '../../src/simulators/official-account/api.ts';
import { MMBIZ, publishingOf } from '../../src/simulators/official-account/publishing-api.ts';
import { createWecomSimulator } from '../../src/simulators/wecom/api.ts';
import { storeMedia } from '../../src/services/media.ts';
import { createOrgFixture, type OrgFixture } from '../helpers/org-fixture.ts';
import { OA_ENV, OA_SECRET, V6, oaSender } from '../helpers/official-account.ts';
import { pngBytes } from '../helpers/photo.ts';
import { apiAccount, recordVisit } from '../helpers/reports.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { V3, WECOM_ENV } from '../helpers/wecom.ts';

const oa = createOfficialAccountSimulator({ appId: V6.appId, secret: OA_SECRET });
const publishing = publishingOf(oa.context.state, () => V6.originalId);
const wecom = createWecomSimulator({ corpId: V3.corpId, secret: WECOM_ENV.WECOM_SECRET!, agentId: V3.agentId });
let closePlatforms: () => Promise<void>;
let server: TestServer;
let org: OrgFixture;
let office: string;
let supervisor: string;

const api = () => request(server.url);
const as = (token: string) => ({ Authorization: `Bearer ${token}` });
const later = (ms: number) => clock.set(new Date(clock.now().getTime() + ms));
const reportRow = async (id: number) => (await server.database.db.select().from(reports).where(eq(reports.id, id)))[0];
/** One pass of the outbox dispatcher over what is due now. */
const dispatch = () => server.dispatcher!.runOnce();

beforeAll(async () => {
  clock.set(new Date('2026-05-20T10:00:00+08:00'));
  const [oaPlatform, wecomPlatform] = await Promise.all([oa.listen(), wecom.listen()]);
  closePlatforms = async () => { await oaPlatform.close(); await wecomPlatform.close(); };
  server = await startTestServer({
    ...WECOM_ENV, ...OA_ENV, SANDBOX: '0', WECOM_API_BASE: wecomPlatform.url, WECHAT_API_BASE: oaPlatform.url, PUBLIC_BASE_URL: 'https://dudao.example.cn',
  }, { web: true, worker: false });
  org = await createOrgFixture(server.database.db);
  office = await apiAccount(server.database.db, org.office.id, 'office-admin');
  supervisor = await apiAccount(server.database.db, org.office.id, 'wang-console', org.supervisor.id);
});
afterAll(async () => { await server.stop(); await closePlatforms(); clock.reset(); });

async function visitReport(strengths: string[]): Promise<{ id: number; photoImageId: number }> {
  const { db } = server.database;
  const photo = await storeMedia(db, server.dataDir, { bytes: pngBytes(), mime: 'image/png', source: `test:${strengths[0]}` });
  const { visit } = await recordVisit(db, { personId: org.supervisor.id, schoolId: org.schools.shiyan.id, at: clock.now().toISOString(), items: [3], strengths, photos: [photo.id] });
  const res = await api().post('/api/reports').set(as(supervisor)).send({ kind: 'visit', visitId: visit.id });
  expect(res.status).toBe(201);
  return { id: res.body.report.id, photoImageId: res.body.images[0].id };
}

describe('publishing a visit report', () => {
  let id: number;
  let photoImageId: number;
  let publishId: string;

  it('is drafted by the supervisor with its personal data flagged', async () => {
    ({ id, photoImageId } = await visitReport(['学生张小明在科技节获一等奖', '课后服务内容丰富']));
    const res = await api().get(`/api/reports/${id}`).set(as(office));
    expect(res.status).toBe(200);
    expect(res.body.report).toMatchObject({ kind: 'visit', status: 'draft', title: '大渡口区实验小学督导报告（2026年5月20日）' });
    expect(res.body.flags.map((f: any) => [f.kind, f.matched, f.status])).toEqual([
      ['person_name', '张小明', 'open'], ['photo', `report-image:${photoImageId}`, 'open'],
    ]);
    // The supervisor's own name is public (挂牌督学), and is not flagged.
    expect(res.body.report.bodyHtml).toContain('王督学');
    // The office previews the draft's photo through the API; the public cannot see it.
    const preview = await api().get(`/api/reports/${id}/images/${photoImageId}`).set(as(office));
    expect(preview.status).toBe(200);
    expect(preview.headers['content-type']).toBe('image/png');
    expect((await api().get(`/api/reports/${id}/images/${photoImageId}`)).status).toBe(401);
    expect((await api().get(`/reports/${id}/images/${photoImageId}`)).status).toBe(404);
  });

  it('may be submitted by the supervisor, but only the office approves and publishes', async () => {
    const refused = await api().post(`/api/reports/${id}/approve`).set(as(supervisor)).send({});
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('只有督导室管理员可以审核通过报告（督导结论由督导室公开）');
    expect((await api().post(`/api/reports/${id}/publish`).set(as(supervisor)).send({})).status).toBe(403);
    const submitted = await api().post(`/api/reports/${id}/submit`).set(as(supervisor)).send({});
    expect(submitted.status).toBe(200);
    expect(submitted.body.report.status).toBe('submitted');
  });

  it('is refused approval while flags are open, until each is fixed or accepted with a reason', async () => {
    const refused = await api().post(`/api/reports/${id}/approve`).set(as(office)).send({});
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 'invalid_state', message: '还有 2 处个人信息未处理：请修改，或写明理由后保留', details: { openFlags: 2 } });

    // The office edits the name out and adds a contact number, which is flagged in turn and kept with a reason.
    const { body } = await api().get(`/api/reports/${id}`).set(as(office));
    const html = body.report.bodyHtml.replace('学生张小明在', '一名学生在').replace('</section>', '<p>学校值班电话 023-68812345。</p></section>');
    const edited = await api().patch(`/api/reports/${id}`).set(as(office)).send({ html: `${html}<script>alert(1)</script>` });
    expect(edited.status).toBe(200);
    expect(edited.body.report.bodyHtml).not.toContain('<script');
    const flags = edited.body.flags.map((f: any) => [f.kind, f.matched, f.status]);
    expect(flags).toEqual([
      ['person_name', '张小明', 'fixed'], ['photo', `report-image:${photoImageId}`, 'open'], ['landline', '023-68812345', 'open'],
    ]);
    expect((await api().post(`/api/reports/${id}/approve`).set(as(office)).send({})).body.details).toEqual({ openFlags: 2 });

    const landline = edited.body.flags.find((f: any) => f.kind === 'landline');
    expect((await api().post(`/api/reports/${id}/flags/${landline.id}/accept`).set(as(office)).send({ reason: '' })).status).toBe(400);
    const accepted = await api().post(`/api/reports/${id}/flags/${landline.id}/accept`).set(as(office)).send({ reason: '学校公开的值班电话' });
    expect(accepted.body.flags.find((f: any) => f.id === landline.id)).toMatchObject({ status: 'accepted', reason: '学校公开的值班电话', resolvedBy: expect.stringMatching(/^admin:/) });
    const marked = await api().post(`/api/reports/${id}/images/${photoImageId}`).set(as(office)).send({ publishable: true });
    expect(marked.body.flags.filter((f: any) => f.status === 'open')).toEqual([]);

    const approved = await api().post(`/api/reports/${id}/approve`).set(as(office)).send({});
    expect(approved.status).toBe(200);
    expect(approved.body.report.status).toBe('approved');
    // Not public before it is published.
    expect((await api().get(`/reports/${id}`)).status).toBe(404);
  });

  it('goes out through the outbox; a failed freepublish/submit is retried without uploading again', async () => {
    const res = await api().post(`/api/reports/${id}/publish`).set(as(office)).send({});
    expect(res.status).toBe(202);
    expect(res.body.report.status).toBe('publishing');
    const rows = await server.database.db.select().from(outbox).where(like(outbox.idempotencyKey, `report:${id}:%`));
    expect(rows.map((r) => [r.idempotencyKey, r.channel, r.status])).toEqual([[`report:${id}:publish:1`, 'wechat.publish', 'pending']]);

    oa.fail('/cgi-bin/freepublish/submit', -1);
    await dispatch();
    // (The visit's notices and rating card went to the contact on the official account meanwhile.)
    expect(oa.sent().filter((c) => !c.path.includes('/message/')).map((c) => [c.path, c.errcode])).toEqual([
      ['/cgi-bin/token', 0], ['/cgi-bin/media/uploadimg', 0], ['/cgi-bin/material/add_material', 0], ['/cgi-bin/draft/add', 0], ['/cgi-bin/freepublish/submit', -1],
    ]);
    const failing = await api().get(`/api/reports/${id}`).set(as(office));
    expect(failing.body.report).toMatchObject({ status: 'publishing', publishError: expect.stringContaining('公众号发布出错，正在重试') });

    later(10_000);
    await dispatch();
    expect(oa.calls('/cgi-bin/freepublish/submit').map((c) => c.errcode)).toEqual([-1, 0]);
    expect(oa.calls('/cgi-bin/media/uploadimg')).toHaveLength(1);
    expect(oa.calls('/cgi-bin/draft/add')).toHaveLength(1);
    const row = await reportRow(id);
    publishId = row.publishId!;
    expect(publishId).toMatch(/^\d+$/);
    expect(row.publishError).toBeNull();

    // What the platform holds: a draft whose images all came from uploadimg, with a permanent cover.
    const draft = [...publishing.drafts.values()].find((d) => d.mediaId === row.draftMediaId)!;
    const article = draft.articles[0];
    expect(draft.filteredImages).toBe(0);
    expect(article.content).toContain(`src="${MMBIZ}/`);
    expect(article.content).not.toContain('report-image:');
    expect(article).toMatchObject({ title: row.title, author: '大渡口区人民政府教育督导室', content_source_url: `https://dudao.example.cn/reports/${id}`, thumb_media_id: row.thumbMediaId });
    expect(publishing.materials.get(row.thumbMediaId!)?.type).toBe('image');
  });

  it('is published when PUBLISHJOBFINISH arrives, and shown on the public pages', async () => {
    const event = await oaSender(server.url, 'safe').sendXml(publishing.finish(publishId));
    expect(event.body).toBe('success');
    await server.inbox.idle();
    const row = await reportRow(id);
    expect(row.status).toBe('published');
    expect(row.articleUrl).toMatch(/^https:\/\/mp\.weixin\.qq\.com\/s\//);
    expect(row.articleUrl).toBe(publishing.published()[0].url);

    const list = await api().get('/reports');
    expect(list.status).toBe(200);
    expect(list.headers['cache-control']).toBe('public, max-age=300');
    expect(list.text).toContain(`href="/reports/${id}"`);
    const page = await api().get(`/reports/${id}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.text).toContain('大渡口区实验小学督导报告');
    expect(page.text).toContain('一名学生在科技节获一等奖');
    expect(page.text).not.toContain('张小明');
    expect(page.text).toContain(`src="/reports/${id}/images/${photoImageId}"`);
    const img = await api().get(`/reports/${id}/images/${photoImageId}`);
    expect(img.status).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
    const school = await api().get(`/reports/schools/${org.schools.shiyan.id}`);
    expect(school.text).toContain(`href="/reports/${id}"`);

    // The poll queued with the submit finds it published already and changes nothing.
    later(61_000);
    await dispatch();
    expect(oa.calls('/cgi-bin/freepublish/get')).toHaveLength(1);
    const audit = await api().get(`/api/audit?entity=report&entityId=${id}`).set(as(office));
    expect(audit.body.items.map((a: any) => a.action).reverse()).toEqual([
      'report.create', 'report.submit', 'report.edit', 'report.flag.accept', 'report.image', 'report.approve', 'report.publish', 'report.published',
    ]);
  });

  it('is withdrawn: gone from the public pages at once, and deleted on the official account', async () => {
    expect((await api().post(`/api/reports/${id}/withdraw`).set(as(supervisor)).send({})).status).toBe(403);
    const res = await api().post(`/api/reports/${id}/withdraw`).set(as(office)).send({});
    expect(res.body.report.status).toBe('withdrawn');
    expect((await api().get(`/reports/${id}`)).status).toBe(404);
    expect((await api().get(`/reports/${id}/images/${photoImageId}`)).status).toBe(404);
    expect((await api().get('/reports')).text).not.toContain(`href="/reports/${id}"`);
    await dispatch();
    expect(oa.calls('/cgi-bin/freepublish/delete').map((c) => [c.body, c.errcode])).toEqual([[{ article_id: (await reportRow(id)).articleId, index: 0 }, 0]]);
    expect(publishing.published()).toEqual([]);
  });
});

describe('a publication that fails on the platform, and one whose finish event is lost', () => {
  it('shows the platform failure to the office, and may be published again', async () => {
    const { id, photoImageId } = await visitReport(['校园文化建设有特色', '课后服务丰富']);
    await api().post(`/api/reports/${id}/images/${photoImageId}`).set(as(office)).send({ publishable: true });
    await api().post(`/api/reports/${id}/approve`).set(as(office)).send({}).expect(200);
    await api().post(`/api/reports/${id}/publish`).set(as(office)).send({}).expect(202);
    await dispatch();
    publishing.failNextJob(4);
    const first = (await reportRow(id)).publishId!;
    await oaSender(server.url, 'safe').sendXml(publishing.finish(first));
    await server.inbox.idle();
    const failed = await api().get(`/api/reports/${id}`).set(as(office));
    expect(failed.body.report).toMatchObject({ status: 'publish_failed', publishError: '公众号发布失败：平台审核不通过（第 1 篇），可修改后重新发布' });
    expect((await api().get(`/reports/${id}`)).status).toBe(404);

    await api().post(`/api/reports/${id}/publish`).set(as(office)).send({}).expect(202);
    await dispatch();
    const second = (await reportRow(id)).publishId!;
    expect(second).not.toBe(first);
    // The event never comes; the poll a minute later finds the job done.
    publishing.finish(second);
    later(61_000);
    await dispatch();
    const row = await reportRow(id);
    expect(row.status).toBe('published');
    expect((await api().get(`/reports/${id}`)).status).toBe(200);
    const polls = await server.database.db.select().from(outbox).where(and(like(outbox.idempotencyKey, `report:${id}:poll:%`), eq(outbox.status, 'sent')));
    expect(polls.length).toBeGreaterThanOrEqual(1);
  });

  it('answers 404 for reports that do not exist or were never published', async () => {
    expect((await api().get('/reports/999999')).status).toBe(404);
    expect((await api().get('/reports/abc')).status).toBe(404);
    const { id } = await visitReport(['一', '二']);
    expect((await api().get(`/reports/${id}`)).status).toBe(404);
    expect((await api().get(`/api/reports/${id}`)).status).toBe(401);
  });
});

describe('POST /api/reports/check', () => {
  it('returns each flag with its kind, matched text and offsets, for text and for HTML', async () => {
    const text = await api().post('/api/reports/check').set(as(office)).send({ text: '班主任李华的手机13912345678，监督电话023-68830000。' });
    expect(text.body.flags).toEqual([
      { kind: 'person_name', text: '李华', start: 3, end: 5 },
      { kind: 'mobile', text: '13912345678', start: 8, end: 19 },
    ]);
    const html = await api().post('/api/reports/check').set(as(office)).send({ html: '<p>家长<b>赵建平</b>来电</p>' });
    expect(html.body.flags).toEqual([{ kind: 'person_name', text: '赵建平', start: 8, end: 11 }]);
    expect((await api().post('/api/reports/check').set(as(office)).send({ text: 'a', html: 'b' })).status).toBe(400);
    expect((await api().post('/api/reports/check').send({ text: 'a' })).status).toBe(401);
  });
});
