/**
 * What we know of the people who write to the official account: when they last wrote (the 48-hour window in which
 * customer-service messages may reach them) or followed / clicked (a minute), whether they still follow, and when
 * the platform last said the window was closed (45015). A message from someone (or their following again) offers their
 * waiting outbox rows again.
 */
import { asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { offices, people, wechatFollowers } from '../db/schema/index.ts';
import type { InboundMessage } from '../domain/messages.ts';
import { officeSettings, type OfficeSettings } from '../domain/office-settings.ts';
import { reofferWaiting, reopenUndelivered } from './outbox.ts';
import { officialAccountText } from '../../templates/channels/official-account.ts';

export const MESSAGE_WINDOW_MS = 48 * 3600_000;
export const EVENT_WINDOW_MS = 60_000;
/** Our clock and the platform's may differ a little: stop trusting a window this long before it ends. */
const MARGIN_MS = 2 * 60_000;

export type Follower = typeof wechatFollowers.$inferSelect;

/** Records a message or event from the official account; returns how many waiting messages were offered again. */
export async function noteInbound(db: DbOrTx, msg: InboundMessage, now: Date): Promise<number> {
  if (msg.channel !== 'wechat') return 0;
  const at = new Date(msg.createdAt);
  const event = msg.kind === 'event' ? msg.event?.name : undefined;
  if (event === 'unsubscribe') {
    await upsert(db, msg.from, { subscribed: false, updatedAt: now });
    return 0;
  }
  if (event === 'TEMPLATESENDJOBFINISH') {
    // A template message the platform accepted and then could not deliver (blocked, system failure) is not lost.
    const status = typeof msg.raw?.Status === 'string' ? msg.raw.Status : '';
    const msgid = typeof msg.raw?.MsgID === 'string' ? msg.raw.MsgID : '';
    if (status === 'success' || !msgid) return 0;
    await reopenUndelivered(db, 'wechat.custom', msg.from, msgid, officialAccountText.templateFailed(status));
    return 0;
  }
  if (event !== undefined) {
    // Platform jobs (article published) are not the user acting.
    if (!['subscribe', 'CLICK', 'SCAN', 'VIEW'].includes(event)) return 0;
    await upsert(db, msg.from, { subscribed: true, lastEventAt: at, updatedAt: now });
    // Following again makes someone who had unfollowed reachable: what waited for them is tried once more.
    return event === 'subscribe' ? reofferWaiting(db, 'wechat.custom', msg.from, now) : 0;
  }
  await upsert(db, msg.from, { subscribed: true, lastMessageAt: at, updatedAt: now });
  return reofferWaiting(db, 'wechat.custom', msg.from, now);
}

async function upsert(db: DbOrTx, openid: string, set: Partial<Follower>): Promise<void> {
  await db.insert(wechatFollowers).values({ openid, ...set } as Follower)
    .onConflictDoUpdate({
      target: wechatFollowers.openid,
      set: {
        ...set,
        // An older message delivered late must not shorten the window.
        ...(set.lastMessageAt ? { lastMessageAt: sql`greatest(${wechatFollowers.lastMessageAt}, excluded.last_message_at)` } : {}),
        ...(set.lastEventAt ? { lastEventAt: sql`greatest(${wechatFollowers.lastEventAt}, excluded.last_event_at)` } : {}),
      },
    });
}

export type ReplyWindow = 'open' | 'closed' | 'unknown';

/**
 * Whether a customer-service message can reach this openid now: 'open' inside a window they opened, 'closed' when we
 * know it has closed (their last message is older than 48 h, or the platform said 45015 since), 'unknown' for an
 * openid that never wrote to us (bound by import, say): then the platform's answer decides.
 */
export async function replyWindow(db: DbOrTx, openid: string, now: Date): Promise<ReplyWindow> {
  const [f] = await db.select().from(wechatFollowers).where(eq(wechatFollowers.openid, openid));
  if (!f) return 'unknown';
  if (!f.subscribed) return 'closed';
  const t = now.getTime();
  const closed = f.windowClosedAt?.getTime() ?? -Infinity;
  const message = f.lastMessageAt?.getTime();
  const event = f.lastEventAt?.getTime();
  if (message !== undefined && message > closed && t - message < MESSAGE_WINDOW_MS - MARGIN_MS) return 'open';
  if (event !== undefined && event > closed && t - event < EVENT_WINDOW_MS) return 'open';
  return 'closed';
}

/** The platform answered 45015/45047: the window is closed until they write again. */
export async function noteWindowClosed(db: DbOrTx, openid: string, now: Date): Promise<void> {
  await upsert(db, openid, { windowClosedAt: now, updatedAt: now });
}

/** The official-account settings that apply to this openid: its person's office, else the first office. */
export async function accountSettingsFor(db: DbOrTx, openid: string): Promise<OfficeSettings['officialAccount']> {
  const [row] = await db.select({ settings: offices.settings }).from(people)
    .innerJoin(offices, eq(offices.id, people.officeId)).where(eq(people.wechatOpenId, openid)).limit(1);
  const settings = row?.settings ?? (await db.select({ settings: offices.settings }).from(offices).orderBy(asc(offices.id)).limit(1))[0]?.settings;
  return officeSettings(settings).officialAccount;
}
