/**
 * Signed links to H5 pages: `/h5/visits/12?t=<personId>.<mac>` lets that person open that page without logging in.
 * The MAC is an HMAC-SHA256 over the visit id and person id with the server's link secret: LINK_SECRET when set,
 * otherwise a random secret created once and kept in platform_tokens under 'link-secret' (so every process and every
 * restart agree). loadLinkSecret() runs at start-up; until then a per-process random secret is used.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { platformTokens } from '../db/schema/index.ts';

const KEY = 'link-secret';
const NEVER = new Date('9999-12-31T00:00:00Z');
let secret: Buffer | undefined;

export async function loadLinkSecret(db: DbOrTx, configured?: string): Promise<void> {
  if (configured) {
    secret = Buffer.from(configured, 'utf8');
    return;
  }
  await db.insert(platformTokens)
    .values({ key: KEY, value: randomBytes(32).toString('base64url'), expiresAt: NEVER })
    .onConflictDoNothing({ target: platformTokens.key });
  const [row] = await db.select().from(platformTokens).where(eq(platformTokens.key, KEY));
  secret = Buffer.from(row.value, 'utf8');
}

/** What a link opens: a visit's record page or a notice's page (the two never share a MAC). */
export type LinkSubject = 'visit' | 'notice';

function mac(id: number, personId: number, subject: LinkSubject = 'visit'): string {
  secret ??= randomBytes(32);
  return createHmac('sha256', secret).update(`${subject}:${id}:person:${personId}`).digest('base64url').slice(0, 32);
}

export function signLink(visitId: number, personId: number, subject: LinkSubject = 'visit'): string {
  return `${personId}.${mac(visitId, personId, subject)}`;
}

/** The person a token was issued to for this visit, or null when it is malformed or forged. */
export function verifyLink(visitId: number, token: string | undefined, subject: LinkSubject = 'visit'): number | null {
  const m = /^(\d{1,10})\.([A-Za-z0-9_-]{32})$/.exec(token ?? '');
  if (!m) return null;
  const personId = Number(m[1]);
  const want = Buffer.from(mac(visitId, personId, subject));
  const got = Buffer.from(m[2]);
  return want.length === got.length && timingSafeEqual(want, got) ? personId : null;
}

/** The full address of a visit's record page for this person. */
export function visitLink(baseUrl: string, visitId: number, personId: number): string {
  return `${baseUrl.replace(/\/$/, '')}/h5/visits/${visitId}?t=${signLink(visitId, personId)}`;
}

/** The full address of a 整改通知书's page for this person (/h5/notices/:id?t=…). */
export function noticeLink(baseUrl: string, noticeId: number, personId: number): string {
  return `${baseUrl.replace(/\/$/, '')}/h5/notices/${noticeId}?t=${signLink(noticeId, personId, 'notice')}`;
}

/** A token for any page subject, e.g. `message:42:<openid>` (the same secret, another domain of names). */
export function signSubject(subject: string): string {
  secret ??= randomBytes(32);
  return createHmac('sha256', secret).update(`subject:${subject}`).digest('base64url').slice(0, 32);
}

export function verifySubject(subject: string, token: string | undefined): boolean {
  if (!/^[A-Za-z0-9_-]{32}$/.test(token ?? '')) return false;
  const want = Buffer.from(signSubject(subject));
  const got = Buffer.from(token!);
  return want.length === got.length && timingSafeEqual(want, got);
}

/** The H5 page that shows one outbox message to its recipient (where a template message links when it has no link). */
export function messageLink(baseUrl: string, outboxId: number, recipient: string): string {
  return `${baseUrl.replace(/\/$/, '')}/h5/messages/${outboxId}?t=${signSubject(`message:${outboxId}:${recipient}`)}`;
}
