/**
 * The hook other areas use on the official account (the reports' 报告 and school names): free text that no command
 * takes goes through bot.publicText handlers in order before the public help, and a menu click reads as its words.
 */
import { asc } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { outbox } from '../../src/db/schema/index.ts';
import { Bot, type BotOptions } from '../../src/chat/bot.ts';
import { createLogger } from '../../src/log.ts';
import type { InboundMessage } from '../../src/domain/messages.ts';
import { freshDatabase } from '../helpers/db.ts';

let database: Database;
let n = 0;
const msg = (from: string, fields: Partial<InboundMessage>): InboundMessage => ({
  channel: 'wechat', dedupeKey: `m${++n}`, from, createdAt: new Date().toISOString(), kind: 'text', ...fields,
});
const answers = async (to: string) => (await database.db.select().from(outbox).orderBy(asc(outbox.id)))
  .filter((r) => r.recipient === to).map((r) => (r.message as { text?: string }).text);

beforeAll(async () => { ({ database } = await freshDatabase()); });
afterAll(async () => { await database.close(); });

it('tries the public-text handlers in order, then the public help; a click is its words', async () => {
  const opts: BotOptions = { db: database.db, baseUrl: 'http://localhost', log: createLogger('silent'), resolvePerson: async () => null };
  const seen: string[] = [];
  const bot = new Bot(opts)
    .publicText(async (ctx) => { seen.push(`first:${ctx.args}`); return false; })
    .publicText(async (ctx) => {
      seen.push(`second:${ctx.args}`);
      if (ctx.args !== '实验小学') return false;
      await ctx.reply('实验小学最新报告');
      return true;
    })
    .menu('SCHOOL', '实验小学');
  await bot.dispatch(msg('oA', { text: ' 实验小学 ' }), { inboxId: 1 });
  await bot.dispatch(msg('oB', { text: '钢花小学' }), { inboxId: 2 });
  await bot.dispatch(msg('oC', { kind: 'event', event: { name: 'CLICK', key: 'SCHOOL' } }), { inboxId: 3 });
  expect(seen).toEqual(['first:实验小学', 'second:实验小学', 'first:钢花小学', 'second:钢花小学', 'first:实验小学', 'second:实验小学']);
  expect(await answers('oA')).toEqual(['实验小学最新报告']);
  expect((await answers('oB'))[0]).toMatch(/^您好，这里是区教育督导室公众号/);
  expect(await answers('oC')).toEqual(['实验小学最新报告']);
  // On WeCom the same stranger is told whom to ask, and the public hook is not consulted.
  await bot.dispatch({ ...msg('wxStranger', { text: '实验小学' }), channel: 'wecom' }, { inboxId: 4 });
  expect((await answers('wxStranger'))[0]).toMatch(/系统里还没有您的信息/);
  expect(seen).toHaveLength(6);
});
