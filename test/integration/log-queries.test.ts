/**
 * Failed queries are logged by their shape, never their parameters: through drizzle on a real PostgreSQL, and from a
 * failed import over HTTP (which once wrote a 4.6 MB line holding every imported value).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import { loadConfig } from '../../src/config.ts';
import { people } from '../../src/db/schema/index.ts';
import { createLogger } from '../../src/log.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { DEMO_FOLDER } from '../../src/services/demo.ts';
import { freshDatabaseUrl } from '../helpers/db.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  return { stream, lines };
}

describe('a failed query in the logs', () => {
  let server: RunningServer;
  const { stream, lines } = capture();
  let token: string;

  beforeAll(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dudao-logs-'));
    server = await startServer({
      config: loadConfig({ PORT: '0', DATA_DIR: dataDir, DATABASE_URL: await freshDatabaseUrl(), LOG_LEVEL: 'info' }),
      roles: { web: true, worker: false }, log: createLogger('info', stream),
    });
    const login = await request(server.url!).post('/api/login').send({ username: 'admin', password: 'dudao-sandbox' });
    const cookie = (login.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
    token = (await request(server.url!).post('/api/tokens').set('Cookie', cookie).set('Origin', server.url!).send({})).body.token;
  });
  afterAll(async () => { await server.stop(); });

  it('shows the statement and the database\'s reason, not the message text or the user id it carried', async () => {
    lines.length = 0;
    const [someone] = await server.database.db.select().from(people).limit(1);
    const secretText = '家长反映食堂饭菜有异味，请尽快核实（内部）';
    const err = await server.database.db.insert(people).values({
      officeId: someone.officeId, name: secretText, mobile: someone.mobile, roles: ['supervisor'], wecomUserId: 'secret-userid-0042',
    }).catch((e: unknown) => e);
    server.log.error({ err }, 'insert failed');
    server.log.warn({ err: (err as Error).message }, 'insert failed (message only)');
    const text = lines.join('');
    expect(text).toContain('Failed query: insert into \\"people\\"');
    expect(text).toContain('people_office_mobile');
    for (const value of [secretText, 'secret-userid-0042', someone.mobile]) expect(text).not.toContain(value);
  });

  it('logs a failed import in one short line, with none of the imported values', async () => {
    lines.length = 0;
    // The database refuses the write (as it would when a disk fills or a constraint is added under us).
    await server.database.pool.query(`create function refuse_school() returns trigger language plpgsql as $$ begin raise exception 'schools are read-only'; end $$`);
    await server.database.pool.query(`create trigger refuse_school before insert or update on schools for each row execute function refuse_school()`);
    const files = ['督导室', '责任区', '学校', '人员', '挂牌'].map((n) => path.join(DEMO_FOLDER, `${n}.csv`));
    // A new school, so the import has something to write.
    const extra = path.join(os.tmpdir(), `学校-${process.pid}.csv`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dudao-import-'));
    fs.copyFileSync(path.join(DEMO_FOLDER, '学校.csv'), extra);
    fs.appendFileSync(extra, '保密测试学校甲,,小学,第一督学责任区,保密地址路1号,100\n');
    fs.copyFileSync(extra, path.join(dir, '学校.csv'));
    let req = request(server.url!).post('/api/import').set('Authorization', `Bearer ${token}`);
    for (const f of files) req = req.attach('file', f.endsWith('学校.csv') ? path.join(dir, '学校.csv') : f);
    const res = await req;
    expect([res.status, res.text]).toEqual([500, expect.stringContaining('internal')]);
    const line = lines.find((l) => l.includes('request failed'))!;
    expect(line).toBeDefined();
    expect(line).toContain('Failed query:');
    expect(line).toContain('schools are read-only');
    expect(line).not.toContain('保密测试学校甲');
    expect(line).not.toContain('保密地址路1号');
    expect(line.length).toBeLessThan(8_000);
  });
});
