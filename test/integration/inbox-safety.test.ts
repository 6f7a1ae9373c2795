/**
 * What the database refuses must not block what comes after it, and an outage must not change the order of a
 * person's messages: a NUL in a message is cleaned out and the message handled; several messages sent while
 * PostgreSQL is away are handled in the order they were sent, a newer one sent just after it returns included; a
 * spooled file that can never be stored is quarantined (the office sees its own) and the rest drain past it.
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { InboundMessage } from '../../src/domain/messages.ts';
import { createAdmin } from '../../src/services/auth.ts';
import { offices } from '../../src/db/schema/index.ts';
import { WecomCallbackSender } from '../../src/simulators/wecom/callbacks.ts';
import { createOrgFixture } from '../helpers/org-fixture.ts';
import { adminQuery } from '../helpers/pg.ts';
import { waitFor } from '../helpers/process.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { V3, WECOM_ENV } from '../helpers/wecom.ts';

const handled: InboundMessage[] = [];
let server: TestServer;
let dbName: string;
let wecom: WecomCallbackSender;
let msgId = 7_500_000_000_000_000_000n;
const send = (from: string, text: string) => wecom.sendText(from, text, { msgId: String(++msgId) });
const textsOf = (from: string) => handled.filter((m) => m.from === from).map((m) => m.text);
const spoolDir = () => path.join(server.dataDir, 'spool', 'inbox');
const spooled = () => (fs.existsSync(spoolDir()) ? fs.readdirSync(spoolDir()).filter((f) => f.endsWith('.json')) : []);

beforeAll(async () => {
  server = await startTestServer({ ...WECOM_ENV, SANDBOX: '0', WECOM_API_BASE: 'http://127.0.0.1:9' }, undefined, {
    dispatch: async (msg) => { handled.push(msg); },
  });
  await createOrgFixture(server.database.db);
  dbName = new URL(server.config.DATABASE_URL!).pathname.slice(1);
  wecom = new WecomCallbackSender({ baseUrl: server.url, corpId: V3.corpId, token: V3.token, aesKey: V3.aesKey, agentId: V3.agentId });
});
afterAll(async () => {
  await adminQuery(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`);
  await server.stop();
});

async function cutDatabase() {
  await adminQuery(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS false`);
  await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${dbName}'`);
}
async function restoreDatabase() {
  await adminQuery(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`);
  await waitFor(async () => server.database.ping().then(() => true, () => false), 10_000, 'the database to answer again');
}

describe('inbound data safety', () => {
  it('stores and handles a message whose text holds NUL characters, without them, and the next one too', async () => {
    expect((await send('wangdx', '亮点：\u0000食堂\u0000整洁')).status).toBe(200);
    expect((await send('wangdx', '之后的消息')).status).toBe(200);
    await waitFor(() => textsOf('wangdx').includes('之后的消息'), 10_000, 'the message after the NUL one');
    expect(textsOf('wangdx')).toEqual(['亮点：食堂整洁', '之后的消息']);
    expect(spooled()).toEqual([]);
    const { rows } = await server.database.pool.query(`select payload->>'text' as text from inbox where sender = 'wangdx' order by id`);
    expect(rows.map((r) => r.text)).toEqual(['亮点：食堂整洁', '之后的消息']);
  });

  it('handles messages sent while the database was away in the order they were sent, a newer one sent after its return included', async () => {
    handled.length = 0;
    await cutDatabase();
    for (let i = 1; i <= 5; i++) {
      expect((await send('lidx', `李${i}`)).status).toBe(200);
      expect((await send('chenzr', `陈${i}`)).status).toBe(200);
    }
    expect(spooled()).toHaveLength(10);
    await restoreDatabase();
    // The spool is drained every 2 s: this message arrives before its sender's spooled ones are stored.
    expect((await send('lidx', '李6')).status).toBe(200);
    await waitFor(() => textsOf('lidx').length === 6 && textsOf('chenzr').length === 5, 20_000, 'every message to be handled');
    expect(textsOf('lidx')).toEqual(['李1', '李2', '李3', '李4', '李5', '李6']);
    expect(textsOf('chenzr')).toEqual(['陈1', '陈2', '陈3', '陈4', '陈5']);
    expect(spooled()).toEqual([]);
  });

  it('quarantines spooled files that can never be stored, drains the rest past them, and shows the office its own', async () => {
    handled.length = 0;
    // Files as a crash (a half-written file) or an older version (a key the inbox now refuses) could leave them.
    await cutDatabase();
    expect((await send('wangdx', '断库前一条')).status).toBe(200);
    const [good] = spooled();
    const stamp = good!.split('-').slice(0, 3).join('-');
    fs.writeFileSync(path.join(spoolDir(), `${stamp.replace(/^(\d{15})/, (t) => String(Number(t) - 2).padStart(15, '0'))}-wecom-${'0'.repeat(20)}-${'1'.repeat(20)}.json`), '{"channel":"wecom","dedupe');
    const tooLong: InboundMessage = { channel: 'wecom', dedupeKey: `msg:${'9'.repeat(2000)}`, from: 'chenzr', createdAt: new Date().toISOString(), kind: 'text', text: '键过长的一条' };
    fs.writeFileSync(path.join(spoolDir(), `${stamp.replace(/^(\d{15})/, (t) => String(Number(t) - 1).padStart(15, '0'))}-wecom-${'2'.repeat(20)}-${'3'.repeat(20)}.json`), JSON.stringify(tooLong));
    await restoreDatabase();
    await waitFor(() => textsOf('wangdx').includes('断库前一条'), 20_000, 'the good message to be handled');
    expect(spooled()).toEqual([]);
    expect(fs.readdirSync(path.join(server.dataDir, 'spool', 'quarantine')).filter((f) => f.endsWith('.json'))).toHaveLength(2);

    const db = server.database.db;
    const office = (await db.select().from(offices))[0]!;
    await createAdmin(db, 'test', { officeId: office.id, username: 'quarantine-admin', password: 'Dudao-quarantine-2025!' });
    const [other] = await db.insert(offices).values({ name: '另一区教育督导室', noticePrefix: '另督整' }).returning();
    await createAdmin(db, 'test', { officeId: other!.id, username: 'other-admin', password: 'Dudao-quarantine-2025!' });
    const list = async (username: string) => {
      const agent = request.agent(server.url);
      expect((await agent.post('/api/login').send({ username, password: 'Dudao-quarantine-2025!' })).status).toBe(200);
      return agent.get('/api/inbox/quarantine');
    };
    const ours = await list('quarantine-admin');
    expect(ours.status).toBe(200);
    expect(ours.body.items).toEqual([expect.objectContaining({ sender: 'chenzr', text: '键过长的一条', reason: expect.stringMatching(/refused by the database/) })]);
    expect(ours.body.unattributed).toBe(1);
    const theirs = await list('other-admin');
    expect(theirs.body.items).toEqual([]);
    expect((await request(server.url).get('/api/inbox/quarantine')).status).toBe(401);
  });
});
