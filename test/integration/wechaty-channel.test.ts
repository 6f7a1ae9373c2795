/** The personal-WeChat channel is optional: a puppet that cannot start is logged and the server runs without it. */
import request from 'supertest';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer | undefined;
afterEach(async () => { await server?.stop(); });

it('starts without personal-WeChat groups when the configured puppet cannot be loaded', async () => {
  server = await startTestServer({ SANDBOX: '0', WECHATY_PUPPET: 'wechaty-puppet-that-does-not-exist' });
  expect(server.wechaty).toBeUndefined();
  expect((await request(server.url).get('/healthz')).status).toBe(200);
}, 60_000);

it('runs no personal-WeChat channel in a web-only process (one logged-in account belongs to the worker)', async () => {
  server = await startTestServer({ SANDBOX: '0', WECHATY_PUPPET: 'wechaty-puppet-mock' }, { web: true, worker: false });
  expect(server.wechaty).toBeUndefined();
}, 60_000);
