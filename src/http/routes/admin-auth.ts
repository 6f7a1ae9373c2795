/**
 * Console sign-in: GET/POST /admin/login (a form; the same office account, `dudao_session` cookie and login
 * throttle as POST /api/login: 429 with the wait when an account or address has failed too often), POST /admin/logout, and the console's stylesheet at /admin/assets/console.css.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Router from '@koa/router';
import type { Database } from '../../db/client.ts';
import { isDudaoError } from '../../domain/errors.ts';
import type { LoginThrottle } from '../../services/login-throttle.ts';
import { login, logout, SESSION_TTL_MS } from '../../services/auth.ts';
import { loginPage, loginText } from '../../../templates/admin/login.ts';
import { formFields, readForm } from '../form.ts';
import { SESSION_COOKIE } from '../middleware/auth.ts';
import { safeNext } from '../middleware/console-session.ts';

const CSS = fs.readFileSync(path.resolve(import.meta.dirname, '../../../templates/admin/console.css'), 'utf8');

export function adminAuthRoutes(router: Router, database: Pick<Database, 'db'>, throttle: LoginThrottle): void {
  router.get('/assets/console.css', (ctx) => {
    ctx.type = 'text/css; charset=utf-8';
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.body = CSS;
  });

  router.get('/login', (ctx) => {
    ctx.type = 'html';
    ctx.body = loginPage({ next: safeNext(ctx.query.next), info: ctx.query.done === 'signed-out' ? loginText.signedOut : undefined });
  });

  router.post('/login', async (ctx) => {
    const f = formFields(await readForm(ctx), 200);
    const next = safeNext(f.next);
    const username = (f.username ?? '').slice(0, 64);
    try {
      await throttle.attempt(username, ctx.ip);
      const { session } = await login(database.db, username, f.password ?? '');
      await throttle.succeeded(username, ctx.ip);
      ctx.cookies.set(SESSION_COOKIE, session, { httpOnly: true, sameSite: 'lax', secure: ctx.secure, maxAge: SESSION_TTL_MS, path: '/', overwrite: true });
      ctx.status = 303;
      ctx.redirect(next);
    } catch (err) {
      if (!isDudaoError(err) || (err.code !== 'unauthenticated' && err.code !== 'too_many_requests')) throw err;
      const tooMany = err.code === 'too_many_requests';
      if (tooMany) ctx.set('Retry-After', String((err.details as { retryAfterS: number }).retryAfterS));
      ctx.status = tooMany ? 429 : 401;
      ctx.type = 'html';
      ctx.body = loginPage({ next, username, error: tooMany ? err.message : loginText.wrong });
    }
  });

  router.post('/logout', async (ctx) => {
    const session = ctx.cookies.get(SESSION_COOKIE);
    if (session) await logout(database.db, session);
    ctx.cookies.set(SESSION_COOKIE, null, { httpOnly: true, sameSite: 'lax', path: '/', overwrite: true });
    ctx.status = 303;
    ctx.redirect('/admin/login?done=signed-out');
  });
}
