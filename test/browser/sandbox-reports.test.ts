/**
 * A member of the public reads a published report in the sandbox console: the office publishes a visit report
 * (through the API, with its photo marked publishable), the sandbox's simulated official account finishes the
 * publish job and pushes PUBLISHJOBFINISH; then 公众号粉丝 sends 报告, gets the article list, and opens the article —
 * the public page /reports/:id, on a phone-sized screen.
 */
import request from 'supertest';
import { eq } from 'drizzle-orm';
import { clock } from '../../src/clock.ts';
import { people, reports } from '../../src/db/schema/index.ts';
import { schoolsOfSupervisor } from '../../src/services/directory.ts';
import { storeMedia } from '../../src/services/media.ts';
import { shanghaiDate } from '../../src/domain/deadlines.ts';
import { openSandbox, OUTPUT_DIR, type SandboxSession } from '../helpers/browser.ts';
import { pngBytes } from '../helpers/photo.ts';
import { recordVisit } from '../helpers/reports.ts';
import path from 'node:path';

const STEPS_MS = 120_000;

let s: SandboxSession;
beforeAll(async () => { s = await openSandbox(); }, 60_000);
afterAll(async () => {
  await s?.close();
  clock.reset();
});

async function publishedVisitReport(): Promise<{ id: number; title: string }> {
  const { db } = s.server.database;
  const api = request.agent(s.server.url);
  await api.post('/api/login').send({ username: 'admin', password: 'dudao-sandbox' }).expect(200);
  const [wang] = await db.select().from(people).where(eq(people.wecomUserId, 'wangjianguo'));
  const [school] = await schoolsOfSupervisor(db, wang.id, shanghaiDate(clock.now()));
  const photo = await storeMedia(db, s.server.dataDir, { bytes: pngBytes(320, 200), mime: 'image/png', source: 'browser-test:photo' });
  const { visit } = await recordVisit(db, { personId: wang.id, schoolId: school.id, at: clock.now().toISOString(), items: [3, 7], photos: [photo.id],
    strengths: ['课后服务项目丰富，学生参与率高', '食堂明厨亮灶，留样规范'] });
  // The console logs in with a session cookie, so changes carry the Origin of the console, as a browser's would.
  const origin = { Origin: s.server.url };
  const created = await api.post('/api/reports').set(origin).send({ kind: 'visit', visitId: visit.id }).expect(201);
  const id = created.body.report.id as number;
  await api.post(`/api/reports/${id}/images/${created.body.images[0].id}`).set(origin).send({ publishable: true }).expect(200);
  await api.post(`/api/reports/${id}/approve`).set(origin).send({}).expect(200);
  await api.post(`/api/reports/${id}/publish`).set(origin).send({}).expect(202);
  for (let i = 0; i < 200; i++) {
    const [row] = await db.select().from(reports).where(eq(reports.id, id));
    if (row.status === 'published') return { id, title: row.title };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the report was not published in the sandbox');
}

describe('reports for the public in the sandbox console', () => {
  it('the public persona sends 报告 and opens the article', async () => {
    const { id, title } = await publishedVisitReport();
    await s.pickPerson('公众号粉丝');
    await s.say('报告');
    const news = s.page.locator('#messages .card-news').last();
    await news.waitFor({ timeout: 15_000 });
    await expect(news.innerText()).resolves.toContain(title);
    await s.screenshot('sandbox-reports-list');

    const [article] = await Promise.all([s.page.context().waitForEvent('page'), news.locator('a.news-item').first().click()]);
    await article.setViewportSize({ width: 390, height: 844 });
    await article.waitForLoadState('load');
    expect(article.url()).toBe(`${s.server.url}/reports/${id}`);
    await expect(article.locator('article h1').innerText()).resolves.toBe(title);
    await expect(article.locator('article').innerText()).resolves.toContain('课后服务项目丰富，学生参与率高');
    // The photo the office marked publishable is served by the public page.
    const img = article.locator('article img').first();
    await expect(img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).resolves.toBe(320);
    await article.screenshot({ path: path.join(OUTPUT_DIR, 'sandbox-reports-article.png'), fullPage: true });
    await article.close();
  }, STEPS_MS);

  it('shows a published monthly bulletin with its charts on a phone', async () => {
    const api = request.agent(s.server.url);
    await api.post('/api/login').send({ username: 'admin', password: 'dudao-sandbox' }).expect(200);
    const origin = { Origin: s.server.url };
    const month = shanghaiDate(clock.now()).slice(0, 7);
    const { body } = await api.post('/api/reports/compile').set(origin).send({ period: month }).expect(201);
    const zone = body.created.find((r: { kind: string; zoneId: number }) => r.kind === 'monthly_zone');
    await api.post(`/api/reports/${zone.id}/approve`).set(origin).send({}).expect(200);
    await api.post(`/api/reports/${zone.id}/publish`).set(origin).send({}).expect(202);
    const { db } = s.server.database;
    for (let i = 0; i < 200 && (await db.select().from(reports).where(eq(reports.id, zone.id)))[0].status !== 'published'; i++) await new Promise((r) => setTimeout(r, 50));
    const page = await s.page.context().newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${s.server.url}/reports/${zone.id}`);
    await expect(page.locator('article h1').innerText()).resolves.toBe(zone.title);
    // Both charts are PNGs served by the public page.
    const widths = await page.locator('article img').evaluateAll((els) => els.map((el) => (el as HTMLImageElement).naturalWidth));
    expect(widths).toEqual([640, 640]);
    await expect(page.locator('article').innerText()).resolves.toContain('共开展督导 1 次');
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'sandbox-reports-bulletin.png'), fullPage: true });
    await page.close();
  }, STEPS_MS);
});
