/**
 * The office console at /admin: server-rendered pages over the same services as /api (DESIGN.md). One router; its
 * screens are registered from the admin-*.ts files. Sign-in and the stylesheet are public; every other page goes
 * through consoleSession (the `dudao_session` cookie → a Viewer), and refusals render as console pages.
 */
import Router from '@koa/router';
import type { Database } from '../../db/client.ts';
import type { LoginThrottle } from '../../services/login-throttle.ts';
import { consoleErrors } from '../middleware/console-errors.ts';
import { consoleHeaders } from '../middleware/console-headers.ts';
import { consoleSession } from '../middleware/console-session.ts';
import { adminAuthRoutes } from './admin-auth.ts';
import { adminBindCodeRoutes } from './admin-bind-codes.ts';
import { adminCadenceRoutes, type JobsDeps } from './admin-cadence.ts';
import { adminImportRoutes } from './admin-import.ts';
import { adminNoticeRoutes } from './admin-notices.ts';
import { adminMeetingRoutes } from './admin-meetings.ts';
import { adminOpsRoutes } from './admin-ops.ts';
import { adminReportRoutes } from './admin-reports.ts';
import { adminOrgRoutes } from './admin-org.ts';
import { adminSchoolRoutes } from './admin-schools.ts';
import { adminTodayRoutes } from './admin-today.ts';

export interface AdminDeps extends JobsDeps {
  database: Database;
  /** Counts sign-in attempts (shared with POST /api/login). */
  loginThrottle: LoginThrottle;
  /** Wakes the outbox dispatcher (after a resend). */
  kickDispatcher: () => void;
  /** Where stored photos are (report previews). */
  dataDir: string;
}

export function adminRoutes({ database, loginThrottle, kickDispatcher, dataDir, jobs, agendaTable }: AdminDeps): Router {
  const router = new Router({ prefix: '/admin' });
  router.use(consoleHeaders());
  router.use(consoleErrors());
  const session = consoleSession(database);
  adminAuthRoutes(router, database, loginThrottle);
  adminTodayRoutes(router, database, session);
  adminOrgRoutes(router, database, session);
  adminImportRoutes(router, database, session);
  adminBindCodeRoutes(router, database, session);
  adminSchoolRoutes(router, database, session);
  adminNoticeRoutes(router, database, session);
  adminMeetingRoutes(router, database, session);
  adminReportRoutes(router, database, session, dataDir);
  adminOpsRoutes(router, database, session, kickDispatcher);
  adminCadenceRoutes(router, database, session, { jobs, agendaTable });
  return router;
}
