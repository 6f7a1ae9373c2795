/**
 * The console's sign-in gate: the `dudao_session` cookie (the same session as /api) names an office account, and
 * the Viewer (services/console-viewer.ts) says what it may see. Without a valid session a page request is sent to
 * /admin/login (and back afterwards); any other request gets 401.
 */
import type { Context, Middleware } from 'koa';
import type { Database } from '../../db/client.ts';
import { DudaoError } from '../../domain/errors.ts';
import { authenticate } from '../../services/auth.ts';
import { viewerOf, type Viewer } from '../../services/console-viewer.ts';
import { consoleAccessText } from '../../../templates/admin/access.ts';
import { SESSION_COOKIE } from './auth.ts';

export function consoleSession(database: Pick<Database, 'db'>): Middleware {
  return async function consoleSessionMiddleware(ctx, next) {
    const secret = ctx.cookies.get(SESSION_COOKIE);
    let admin;
    try {
      if (!secret) throw new DudaoError('unauthenticated', consoleAccessText.signInFirst);
      admin = await authenticate(database.db, 'session', secret);
    } catch (err) {
      if (err instanceof DudaoError && err.code === 'unauthenticated' && (ctx.method === 'GET' || ctx.method === 'HEAD')) {
        ctx.redirect(`/admin/login?next=${encodeURIComponent(ctx.originalUrl)}`);
        return;
      }
      throw err;
    }
    ctx.state.viewer = await viewerOf(database.db, admin);
    await next();
  };
}

export function viewerFrom(ctx: Context): Viewer {
  const v = ctx.state.viewer as Viewer | undefined;
  if (!v) throw new DudaoError('unauthenticated', consoleAccessText.signInFirst);
  return v;
}

/** Only same-site paths under /admin may be a `next` target after sign-in. */
export function safeNext(raw: unknown): string {
  return typeof raw === 'string' && /^\/admin(?:[/?#]|$)/.test(raw) && !raw.startsWith('//') ? raw : '/admin';
}
