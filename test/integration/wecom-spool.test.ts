/** A database outage must not lose what people send: callbacks are acknowledged, spooled, and handled once it is back. */
import fs from 'node:fs';
import path from 'node:path';
import { createWecomSimulator } from '../../src/simulators/wecom/api.ts';
import { WecomCallbackSender } from '../../src/simulators/wecom/callbacks.ts';
import { createOrgFixture } from '../helpers/org-fixture.ts';
import { adminQuery } from '../helpers/pg.ts';
import { waitFor } from '../helpers/process.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { V3, WECOM_ENV } from '../helpers/wecom.ts';

describe('a callback that arrives while PostgreSQL is down', () => {
  const sim = createWecomSimulator({ corpId: V3.corpId, secret: WECOM_ENV.WECOM_SECRET!, agentId: V3.agentId });
  let platform: Awaited<ReturnType<typeof sim.listen>>;
  let server: TestServer;
  let dbName: string;

  beforeAll(async () => {
    platform = await sim.listen();
    server = await startTestServer({ ...WECOM_ENV, SANDBOX: '0', WECOM_API_BASE: platform.url });
    await createOrgFixture(server.database.db);
    dbName = new URL(server.config.DATABASE_URL!).pathname.slice(1);
  });
  afterAll(async () => {
    await adminQuery(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`);
    await server.stop();
    await platform.close();
  });

  it('is acknowledged, kept on disk, and handled once the database is back', async () => {
    const wecom = new WecomCallbackSender({ baseUrl: server.url, corpId: V3.corpId, token: V3.token, aesKey: V3.aesKey, agentId: V3.agentId });
    await adminQuery(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS false`);
    await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${dbName}'`);

    const first = await wecom.sendText('wangdx', '帮助', { msgId: '7400000000000000001' });
    const retry = await wecom.sendText('wangdx', '帮助', { msgId: '7400000000000000001' });
    expect([first.status, retry.status]).toEqual([200, 200]);
    const spoolDir = path.join(server.dataDir, 'spool', 'inbox');
    expect(fs.readdirSync(spoolDir).filter((f) => f.endsWith('.json'))).toHaveLength(1);

    await adminQuery(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`);
    await waitFor(() => sim.messagesTo('wangdx').length > 0, 20_000, 'the reply after the database came back');

    const replies = sim.messagesTo('wangdx') as { text?: { content: string } }[];
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text!.content).toContain('开始督导');
    const { rows } = await server.database.pool.query("select status from inbox where dedupe_key like '%7400000000000000001%'");
    expect(rows).toEqual([{ status: 'done' }]);
    expect(fs.readdirSync(spoolDir).filter((f) => f.endsWith('.json'))).toHaveLength(0);
  });
});
