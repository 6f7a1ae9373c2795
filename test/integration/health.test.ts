import request from 'supertest';
import { adminQuery } from '../helpers/pg.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

describe('GET /healthz on PostgreSQL', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(); });
  afterAll(async () => { await server.stop(); });

  it('answers 200 and names the database when PostgreSQL is reachable', async () => {
    const res = await request(server.url).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'postgres' });
  });

  it('has migrated the schema and seeded the eight standard inspection items', async () => {
    const { rows } = await server.database.pool.query('select code, title from standard_items order by code');
    expect(rows).toHaveLength(8);
    expect(rows[6]).toEqual({ code: 7, title: '食堂、食品、饮水及宿舍卫生情况' });
  });

  it('answers 503 with a reason while the database refuses connections, and 200 again once it is back', async () => {
    const dbName = new URL(server.config.DATABASE_URL!).pathname.slice(1);
    await adminQuery(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS false`);
    await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${dbName}'`);
    try {
      const res = await request(server.url).get('/healthz');
      expect(res.status).toBe(503);
      expect(res.body.status).toBe('unavailable');
      expect(res.body.reason).toMatch(/database unreachable/);
    } finally {
      await adminQuery(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`);
    }
    const again = await request(server.url).get('/healthz');
    expect(again.status).toBe(200);
  });
});
