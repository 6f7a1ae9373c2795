/**
 * Who is calling the office API. `requireAdmin(database)` accepts `Authorization: Bearer <token>` (scripts) or the
 * `dudao_session` cookie (browsers), sets ctx.state.admin = { id, officeId, username }, and otherwise answers 401
 * { error: 'unauthenticated', message } with the reason. `requireOffice` answers 403 for another office's data.
 */
import type { Context, Middleware } from 'koa';
import type { Database } from '../../db/client.ts';
import { DudaoError } from '../../domain/errors.ts';
import { authenticateCredential, type AdminPrincipal, type CredentialKind } from '../../services/auth.ts';
import { authText } from '../../../templates/auth.ts';

export const SESSION_COOKIE = 'dudao_session';

export type { AdminPrincipal };

export function requireAdmin(database: Pick<Database, 'db'>): Middleware {
  return async function requireAdminMiddleware(ctx, next) {
    const { admin, credential } = await identify(ctx, database);
    ctx.state.admin = admin;
    ctx.state.credential = credential;
    await next();
  };
}

async function identify(ctx: Context, database: Pick<Database, 'db'>) {
  try {
    const header = ctx.get('Authorization');
    if (header) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!m) throw new DudaoError('unauthenticated', authText.malformedHeader);
      return await authenticateCredential(database.db, 'token', m[1]);
    }
    const session = ctx.cookies.get(SESSION_COOKIE);
    if (!session) throw new DudaoError('unauthenticated', authText.missing);
    return await authenticateCredential(database.db, 'session', session);
  } catch (err) {
    if (err instanceof DudaoError && err.code === 'unauthenticated') ctx.set('WWW-Authenticate', 'Bearer realm="dudao"');
    throw err;
  }
}

/** The admin set by requireAdmin (throws 401 if a route forgot to mount it). */
export function adminOf(ctx: Context): AdminPrincipal {
  const admin = ctx.state.admin as AdminPrincipal | undefined;
  if (!admin) throw new DudaoError('unauthenticated', authText.missing);
  return admin;
}

/** How requireAdmin's caller signed in: a browser session or a bearer token. */
export function credentialOf(ctx: Context): CredentialKind {
  const credential = ctx.state.credential as { kind: CredentialKind } | undefined;
  if (!credential) throw new DudaoError('unauthenticated', authText.missing);
  return credential.kind;
}

/** 403 unless the record's office is the admin's own. */
export function assertOffice(ctx: Context, officeId: number): void {
  if (adminOf(ctx).officeId !== officeId) throw new DudaoError('forbidden', authText.otherOffice);
}

/**
 * Middleware form for routes that name an office, e.g. `/api/offices/:officeId/...`:
 * `router.get(path, requireAdmin(database), requireOffice((ctx) => Number(ctx.params.officeId)), handler)`.
 */
export function requireOffice(officeIdOf: (ctx: Context) => number | undefined | Promise<number | undefined>): Middleware {
  return async function requireOfficeMiddleware(ctx, next) {
    const officeId = await officeIdOf(ctx);
    if (officeId !== undefined) assertOffice(ctx, officeId);
    await next();
  };
}

/**
 * The office of a console admin when the request carries a valid admin session or token, else null: for pages that
 * other people open by a signed link and the office opens with its console sign-in (the H5 record and notice).
 */
export function consoleOfficeOf(database: Pick<Database, 'db'>): (ctx: Context) => Promise<number | null> {
  const adminAuth = requireAdmin(database);
  return async (ctx) => {
    if (!ctx.get('Authorization') && !ctx.cookies.get(SESSION_COOKIE)) return null;
    try {
      await adminAuth(ctx, async () => {});
      return (ctx.state.admin as AdminPrincipal).officeId;
    } catch {
      return null;
    }
  };
}
