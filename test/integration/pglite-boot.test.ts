import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runMain, waitFor, type Child, freePort } from '../helpers/process.ts';

describe('npm start with no DATABASE_URL (embedded PGlite)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dudao-pglite-'));
  let first: Child;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    first = runMain({ DATA_DIR: dataDir, PORT: String(port) });
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, 60_000, 'the PGlite server to answer /healthz');
  }, 90_000);

  afterAll(async () => {
    await first.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('boots, migrates into DATA_DIR/pglite and serves /healthz', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'pglite' });
    expect(fs.existsSync(path.join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true);
    expect(first.output()).toContain(`listening on http://localhost:${port}`);
  });

  it('refuses a second process on the same data directory with a clear message', async () => {
    const second = runMain({ DATA_DIR: dataDir, PORT: String(await freePort()) });
    const code = await second.exited;
    expect(code).toBe(2);
    expect(second.output()).toMatch(/The embedded database is already open in process \d+/);
    // The first server is unharmed.
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  }, 60_000);
});

describe('a wrong configuration value', () => {
  it('stops the server with a message naming the variable', async () => {
    const child = runMain({ PORT: 'eighty', DATA_DIR: os.tmpdir() });
    expect(await child.exited).toBe(2);
    expect(child.output()).toMatch(/PORT/);
  }, 30_000);

  it('names the missing partner of a half-configured WeCom app', async () => {
    const child = runMain({ WECOM_CORP_ID: 'ww123', DATA_DIR: os.tmpdir() });
    expect(await child.exited).toBe(2);
    expect(child.output()).toMatch(/WECOM_SECRET is required/);
    expect(child.output()).toMatch(/WECOM_AES_KEY is required/);
  }, 30_000);
});
