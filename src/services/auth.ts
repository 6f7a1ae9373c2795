/**
 * Office console accounts: admins log in with a password (browser session, 12 hours) or call the API with a bearer
 * token made for a script. Only the SHA-256 of a session or token secret is stored (admin_credentials).
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { adminCredentials, admins, offices } from '../db/schema/index.ts';
import { DudaoError } from '../domain/errors.ts';
import { USERNAME_PATTERN, passwordProblems } from '../domain/password-policy.ts';
import { clock } from '../clock.ts';
import { authText, passwordRefused } from '../../templates/auth.ts';
import { audit } from './audit.ts';
import { dummyHash, hashPassword, verifyPassword } from './passwords.ts';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** A token made without an expiry lives this long. */
export const TOKEN_DEFAULT_DAYS = 90;
const TOUCH_EVERY_MS = 5 * 60 * 1000;

export interface AdminPrincipal {
  id: number;
  officeId: number;
  username: string;
}

export type CredentialKind = 'session' | 'token';

const sha256 = (secret: string) => createHash('sha256').update(secret).digest('hex');
const newSecret = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`;

export interface NewAdmin {
  officeId: number;
  username: string;
  password: string;
  personId?: number;
}

export async function createAdmin(db: DbOrTx, actor: string, input: NewAdmin): Promise<AdminPrincipal> {
  if (!USERNAME_PATTERN.test(input.username)) throw new DudaoError('bad_request', authText.badUsername);
  const problems = passwordProblems(input.password, input.username);
  if (problems.length) throw new DudaoError('bad_request', passwordRefused(problems));
  const [taken] = await db.select({ id: admins.id }).from(admins).where(eq(admins.username, input.username));
  if (taken) throw new DudaoError('conflict', authText.usernameTaken(input.username));
  const [row] = await db.insert(admins).values({
    officeId: input.officeId, username: input.username, passwordHash: await hashPassword(input.password), personId: input.personId, createdAt: clock.now(),
  }).returning();
  await audit(db, { actor, officeId: row.officeId, action: 'admin.create', entity: 'admin', entityId: row.id, after: { username: row.username, personId: row.personId } });
  return { id: row.id, officeId: row.officeId, username: row.username };
}

/** The office an admin account belongs to, by its name (for `npm run admin:create -- --office 名称`). */
export async function officeByName(db: DbOrTx, name: string): Promise<{ id: number; name: string }> {
  const all = await db.select({ id: offices.id, name: offices.name }).from(offices);
  const office = all.find((o) => o.name === name.trim());
  if (!office) throw new DudaoError('not_found', authText.unknownOffice(name, all.map((o) => o.name)));
  return office;
}

/** Checks the password and opens a browser session. Wrong username and wrong password give the same answer. */
export async function login(db: DbOrTx, username: string, password: string): Promise<{ admin: AdminPrincipal; session: string; expiresAt: Date }> {
  const [row] = await db.select().from(admins).where(eq(admins.username, username));
  const ok = await verifyPassword(password, row?.passwordHash ?? (await dummyHash()));
  if (!row || !ok) throw new DudaoError('unauthenticated', authText.wrongPassword);
  const session = newSecret('');
  const expiresAt = new Date(clock.now().getTime() + SESSION_TTL_MS);
  await db.insert(adminCredentials).values({ adminId: row.id, kind: 'session', secretHash: sha256(session), expiresAt, createdAt: clock.now() });
  return { admin: { id: row.id, officeId: row.officeId, username: row.username }, session, expiresAt };
}

/** A bearer token for scripts (90 days unless told otherwise); the secret is returned once and never stored. */
export async function createToken(db: DbOrTx, admin: AdminPrincipal, opts: { label?: string; expiresAt?: Date } = {}) {
  const token = newSecret('ddt_');
  const expiresAt = opts.expiresAt ?? new Date(clock.now().getTime() + TOKEN_DEFAULT_DAYS * 86_400_000);
  const [row] = await db.insert(adminCredentials).values({
    adminId: admin.id, kind: 'token', secretHash: sha256(token), label: opts.label, expiresAt, createdAt: clock.now(),
  }).returning();
  await audit(db, { actor: `admin:${admin.id}`, officeId: admin.officeId, action: 'token.create', entity: 'admin_credential', entityId: row.id, after: { label: row.label, expiresAt: row.expiresAt } });
  return { id: row.id, token, label: row.label, expiresAt: row.expiresAt };
}

export async function revokeToken(db: DbOrTx, admin: AdminPrincipal, id: number): Promise<void> {
  const gone = await db.delete(adminCredentials)
    .where(and(eq(adminCredentials.id, id), eq(adminCredentials.adminId, admin.id), eq(adminCredentials.kind, 'token'))).returning();
  if (gone.length === 0) throw new DudaoError('not_found', authText.unknownToken(id));
  await audit(db, { actor: `admin:${admin.id}`, officeId: admin.officeId, action: 'token.revoke', entity: 'admin_credential', entityId: id });
}

/** The admin's live tokens (never their secrets), newest first. */
export async function listTokens(db: DbOrTx, admin: AdminPrincipal) {
  const rows = await db.select({
    id: adminCredentials.id, label: adminCredentials.label, createdAt: adminCredentials.createdAt,
    expiresAt: adminCredentials.expiresAt, lastUsedAt: adminCredentials.lastUsedAt,
  }).from(adminCredentials)
    .where(and(eq(adminCredentials.adminId, admin.id), eq(adminCredentials.kind, 'token')))
    .orderBy(desc(adminCredentials.id));
  const now = clock.now();
  return rows.filter((r) => !r.expiresAt || r.expiresAt > now);
}

/** Revokes every token of the admin at once (sessions stay); returns how many there were. */
export async function revokeAllTokens(db: DbOrTx, admin: AdminPrincipal): Promise<number> {
  const gone = await db.delete(adminCredentials)
    .where(and(eq(adminCredentials.adminId, admin.id), eq(adminCredentials.kind, 'token'))).returning({ id: adminCredentials.id });
  if (gone.length) {
    await audit(db, { actor: `admin:${admin.id}`, officeId: admin.officeId, action: 'token.revoke_all', entity: 'admin', entityId: admin.id, after: { revoked: gone.map((g) => g.id) } });
  }
  return gone.length;
}

export async function logout(db: DbOrTx, session: string): Promise<void> {
  await db.delete(adminCredentials).where(and(eq(adminCredentials.secretHash, sha256(session)), eq(adminCredentials.kind, 'session')));
}

/** Who a session cookie or bearer token belongs to; throws 401 with the reason when it is unknown or expired. */
export async function authenticate(db: DbOrTx, kind: CredentialKind, secret: string): Promise<AdminPrincipal> {
  return (await authenticateCredential(db, kind, secret)).admin;
}

/** authenticate(), also saying which credential it was (a session may make tokens; a token may not). */
export async function authenticateCredential(db: DbOrTx, kind: CredentialKind, secret: string): Promise<{ admin: AdminPrincipal; credential: { id: number; kind: CredentialKind } }> {
  const [found] = await db
    .select({ credentialId: adminCredentials.id, expiresAt: adminCredentials.expiresAt, lastUsedAt: adminCredentials.lastUsedAt, id: admins.id, officeId: admins.officeId, username: admins.username })
    .from(adminCredentials).innerJoin(admins, eq(admins.id, adminCredentials.adminId))
    .where(and(eq(adminCredentials.secretHash, sha256(secret)), eq(adminCredentials.kind, kind)));
  if (!found) throw new DudaoError('unauthenticated', authText.unknownCredential);
  const now = clock.now();
  if (found.expiresAt && found.expiresAt <= now) {
    await db.delete(adminCredentials).where(eq(adminCredentials.id, found.credentialId));
    throw new DudaoError('unauthenticated', kind === 'session' ? authText.sessionExpired : authText.tokenExpired);
  }
  if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    await db.update(adminCredentials).set({ lastUsedAt: now }).where(eq(adminCredentials.id, found.credentialId));
  }
  return { admin: { id: found.id, officeId: found.officeId, username: found.username }, credential: { id: found.credentialId, kind } };
}
