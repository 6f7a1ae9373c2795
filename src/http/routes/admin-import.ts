/**
 * /admin/org/import: the office uploads its workbook (or CSV files) through the same reader and all-or-nothing
 * import as POST /api/import; a refused file answers 422 with the table of every error, and nothing is written.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Router from '@koa/router';
import type { Middleware } from 'koa';
import type { Database } from '../../db/client.ts';
import { actorOf, assertOfficeRole } from '../../services/console-viewer.ts';
import { importErrors, importOrgLists } from '../../services/import.ts';
import { importPage } from '../../../templates/admin/import.ts';
import { readUpload, XLSX_TYPE } from './api-import.ts';
import { viewerFrom } from '../middleware/console-session.ts';

const EXAMPLE = path.resolve(import.meta.dirname, '../../../config/import-example/dudao-import-example.xlsx');

export function adminImportRoutes(router: Router, database: Pick<Database, 'db'>, session: Middleware): void {
  router.get('/org/import', session, (ctx) => {
    const v = viewerFrom(ctx);
    assertOfficeRole(v);
    ctx.type = 'html';
    ctx.body = importPage(v);
  });

  router.get('/org/import/example.xlsx', session, (ctx) => {
    assertOfficeRole(viewerFrom(ctx));
    ctx.type = XLSX_TYPE;
    ctx.attachment('督导通导入示例.xlsx');
    ctx.body = fs.createReadStream(EXAMPLE);
  });

  router.post('/org/import', session, async (ctx) => {
    const v = viewerFrom(ctx);
    assertOfficeRole(v);
    ctx.type = 'html';
    try {
      const result = await importOrgLists(database.db, await readUpload(ctx), { officeId: v.officeId, actor: `import:${actorOf(v)}` });
      ctx.body = importPage(v, { sheets: result.sheets as Record<string, never>, office: result.office.name });
    } catch (err) {
      const errors = importErrors(err);
      if (!errors) throw err;
      ctx.status = 422;
      ctx.body = importPage(v, { errors, message: (err as Error).message });
    }
  });
}
