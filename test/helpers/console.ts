/**
 * Browser tests of the office console (/admin): boots the real server in sandbox mode on a fresh PostgreSQL
 * database (the demo district and its console account admin / dudao-sandbox load into it) and drives /admin in
 * headless Chromium the way an office clerk would:
 *
 *   const c = await openConsole();
 *   await c.signIn();                       // the demo account; or signIn('zhou', 'password…')
 *   await c.go('/admin/org/schools');
 *   await c.page.getByRole('link', { name: '新建学校' }).click();
 *   await c.screenshot('console-school-new');
 *
 * Extra accounts (another office, a zone leader) are made with `addAccount`, through the same services the CLI uses.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, like } from 'drizzle-orm';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { people, rectificationNotices } from '../../src/db/schema/index.ts';
import { createAdmin } from '../../src/services/auth.ts';
import { DEMO_ADMIN } from '../../src/services/demo.ts';
import { ARGS, CHROMIUM, OUTPUT_DIR } from './browser.ts';
import { startTestServer, type TestServer } from './server.ts';

export const STEP_MS = 15_000;

export interface ConsoleSession {
  server: TestServer;
  page: Page;
  /** Signs in through the login form (the demo office admin by default) and waits for 今日. */
  signIn(username?: string, password?: string): Promise<void>;
  /** Opens a console path and returns the HTTP status. */
  go(pathname: string): Promise<number>;
  /** Saves a full-page PNG into test-output/; returns its path. */
  screenshot(name: string, opts?: { width?: number }): Promise<string>;
  /** Waits until the locator's text contains `expected` (or equals it, `exact`); throws with what it shows. */
  expectText(locator: Locator, expected: string | RegExp, opts?: { exact?: boolean }): Promise<void>;
  /** Waits until the locator matches `n` elements. */
  expectCount(locator: Locator, n: number): Promise<void>;
  /** Sends a chat message as a person (sandbox API: a real encrypted callback), e.g. say('wangjianguo', '帮助'). */
  say(as: string, text: string): Promise<void>;
  /** A supervisor records and submits a whole visit by chat, with one 问题; resolves when its notice exists. */
  submitVisitByChat(as: string, school: string, problem: string, extra?: string[]): Promise<number>;
  /** Polls until `check` is true (15 s), else throws naming `what`. */
  until(check: () => Promise<boolean>, what: string): Promise<void>;
  /** A console account for the person with this mobile (in their office), e.g. a zone leader's. */
  addAccount(username: string, mobile: string, password?: string): Promise<void>;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'console-test-pass';

export async function openConsole(env: Record<string, string> = {}, viewport = { width: 1280, height: 860 }): Promise<ConsoleSession> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}`);
  const server = await startTestServer({ SANDBOX: '1', ...env });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dudao-console-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport, locale: 'zh-CN' });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(STEP_MS);
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    const ctx = context;
    const session: ConsoleSession = {
      server,
      page,
      async signIn(username: string = DEMO_ADMIN.username, password: string = DEMO_ADMIN.password) {
        await page.goto(`${server.url}/admin/login`);
        await page.getByLabel('用户名').fill(username);
        await page.getByLabel('密码').fill(password);
        await page.getByRole('button', { name: '登录' }).click();
        await page.locator('header .who').waitFor();
      },
      async go(pathname) {
        const response = await page.goto(`${server.url}${pathname}`);
        return response?.status() ?? 0;
      },
      async screenshot(name, opts = {}) {
        fs.mkdirSync(OUTPUT_DIR, { recursive: true });
        const file = path.join(OUTPUT_DIR, `${name}.png`);
        if (opts.width) await page.setViewportSize({ width: opts.width, height: 860 });
        await page.screenshot({ path: file, fullPage: true });
        if (opts.width) await page.setViewportSize(viewport);
        if (problems.length) throw new Error(`page errors: ${problems.join('; ')}`);
        return file;
      },
      async expectText(locator, expected, opts = {}) {
        const matches = (t: string) => (typeof expected === 'string' ? (opts.exact ? t.trim() === expected : t.includes(expected)) : expected.test(t));
        const deadline = Date.now() + STEP_MS;
        let last = '';
        for (;;) {
          last = await locator.first().innerText({ timeout: Math.max(1, deadline - Date.now()) }).catch(() => last);
          if (matches(last)) return;
          if (Date.now() > deadline) throw new Error(`expected ${String(expected)} in ${locator}, the page shows: ${last.slice(0, 500)}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      },
      async expectCount(locator, n) {
        const deadline = Date.now() + STEP_MS;
        for (;;) {
          const count = await locator.count();
          if (count === n) return;
          if (Date.now() > deadline) throw new Error(`expected ${n} of ${locator}, found ${count}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      },
      async say(as, text) {
        const r = await fetch(`${server.url}/sandbox/api/send`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ as, text }) });
        if (r.status !== 200) throw new Error(`sandbox send answered ${r.status}: ${await r.text()}`);
      },
      async submitVisitByChat(as, school, problem, extra = []) {
        for (const text of [`开始督导 ${school}`, '事项 1 3', '亮点：食堂管理规范', '亮点：大课间活动有序', '不足：图书室开放时间不足', '不足：部分教室照明不达标', `问题：${problem} 限期15天`, ...extra, '完成', '提交']) {
          await session.say(as, text);
        }
        let found: number | undefined;
        await session.until(async () => {
          const [row] = await server.database.db.select({ id: rectificationNotices.id }).from(rectificationNotices).where(like(rectificationNotices.problems, `%${problem}%`));
          found = row?.id;
          return found !== undefined;
        }, `the notice for ${problem}`);
        return found!;
      },
      async until(check, what) {
        const deadline = Date.now() + STEP_MS;
        while (!(await check())) {
          if (Date.now() > deadline) throw new Error(`${what} did not happen within ${STEP_MS} ms`);
          await new Promise((r) => setTimeout(r, 150));
        }
      },
      async addAccount(username, mobile, password = TEST_PASSWORD) {
        const db = server.database.db;
        const [person] = await db.select().from(people).where(eq(people.mobile, mobile));
        if (!person) throw new Error(`no person with mobile ${mobile}`);
        await createAdmin(db, 'test', { officeId: person.officeId, username, password, personId: person.id });
      },
      async close() {
        await ctx.close().catch(() => {});
        fs.rmSync(profile, { recursive: true, force: true });
        await server.stop();
      },
    };
    return session;
  } catch (err) {
    await context?.close().catch(() => {});
    await server.stop();
    throw err;
  }
}
