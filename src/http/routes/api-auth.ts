/**
 * Office console sign-in. POST /api/login {username, password} sets the HttpOnly `dudao_session` cookie;
 * POST /api/logout ends it; GET /api/me says who is signed in; POST /api/tokens makes a bearer token for a script
 * (shown once); DELETE /api/tokens/:id revokes one.
 */
import Router from '@koa/router';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { DudaoError } from '../../domain/errors.ts';
import { clock } from '../../clock.ts';
import { createToken, login, logout, revokeToken, SESSION_TTL_MS } from '../../services/auth.ts';
import { readJson } from '../body.ts';
import { adminOf, requireAdmin, SESSION_COOKIE } from '../middleware/auth.ts';

const Login = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(200) });
const NewToken = z.object({ label: z.string().trim().max(100).optional(), expiresInDays: z.number().int().min(1).max(3650).optional() });

export function apiAuthRoutes(database: Pick<Database, 'db'>): Router {
  const router = new Router();
  const auth = requireAdmin(database);

  router.post('/api/login', async (ctx) => {
    const { username, password } = await readJson(ctx, Login);
    const { admin, session } = await login(database.db, username, password);
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
    const body = await readJson(ctx, NewToken);
    const expiresAt = body.expiresInDays ? new Date(clock.now().getTime() + body.expiresInDays * 86_400_000) : undefined;
    ctx.status = 201;
    ctx.body = await createToken(database.db, adminOf(ctx), { label: body.label, expiresAt });
  });

  router.delete('/api/tokens/:id', auth, async (ctx) => {
    const id = Number(ctx.params.id);
    if (!Number.isInteger(id)) throw new DudaoError('bad_request', 'id 须为整数');
    await revokeToken(database.db, adminOf(ctx), id);
    ctx.status = 204;
  });

  return router;
}
