/**
 * POST /api/import: an office uploads its lists. The body is the .xlsx itself
 * (Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet), or multipart/form-data with
 * a field `file` holding the .xlsx — or several `file` fields holding 责任区.csv, 学校.csv, 人员.csv, 挂牌.csv
 * (督导室.csv optional). 200 with counts per sheet; 422 with every error by sheet and row, nothing written.
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import type { Database } from '../../db/client.ts';
import { DudaoError } from '../../domain/errors.ts';
import type { RawSheet } from '../../domain/import-rows.ts';
import { importErrors, importOrgLists } from '../../services/import.ts';
import { readCsvFiles, readXlsx } from '../../services/import-workbook.ts';
import { readBytes } from '../body.ts';
import { parseMultipart } from '../multipart.ts';
import { adminOf, requireAdmin } from '../middleware/auth.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const UPLOAD_LIMIT = 10 * 1024 * 1024;

export function apiImportRoutes(database: Pick<Database, 'db'>): Router {
  const router = new Router();
  router.post('/api/import', requireAdmin(database), async (ctx) => {
    const admin = adminOf(ctx);
    try {
      ctx.body = await importOrgLists(database.db, await readUpload(ctx), { officeId: admin.officeId, actor: `import:admin:${admin.id}` });
    } catch (err) {
      const errors = importErrors(err);
      if (!errors) throw err;
      ctx.status = 422;
      ctx.body = { error: 'invalid_import', message: (err as Error).message, errors };
    }
  });
  return router;
}

/** The uploaded lists of a request: the .xlsx body itself, or multipart `file` fields (.xlsx or .csv files). */
export async function readUpload(ctx: Context): Promise<RawSheet[]> {
  if (ctx.is(XLSX_TYPE, 'application/octet-stream')) return readXlsx(await readBytes(ctx, UPLOAD_LIMIT), 'xlsx');
  if (ctx.is('multipart/form-data')) {
    const files = parseMultipart(await readBytes(ctx, UPLOAD_LIMIT), ctx.get('Content-Type')).filter((p) => p.name === 'file');
    if (files.length === 0) throw new DudaoError('bad_request', '表单中缺少字段 file');
    const xlsx = files.find((f) => /\.xlsx$/i.test(f.filename ?? '') || f.contentType === XLSX_TYPE);
    if (xlsx) return readXlsx(xlsx.data, xlsx.filename);
    return readCsvFiles(files.map((f) => ({ name: f.filename ?? '', data: f.data })));
  }
  throw new DudaoError('unsupported', `请上传 .xlsx（Content-Type: ${XLSX_TYPE}）或 multipart/form-data 的 file 字段`);
}
