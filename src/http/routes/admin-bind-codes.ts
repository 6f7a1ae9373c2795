/**
 * 绑定码 (office only): GET /admin/org/bind-codes lists the codes still usable; POST /admin/org/bind-codes issues a
 * code for every school contact not reachable yet (or, with personId, a fresh one for that contact);
 * GET /admin/org/bind-codes/print is the printable list (the official-account work's page) to cut up and hand out.
 */
import type Router from '@koa/router';
import type { Middleware } from 'koa';
import type { Database } from '../../db/client.ts';
import { shanghaiDate } from '../../domain/deadlines.ts';
import { clock } from '../../clock.ts';
import { issueBindCodes, liveBindCodes } from '../../services/bind-codes.ts';
import { actorOf, assertOfficeRole } from '../../services/console-viewer.ts';
import { getOffice } from '../../services/org.ts';
import { bindCodeListPage } from '../../../templates/official-account-pages.ts';
import { bindCodesPage } from '../../../templates/admin/bind-codes.ts';
import { doneText } from '../../../templates/admin/done.ts';
import { formFields, readForm } from '../form.ts';
import { viewerFrom } from '../middleware/console-session.ts';
import { id } from './admin-org.ts';

export function adminBindCodeRoutes(router: Router, database: Database, session: Middleware): void {
  const { db } = database;
  router.get('/org/bind-codes', session, async (ctx) => {
    const v = viewerFrom(ctx);
    assertOfficeRole(v);
    const done = doneText(ctx.query.done);
    ctx.type = 'html';
    ctx.body = bindCodesPage(v, await liveBindCodes(db, v.officeId, clock.now()), done ? { kind: 'ok', text: done } : undefined);
  });

  router.post('/org/bind-codes', session, async (ctx) => {
    const v = viewerFrom(ctx);
    assertOfficeRole(v);
    const f = formFields(await readForm(ctx), 20);
    const issued = await issueBindCodes(db, v.officeId, actorOf(v), clock.now(), f.personId ? [id(f.personId)] : undefined);
    ctx.redirect(`/admin/org/bind-codes?done=${issued.length ? 'codes-issued' : 'codes-none'}`);
  });

  router.get('/org/bind-codes/print', session, async (ctx) => {
    const v = viewerFrom(ctx);
    assertOfficeRole(v);
    const [office, codes] = await Promise.all([getOffice(db, v.officeId), liveBindCodes(db, v.officeId, clock.now())]);
    ctx.type = 'html';
    ctx.set('Cache-Control', 'no-store');
    ctx.body = bindCodeListPage(office.name, codes.map((c) => ({ ...c, expiresOn: shanghaiDate(c.expiresAt) })), shanghaiDate(clock.now()));
  });
}
