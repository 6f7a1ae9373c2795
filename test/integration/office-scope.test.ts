/**
 * One office never sees or changes another's data. The test walks EVERY route registered under /api on the running
 * app (read from the routers' layers at run time, so routes added later are walked too) as the admin of a second
 * office, against a first office that has data (people, a planned and a submitted visit, notices, outbox rows,
 * tokens). Each route must be classified in ROUTES below; an unclassified route fails the test, so whoever adds a
 * route decides what another office may get from it:
 *
 *   own     concerns only the caller (sign-in, tokens): any status below 500, nothing of the first office
 *   list    a list or record of the caller's own office: 2xx, nothing of the first office in it
 *   refuse  names the first office's records: 400/403/404/409/422, nothing of the first office in it
 *
 * Whatever the class, the first office's rows must be unchanged after the walk.
 */
import { and, eq, sql } from 'drizzle-orm';
import type Router from '@koa/router';
import request from 'supertest';
import { clock } from '../../src/clock.ts';
import { admins, assignments, offices, people, rectificationNotices, schools, visits, zones } from '../../src/db/schema/index.ts';
import { createAdmin } from '../../src/services/auth.ts';
import { addEntry, setItems, startVisit, submitVisit } from '../../src/services/visits.ts';
import { scheduleMeeting } from '../../src/services/meetings.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { compilePeriod } from '../../src/services/report-documents.ts';
import { editReport } from '../../src/services/reports.ts';

type Kind = 'own' | 'list' | 'refuse';

/** 'METHOD /path' as registered → what another office's admin may get. HEAD follows GET. */
const ROUTES: Record<string, Kind> = {
  'POST /api/login': 'own',
  'POST /api/logout': 'own',
  'GET /api/me': 'own',
  'GET /api/tokens': 'own',
  'POST /api/tokens': 'own',
  'DELETE /api/tokens': 'own',
  'DELETE /api/tokens/:id': 'refuse',
  'GET /api/office': 'list',
  'PATCH /api/office': 'own',
  'GET /api/zones': 'list',
  'GET /api/schools': 'list',
  'GET /api/schools/:id': 'refuse',
  'GET /api/people': 'list',
  'GET /api/assignments': 'list',
  'POST /api/assignments': 'refuse',
  'GET /api/audit': 'list',
  'GET /api/outbox': 'list',
  'GET /api/inbox/quarantine': 'list',
  'POST /api/visits': 'refuse',
  'POST /api/import': 'refuse',
  'GET /api/meetings': 'list',
  'POST /api/meetings': 'refuse',
  'GET /api/meetings/:id': 'refuse',
  'PATCH /api/meetings/:id': 'refuse',
  'DELETE /api/meetings/:id': 'refuse',
  'PUT /api/meetings/:id/record': 'refuse',
  'POST /api/zones/:id/appchat': 'refuse',
  'GET /api/bind-codes': 'list',
  'GET /api/bind-codes/print': 'list',
  'POST /api/bind-codes': 'refuse',
  'GET /api/notices': 'list',
  'GET /api/notices/export.xlsx': 'list',
  'GET /api/notices/:id': 'refuse',
  'POST /api/notices/:id/verify': 'refuse',
  'POST /api/notices/:id/return': 'refuse',
  'POST /api/notices/:id/interviews': 'refuse',
  'POST /api/notices/:id/bulletins': 'refuse',
  'GET /api/calendar/planned': 'list',
  'GET /api/calendar/quota': 'list',
  'GET /api/calendar/settings': 'list',
  // Changes the caller's own office only.
  'PATCH /api/calendar/settings': 'own',
  // Without a zone of the caller's office it is refused.
  'GET /api/calendar/semester-plan': 'refuse',
  // Deployment-wide job status: names, times and counts, no office's data.
  'GET /api/jobs': 'list',
  // Reports (the check and the compile concern the caller's own office only).
  'POST /api/reports/check': 'own',
  'POST /api/reports/compile': 'own',
  'GET /api/reports': 'list',
  'POST /api/reports': 'refuse',
  'GET /api/reports/:id': 'refuse',
  'PATCH /api/reports/:id': 'refuse',
  'GET /api/reports/:id/images/:imageId': 'refuse',
  'POST /api/reports/:id/images/:imageId': 'refuse',
  'POST /api/reports/:id/flags/:flagId/accept': 'refuse',
  'POST /api/reports/:id/submit': 'refuse',
  'POST /api/reports/:id/zone-approve': 'refuse',
  'POST /api/reports/:id/approve': 'refuse',
  'POST /api/reports/:id/publish': 'refuse',
  'POST /api/reports/:id/withdraw': 'refuse',
  'POST /api/rectifications/:noticeId/publish': 'refuse',
};

const SECOND = { office: '万州区人民政府教育督导室', prefix: '万督整', username: 'wanzhou', password: 'wanzhou-secret-2026' };

describe('another office\'s admin, on every /api route', () => {
  let server: TestServer;
  let firstOfficeId: number;
  /** The first office's records by the collection names routes use (`/api/schools/:id` → schools). */
  const ids: Record<string, number> = {};
  /** Strings that belong to the first office only: names, WeCom ids, message texts, notice numbers. */
  let markers: string[] = [];
  let cookie = '';
  let secondOfficeId = 0;

  const origin = () => server.url;
  const signIn = async () => {
    const res = await request(server.url).post('/api/login').set('Origin', origin()).send({ username: SECOND.username, password: SECOND.password });
    expect(res.status).toBe(200);
    cookie = (res.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
  };

  /** Every row of the first office, to compare before and after the walk. */
  const snapshot = async () => {
    const { db } = server.database;
    const rows = await Promise.all([
      db.select().from(offices).where(eq(offices.id, firstOfficeId)),
      db.select().from(zones).where(eq(zones.officeId, firstOfficeId)),
      db.select().from(schools).where(eq(schools.officeId, firstOfficeId)),
      db.select().from(people).where(eq(people.officeId, firstOfficeId)),
      db.select({ a: assignments }).from(assignments).innerJoin(schools, eq(schools.id, assignments.schoolId)).where(eq(schools.officeId, firstOfficeId)),
      db.select().from(visits).where(eq(visits.officeId, firstOfficeId)),
      db.select().from(rectificationNotices).where(eq(rectificationNotices.officeId, firstOfficeId)),
      server.database.pool.query(`select c.id, c.kind, c.expires_at from admin_credentials c join admins a on a.id = c.admin_id where a.office_id = $1 order by c.id`, [firstOfficeId]),
      server.database.pool.query(`select id, status from outbox where office_id = $1 order by id`, [firstOfficeId]),
      server.database.pool.query(`select r.id, r.status, r.title, r.body_html, f.status as flag from reports r left join report_flags f on f.report_id = r.id where r.office_id = $1 order by r.id, f.id`, [firstOfficeId]),
    ]);
    return JSON.stringify(rows.map((r) => ('rows' in r ? r.rows : r)));
  };

  beforeAll(async () => {
    clock.set(new Date('2026-05-21T10:00:00+08:00'));
    // The sandbox's demo district is the first office (its admin is admin / dudao-sandbox).
    server = await startTestServer({}, { web: true, worker: false });
    const { db } = server.database;
    const [office] = await db.select().from(offices);
    firstOfficeId = office.id;
    const [sup] = await db.select().from(people).where(eq(people.wecomUserId, 'wangjianguo'));
    const own = await db.select({ schoolId: assignments.schoolId }).from(assignments).where(eq(assignments.supervisorId, sup.id));

    // The first office's admin plans a visit and makes a token, as the console would.
    const first = await request(server.url).post('/api/login').set('Origin', server.url).send({ username: 'admin', password: 'dudao-sandbox' });
    const firstCookie = (first.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
    const planned = await request(server.url).post('/api/visits').set('Cookie', firstCookie).set('Origin', server.url)
      .send({ supervisorId: sup.id, schoolId: own[1].schoolId, plannedOn: '2026-05-25', content: '食堂卫生专项检查' });
    expect(planned.status).toBe(201);
    const token = await request(server.url).post('/api/tokens').set('Cookie', firstCookie).set('Origin', server.url).send({ label: '大渡口同步脚本' });
    expect(token.status).toBe(201);

    // A submitted visit with a notice: outbox rows to the school's contact and the supervisor.
    await startVisit(db, { personId: sup.id, schoolId: own[0].schoolId });
    for (const text of ['校园文化建设有特色', '课后服务丰富']) await addEntry(db, { personId: sup.id, kind: 'strength', text });
    for (const text of ['作业公示不及时', '教师培训记录不全']) await addEntry(db, { personId: sup.id, kind: 'weakness', text });
    await addEntry(db, { personId: sup.id, kind: 'problem', text: '食堂留样记录不全', deadlineDays: 15 });
    await setItems(db, { personId: sup.id, codes: [3, 7] });
    const { visit, notices } = await submitVisit(db, { personId: sup.id, baseUrl: server.url });

    ids.schools = own[0].schoolId;
    ids.visits = visit.id;
    ids.notices = notices[0].id;
    ids.people = sup.id;
    ids.zones = (await db.select().from(zones).where(eq(zones.officeId, firstOfficeId)))[0].id;
    ids.tokens = token.body.id;
    ids.offices = firstOfficeId;
    // A meeting of the first office, announced (group notice and cards in the outbox).
    const meeting = await scheduleMeeting(db, { kind: 'office', officeId: firstOfficeId, adminId: 0 }, {
      zoneId: ids.zones, startsAt: new Date(clock.now().getTime() + 2 * 86_400_000), place: '新山村街道文体路12号二楼会议室', force: true,
    });
    ids.meetings = meeting.id;
    // A compiled bulletin (with its chart images) holding a flagged phone number.
    const office1 = { actor: 'admin:first', officeId: firstOfficeId, username: 'admin', personId: null, roles: ['office_admin' as const], zoneId: null };
    const [bulletin] = await compilePeriod(db, { officeId: firstOfficeId, period: '2026-05', actor: office1.actor });
    const edited = await editReport(db, office1, bulletin.id, { html: `${bulletin.bodyHtml}<p>家长电话13912345678</p>` });
    ids.reports = bulletin.id;
    ids.images = edited.images[0].id;
    ids.flags = edited.flags[0].id;
    ids.rectifications = notices[0].id;
    const [{ n }] = (await server.database.pool.query(`select count(*)::int as n from outbox where office_id = $1`, [firstOfficeId])).rows;
    expect(n).toBeGreaterThanOrEqual(3);

    const everyone = await db.select().from(people).where(eq(people.officeId, firstOfficeId));
    const schoolRows = await db.select().from(schools).where(eq(schools.officeId, firstOfficeId));
    markers = [
      office.name, '食堂留样记录不全', '食堂卫生专项检查', '大渡口同步脚本', notices[0].number, '新山村街道文体路12号二楼会议室',
      ...schoolRows.map((s) => s.name), ...everyone.map((p) => p.name), ...everyone.flatMap((p) => (p.wecomUserId ? [p.wecomUserId] : [])),
    ];

    // The second office: an account and nothing else.
    const [second] = await db.insert(offices).values({ name: SECOND.office, noticePrefix: SECOND.prefix }).returning();
    secondOfficeId = second.id;
    await createAdmin(db, 'test', { officeId: second.id, username: SECOND.username, password: SECOND.password });
    await signIn();
  });
  afterAll(async () => { clock.reset(); await server.stop(); });

  /** Every route registered on the app, as 'METHOD /path' (HEAD left out: it is GET's). */
  function registeredApiRoutes(): string[] {
    const routers = server.app.middleware.flatMap((mw) => {
      const router = (mw as { router?: Router }).router;
      return router ? [router] : [];
    });
    const found = new Set<string>();
    for (const router of routers) {
      for (const layer of router.stack) {
        if (typeof layer.path !== 'string' || !layer.path.startsWith('/api')) continue;
        for (const method of layer.methods) if (method !== 'HEAD') found.add(`${method} ${layer.path}`);
      }
    }
    return [...found].sort();
  }

  /** Every officeId (and the id of an `office` object) anywhere in a JSON answer. */
  function officeIdsIn(body: unknown): number[] {
    const found: number[] = [];
    const walk = (v: unknown, key?: string) => {
      if (Array.isArray(v)) v.forEach((x) => walk(x));
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (key === 'office' && typeof o.id === 'number') found.push(o.id);
        for (const [k, x] of Object.entries(o)) {
          if ((k === 'officeId' || k === 'office_id') && typeof x === 'number') found.push(x);
          else walk(x, k);
        }
      }
    };
    walk(body);
    return found;
  }

  /** The path with each :param replaced by the first office's record of that collection. */
  function pathFor(route: string): string {
    return route.replace(/\/([\w-]+)\/:(\w+)/g, (_m, collection: string) => {
      const id = ids[collection];
      if (id === undefined) throw new Error(`no first-office record known for /${collection}/:param (in ${route}): add it to ids in beforeAll`);
      return `/${collection}/${id}`;
    });
  }

  /** A body that names the first office's records under every name a route might read them by. */
  const hostileBody = () => ({
    supervisorId: ids.people, schoolId: ids.schools, personId: ids.people, zoneId: ids.zones, visitId: ids.visits,
    noticeId: ids.notices, officeId: ids.offices, plannedOn: '2026-06-01', startsOn: '2026-06-01',
  });
  const hostileQuery = () => `?zoneId=${ids.zones}&schoolId=${ids.schools}&personId=${ids.people}&visitId=${ids.visits}&officeId=${ids.offices}`;

  it('walks every route and finds nothing of the first office, and the first office unchanged', async () => {
    const routes = registeredApiRoutes();
    expect(routes).toContain('GET /api/outbox');
    const unclassified = routes.filter((r) => !(r in ROUTES));
    expect(unclassified).toEqual([]);

    const before = await snapshot();
    const problems: string[] = [];
    // Logging out ends the walker's session: last.
    const ordered = [...routes.filter((r) => r !== 'POST /api/logout'), ...routes.filter((r) => r === 'POST /api/logout')];
    for (const route of ordered) {
      const [method, template] = route.split(' ');
      const kind = ROUTES[route];
      const tries = method === 'GET' && !template.includes(':') ? [pathFor(template), pathFor(template) + hostileQuery()] : [pathFor(template)];
      for (const path of tries) {
        let req = request(server.url)[method.toLowerCase() as 'get'](path).set('Cookie', cookie).set('Origin', origin());
        if (method !== 'GET' && method !== 'DELETE') req = req.send(hostileBody());
        const res = await req;
        const text = `${res.text}`;
        const leaked = markers.filter((m) => text.includes(m));
        if (leaked.length) problems.push(`${method} ${path} answered ${res.status} with the first office's ${leaked.join(', ')}`);
        if (res.status >= 500) problems.push(`${method} ${path} answered ${res.status}`);
        // A list answers; with the hostile query it may instead refuse parameters it does not take (a strict filter).
        const refusedQuery = path.includes('?') && res.status === 400;
        if (kind === 'list' && (res.status < 200 || res.status > 299) && !refusedQuery) problems.push(`${method} ${path} (a list) answered ${res.status}`);
        // Whatever names an office must name the caller's.
        const foreign = officeIdsIn(res.body).filter((id) => id !== secondOfficeId);
        if (foreign.length) problems.push(`${method} ${path} answered rows of office ${foreign.join(', ')}`);
        if (kind === 'refuse' && ![400, 403, 404, 409, 415, 422].includes(res.status)) problems.push(`${method} ${path} should be refused, answered ${res.status}`);
      }
    }
    expect(problems).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('lists the outbox of the signed-in office only: the first office\'s admin sees its rows, the second none', async () => {
    await signIn();
    const theirs = await request(server.url).get('/api/outbox').set('Cookie', cookie);
    expect(theirs.status).toBe(200);
    expect(theirs.body.items).toEqual([]);

    const first = await request(server.url).post('/api/login').set('Origin', server.url).send({ username: 'admin', password: 'dudao-sandbox' });
    const firstCookie = (first.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
    const mine = await request(server.url).get('/api/outbox').set('Cookie', firstCookie);
    const expected = (await server.database.pool.query(`select id from outbox where office_id = $1 order by id desc`, [firstOfficeId])).rows.map((r) => Number(r.id));
    expect(mine.body.items.map((i: { id: number }) => i.id)).toEqual(expected);
    expect(mine.body.items.map((i: { message: unknown }) => JSON.stringify(i.message)).join()).toContain('食堂留样记录不全');
    // Every row the visit produced carries the office: none is left without one.
    const orphans = await server.database.db.execute(sql`select count(*)::int as n from outbox where office_id is null`);
    expect((orphans as unknown as { rows: { n: number }[] }).rows[0].n).toBe(0);
    expect(await server.database.db.select().from(admins).where(and(eq(admins.username, SECOND.username)))).toHaveLength(1);
  });
});
