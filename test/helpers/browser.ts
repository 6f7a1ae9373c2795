/**
 * Browser tests of the sandbox console: boots the real server in sandbox mode on a fresh PostgreSQL database (the
 * demo data loads into it) and opens /sandbox in headless Chromium (Debian's package, driven by playwright-core).
 * Each helper acts or looks the way a person at the console would:
 *
 *   const s = await openSandbox();
 *   await s.pickPerson('王督学');
 *   await s.say('开始督导 实验小学');
 *   await s.expectBubble(/督导进行中/);
 *   await s.tapButton('提交');
 *   await s.jumpClock('跳到明早08:00');
 *   await s.screenshot('visit');
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from './server.ts';
import { ROOT } from './process.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const OUTPUT_DIR = path.join(ROOT, 'test-output');
/** How long a step may wait for what it expects to appear (a reply goes through callback, inbox, bot, outbox, API). */
const STEP_MS = 15_000;

export interface SandboxSession {
  server: TestServer;
  page: Page;
  /** Clicks a person or group in the left column by name and waits for their chat to open. */
  pickPerson(name: string): Promise<void>;
  /** Types a message as the current person and sends it. */
  say(text: string): Promise<void>;
  /** Says something and waits for the bot's reply matching `reply`. */
  ask(text: string, reply: RegExp): Promise<Locator>;
  /** Sends a photo file from the computer as the current person. */
  sendPhoto(file: string): Promise<void>;
  /** Waits for a chat entry (bubble or card) of the current chat whose text matches; returns it. */
  expectBubble(text: RegExp, opts?: { from?: 'bot' | 'person' }): Promise<Locator>;
  /** Waits for a card whose text matches; returns it. */
  expectCard(text: RegExp): Promise<Locator>;
  /** Taps an enabled card button (in the latest card that has it) and waits for the tap to be delivered. */
  tapButton(text: string, card?: Locator): Promise<void>;
  /** Presses a button of the official account's menu (公众号 personas) and waits for the click to be delivered. */
  tapMenu(name: string): Promise<void>;
  /** Ticks an option (by its text) in a vote card (the latest one, or `card`). */
  tick(option: string, card?: Locator): Promise<void>;
  /** Presses a clock button (跳到明早08:00, +1天, +7天, 跳到下月1日) and waits for the jump and its jobs. */
  jumpClock(label: string): Promise<string>;
  /** The raw request panel's summaries, newest first. */
  requestSummaries(): Promise<string[]>;
  /** Opens the newest raw request whose summary (and body, if `containing`) matches; returns what the panel shows. */
  openRequest(summary: RegExp, containing?: RegExp): Promise<string>;
  /** Reloads the page (the current person stays picked) and waits for the history to be drawn again. */
  reload(): Promise<void>;
  /** Saves a PNG of the whole console into test-output/; returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function openSandbox(env: Record<string, string> = {}, options: Parameters<typeof startTestServer>[2] = {}): Promise<SandboxSession> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM} (apt-get install chromium; .ci/run does it)`);
  const server = await startTestServer({ SANDBOX: '1', ...env }, undefined, options);
  let context: BrowserContext | undefined;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dudao-chromium-'));
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1440, height: 900 }, locale: 'zh-CN',
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(`${server.url}/sandbox`);
    await page.locator('#people .person').first().waitFor({ timeout: STEP_MS });
    return session(server, context, page, profile, problems);
  } catch (err) {
    await context?.close().catch(() => {});
    await server.stop();
    throw err;
  }
}

function session(server: TestServer, context: BrowserContext, page: Page, profile: string, problems: string[]): SandboxSession {
  const messages = page.locator('#messages');
  const apiCall = (p: string) => page.waitForResponse((r) => r.url().includes(`/sandbox/api/${p}`) && r.request().method() === 'POST', { timeout: STEP_MS });
  const delivered = async (p: string, act: () => Promise<void>) => {
    const [response] = await Promise.all([apiCall(p), act()]);
    if (!response.ok()) throw new Error(`POST /sandbox/api/${p} answered ${response.status()}: ${await response.text()}`);
  };
  const visibleTexts = async () => (await messages.locator('[data-entry]').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').slice(0, 160));
  const waitOrExplain = async (locator: Locator, what: string) => {
    try {
      await locator.waitFor({ timeout: STEP_MS });
    } catch {
      fs.mkdirSync(OUTPUT_DIR, { recursive: true });
      await page.screenshot({ path: path.join(OUTPUT_DIR, 'sandbox-failure.png') }).catch(() => {});
      throw new Error(`${what} did not appear (screenshot: test-output/sandbox-failure.png). The chat shows:\n  ${(await visibleTexts()).join('\n  ')}${problems.length ? `\nPage errors: ${problems.join('; ')}` : ''}`);
    }
    return locator;
  };

  return {
    server,
    page,
    async pickPerson(name) {
      await page.locator('#people .person', { has: page.locator('.person-name', { hasText: new RegExp(`^${name}$`) }) }).first().click();
      await page.locator('#chat-name', { hasText: name }).waitFor({ timeout: STEP_MS });
    },
    async say(text) {
      await page.locator('#text').fill(text);
      await delivered('send', () => page.locator('#text').press('Enter'));
    },
    async ask(text, reply) {
      await this.say(text);
      return this.expectBubble(reply, { from: 'bot' });
    },
    async sendPhoto(file) {
      await delivered('photo', () => page.locator('#photo').setInputFiles(file));
    },
    async expectBubble(text, opts = {}) {
      const rows = messages.locator(opts.from ? `.row-${opts.from}` : '[data-entry]', { hasText: text }).last();
      return waitOrExplain(rows, `A chat entry matching ${text}`);
    },
    async expectCard(text) {
      return waitOrExplain(messages.locator('.card', { hasText: text }).last(), `A card matching ${text}`);
    },
    async tapButton(text, card) {
      const scope = card ?? messages;
      const button = scope.locator('button.card-button:not([disabled])', { hasText: new RegExp(`^${text}$`) }).last();
      await waitOrExplain(button, `An enabled button 「${text}」`);
      await delivered('tap', () => button.click());
    },
    async tapMenu(name) {
      const button = page.locator('#oa-menu button', { hasText: new RegExp(`^${name}$`) });
      await waitOrExplain(button, `The menu button 「${name}」`);
      await delivered('menu', () => button.click());
    },
    async tick(option, card) {
      const scope = card ?? messages.locator('.card-vote_interaction').last();
      await scope.locator('label.card-option', { hasText: option }).locator('input').check();
    },
    async jumpClock(label) {
      await delivered('clock', () => page.locator('.clock button', { hasText: label }).click());
      await page.locator('#clock-ran', { hasText: '已跳到' }).waitFor({ timeout: STEP_MS });
      return page.locator('#clock-now').innerText();
    },
    async requestSummaries() {
      return page.locator('#requests .request summary .summary').allInnerTexts();
    },
    async openRequest(summary, containing) {
      const item = page.locator('#requests details.request', { has: page.locator('summary', { hasText: summary }), hasText: containing }).first();
      await item.waitFor({ timeout: STEP_MS });
      if (!(await item.evaluate((d) => (d as HTMLDetailsElement).open))) await item.locator('summary').click();
      return item.innerText();
    },
    async reload() {
      await page.reload();
      await page.locator('#people .person.active').waitFor({ timeout: STEP_MS });
    },
    async screenshot(name) {
      fs.mkdirSync(OUTPUT_DIR, { recursive: true });
      const file = path.join(OUTPUT_DIR, `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    async close() {
      await context.close().catch(() => {});
      fs.rmSync(profile, { recursive: true, force: true });
      await server.stop();
    },
  };
}
