/** GET /admin: the Today screen (visits planned today and this week, undelivered messages), scoped to the viewer. */
import type Router from '@koa/router';
import type { Middleware } from 'koa';
import type { Database } from '../../db/client.ts';
import { shanghaiDate } from '../../domain/deadlines.ts';
import { weekOf } from '../../domain/week.ts';
import { clock } from '../../clock.ts';
import { plannedVisits } from '../../services/console-visits.ts';
import { undeliveredCount } from '../../services/undelivered.ts';
import { noticesPage } from '../../services/console-notices.ts';
import { dueDate } from '../../domain/deadlines.ts';
import { noticesPanel } from '../../../templates/admin/notices.ts';
import { todayPage } from '../../../templates/admin/today.ts';
import { comingWithAnswers } from '../../services/console-meetings.ts';
import { meetingsPanel } from '../../../templates/admin/meetings.ts';
import { reportsPage } from '../../services/console-reports.ts';
import { reportsPanel } from '../../../templates/admin/reports.ts';
import { doneText } from '../../../templates/admin/done.ts';
import { viewerFrom } from '../middleware/console-session.ts';

export function adminTodayRoutes(router: Router, database: Pick<Database, 'db'>, session: Middleware): void {
  const { db } = database;
  router.get('/', session, async (ctx) => {
    const v = viewerFrom(ctx);
    const today = shanghaiDate(clock.now());
    const week = weekOf(today);
    const planned = await plannedVisits(db, v, { from: today < week.from ? today : week.from, to: week.to });
    const cap = { page: 1, size: 50 };
    const overdue = (await noticesPage(db, v, { overdue: true }, cap)).items;
    const dueSoon = (await noticesPage(db, v, { dueBy: dueDate(today, 7) }, cap)).items.filter((r) => r.overdueDays === 0);
    ctx.type = 'html';
    ctx.body = todayPage(v, {
      today, week, planned,
      undelivered: v.role === 'office' ? await undeliveredCount(db, v) : null,
      panels: [noticesPanel(overdue, dueSoon, cap.size), meetingsPanel(await comingWithAnswers(db, v)), reportsPanel(await reportsPage(db, v, { statuses: ['submitted', 'zone_approved'] }, { page: 1, size: 5 }))],
    }, doneText(ctx.query.done));
  });
}
