/** The personal-WeChat channel is optional: a puppet that cannot start is logged and the server runs without it. */
import request from 'supertest';
import { eq } from 'drizzle-orm';
import { outbox } from '../../src/db/schema/index.ts';
import { enqueue } from '../../src/services/outbox.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { WECOM_ENV } from '../helpers/wecom.ts';

let server: TestServer | undefined;
afterEach(async () => { await server?.stop(); });

it('starts without personal-WeChat groups when the configured puppet cannot be loaded', async () => {
  server = await startTestServer({ SANDBOX: '0', WECHATY_PUPPET: 'wechaty-puppet-that-does-not-exist' });
  expect(server.wechaty).toBeUndefined();
  expect((await request(server.url).get('/healthz')).status).toBe(200);
}, 60_000);

it('runs no personal-WeChat channel in a web-only process, and leaves its rows to the worker instead of parking them', async () => {
  server = await startTestServer({ SANDBOX: '0', WECHATY_PUPPET: 'wechaty-puppet-mock', ...WECOM_ENV }, { web: true, worker: false });
  expect(server.wechaty).toBeUndefined();
  await enqueue(server.database.db, { key: 'test:room', channel: 'wechaty', recipient: 'room:第三责任区督学群', message: { type: 'text', text: '例会通知' } });
  // The dispatcher parks what it cannot send at most every 250 ms: let one sweep fall due.
  await new Promise((r) => setTimeout(r, 300));
  await server.dispatcher!.runOnce();
  const [row] = await server.database.db.select().from(outbox).where(eq(outbox.idempotencyKey, 'test:room'));
  expect(row).toMatchObject({ status: 'pending', startedAttempts: 0 });
}, 60_000);
