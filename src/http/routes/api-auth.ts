/**
 * Office console sign-in. POST /api/login {username, password} sets the HttpOnly `dudao_session` cookie (failures
 * are throttled per account and per address: 429 with Retry-After); POST /api/logout ends it; GET /api/me says who
 * is signed in. POST /api/tokens makes a bearer token for a script (shown once, 90 days unless told otherwise), only
 * from a signed-in session; GET /api/tokens lists them; DELETE /api/tokens/:id revokes one, DELETE /api/tokens all.
 */
import Router from '@koa/router';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { DudaoError } from '../../domain/errors.ts';
import { clock } from '../../clock.ts';
import { createToken, listTokens, login, logout, revokeAllTokens, revokeToken, SESSION_TTL_MS, TOKEN_DEFAULT_DAYS } from '../../services/auth.ts';
import type { LoginThrottle } from '../../services/login-throttle.ts';
import { authText } from '../../../templates/auth.ts';
import { readJson } from '../body.ts';
import { adminOf, credentialOf, requireAdmin, SESSION_COOKIE } from '../middleware/auth.ts';

const Login = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(200) });
const NewToken = z.object({ label: z.string().trim().max(100).optional(), expiresInDays: z.number().int().min(1).max(3650).optional() });

export function apiAuthRoutes(database: Pick<Database, 'db'>, throttle: LoginThrottle): Router {
  const router = new Router();
  const auth = requireAdmin(database);

  router.post('/api/login', async (ctx) => {
    const { username, password } = await readJson(ctx, Login);
    try {
      await throttle.attempt(username, ctx.ip);
    } catch (err) {
      if (err instanceof DudaoError && err.code === 'too_many_requests') ctx.set('Retry-After', String((err.details as { retryAfterS: number }).retryAfterS));
      throw err;
    }
    const { admin, session } = await login(database.db, username, password);
    await throttle.succeeded(username, ctx.ip);
    ctx.cookies.set(SESSION_COOKIE, session, { httpOnly: true, sameSite: 'lax', secure: ctx.secure, maxAge: SESSION_TTL_MS, path: '/', overwrite: true });
    ctx.body = { admin };
  });

  router.post('/api/logout', async (ctx) => {
    const session = ctx.cookies.get(SESSION_COOKIE);
    if (session) await logout(database.db, session);
    ctx.cookies.set(SESSION_COOKIE, null, { httpOnly: true, sameSite: 'lax', path: '/', overwrite: true });
    ctx.status = 204;
  });

  router.get('/api/me', auth, (ctx) => {
    ctx.body = { admin: adminOf(ctx) };
  });

  router.post('/api/tokens', auth, async (ctx) => {
    // A token that could mint tokens would outlive its own revocation through its children.
    if (credentialOf(ctx) !== 'session') throw new DudaoError('forbidden', authText.tokenFromToken);
    const body = await readJson(ctx, NewToken);
    const expiresAt = new Date(clock.now().getTime() + (body.expiresInDays ?? TOKEN_DEFAULT_DAYS) * 86_400_000);
    ctx.status = 201;
    ctx.body = await createToken(database.db, adminOf(ctx), { label: body.label, expiresAt });
  });

  router.get('/api/tokens', auth, async (ctx) => {
    ctx.body = { items: await listTokens(database.db, adminOf(ctx)) };
  });

  router.delete('/api/tokens', auth, async (ctx) => {
    ctx.body = { revoked: await revokeAllTokens(database.db, adminOf(ctx)) };
  });

  router.delete('/api/tokens/:id', auth, async (ctx) => {
    const id = Number(ctx.params.id);
    if (!Number.isInteger(id)) throw new DudaoError('bad_request', 'id 须为整数');
    await revokeToken(database.db, adminOf(ctx), id);
    ctx.status = 204;
  });

  return router;
}
