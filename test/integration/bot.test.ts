/** The bot on its own: a fake receiver calls bot.dispatch, the answers are the outbox rows it writes. */
import { asc } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { outbox, offices, people } from '../../src/db/schema/index.ts';
import { createBot, type Bot } from '../../src/chat/index.ts';
import { Bot as BareBot, type BotOptions } from '../../src/chat/bot.ts';
import { createLogger } from '../../src/log.ts';
import type { InboundMessage } from '../../src/domain/messages.ts';
import { DudaoError } from '../../src/domain/errors.ts';
import { freshDatabase } from '../helpers/db.ts';

let database: Database;
let bot: Bot;
/** A bot with no areas registered, for handlers the tests plant themselves. */
let bare: BareBot;
let n = 0;

const text = (from: string, body: string): InboundMessage => ({
  channel: 'wecom', dedupeKey: `m${++n}`, from, createdAt: new Date().toISOString(), kind: 'text', text: body,
});

async function answers(to: string) {
  const rows = await database.db.select().from(outbox).orderBy(asc(outbox.id));
  return rows.filter((r) => r.recipient === to).map((r) => r.message as { type: string; text?: string });
}

beforeAll(async () => {
  ({ database } = await freshDatabase());
  const [office] = await database.db.insert(offices).values({ name: '测试区教育督导室', noticePrefix: '测督整' }).returning();
  await database.db.insert(people).values({ officeId: office!.id, name: '王督学', mobile: '13800000001', roles: ['supervisor'], wecomUserId: 'wangdx' });
  const opts: BotOptions = {
    db: database.db, baseUrl: 'http://localhost', log: createLogger('silent'),
    resolvePerson: async (_channel, id) => (await database.db.query.people.findFirst({ where: (p, { eq }) => eq(p.wecomUserId, id) })) ?? null,
  };
  bot = createBot(opts);
  bare = new BareBot(opts);
});
afterAll(async () => { await database.close(); });

describe('the bot', () => {
  it('tells a stranger whom to ask, naming the account the office must register', async () => {
    await bot.dispatch(text('zhangsan', '你好'), { inboxId: 1 });
    const [reply] = await answers('zhangsan');
    expect(reply!.text).toContain('督导室');
    expect(reply!.text).toContain('zhangsan');
  });

  it('answers an unknown command with the commands this person can use, never silence', async () => {
    await bot.dispatch(text('wangdx', '今天天气不错'), { inboxId: 2 });
    const [reply] = await answers('wangdx');
    expect(reply!.text).toContain('开始督导');
    expect(reply!.text).toContain('亮点');
  });

  it('answers a message handled twice only once (replies are keyed by the inbox row)', async () => {
    const msg = text('wangdx', '帮助');
    await bot.dispatch(msg, { inboxId: 3 });
    await bot.dispatch(msg, { inboxId: 3 });
    const forRow3 = (await database.db.select().from(outbox)).filter((r) => r.idempotencyKey.startsWith('reply:wecom:3:'));
    expect(forRow3).toHaveLength(1);
    expect((forRow3[0]!.message as { text: string }).text).toContain('开始督导');
  });

  it('turns a DudaoError from a handler into a short reply with its message', async () => {
    bare.command('计划', async () => { throw new DudaoError('forbidden', '您只能在自己挂牌的学校开展督导。'); });
    await bare.dispatch(text('wangdx', '计划：实验小学 5月20日'), { inboxId: 4 });
    const replies = await answers('wangdx');
    expect(replies.at(-1)!.text).toBe('您只能在自己挂牌的学校开展督导。');
  });

  it('keeps an unexpected failure retryable and tells the person their message is kept', async () => {
    bare.command('纪实', async () => { throw new Error('database hiccup'); });
    await expect(bare.dispatch(text('wangdx', '纪实：听了一节数学课'), { inboxId: 5 })).rejects.toThrow('database hiccup');
    expect((await answers('wangdx')).at(-1)!.text).toContain('不会丢失');
  });
});
