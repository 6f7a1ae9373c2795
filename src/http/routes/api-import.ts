/**
 * POST /api/import: an office uploads its lists. The body is the .xlsx itself
 * (Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet), or multipart/form-data with
 * a field `file` holding the .xlsx — or several `file` fields holding 责任区.csv, 学校.csv, 人员.csv, 挂牌.csv
 * (督导室.csv optional). 200 with counts per sheet; 422 with every error by sheet and row, nothing written.
 *
 * Bounded before it is read: the upload's size and file count (413), an .xlsx's archive (413, see
 * services/xlsx-archive.ts), the rows (422); one import at a time per office, across processes (409 while one runs).
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import type { Database } from '../../db/client.ts';
import { DudaoError } from '../../domain/errors.ts';
import { IMPORT_LIMITS } from '../../domain/import-limits.ts';
import type { RawSheet } from '../../domain/import-rows.ts';
import { importErrors, importOrgLists } from '../../services/import.ts';
import { readCsvFiles, readXlsx } from '../../services/import-workbook.ts';
import { importLimitText } from '../../../templates/import.ts';
import { readBytes } from '../body.ts';
import { readMultipart } from '../multipart.ts';
import { adminOf, requireAdmin } from '../middleware/auth.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Advisory-lock space of imports; the key is the office id. */
const IMPORT_LOCK = 7_220_613;

export function apiImportRoutes(database: Pick<Database, 'db' | 'tryWithLock'>): Router {
  const router = new Router();
  router.post('/api/import', requireAdmin(database), async (ctx) => {
    const admin = adminOf(ctx);
    const outcome = await database.tryWithLock(IMPORT_LOCK, admin.officeId, async () => {
      try {
        return { status: 200, body: await importOrgLists(database.db, await readUpload(ctx), { officeId: admin.officeId, actor: `import:admin:${admin.id}` }) as object };
      } catch (err) {
        const errors = importErrors(err);
        if (!errors) throw err;
        return { status: 422, body: { error: 'invalid_import', message: (err as Error).message, errors } };
      }
    });
    if (outcome.busy) {
      ctx.req.resume();
      throw new DudaoError('conflict', importLimitText.busy);
    }
    ctx.status = outcome.value.status;
    ctx.body = outcome.value.body;
  });
  return router;
}

async function readUpload(ctx: Context): Promise<RawSheet[]> {
  if (ctx.is(XLSX_TYPE, 'application/octet-stream')) return readXlsx(await readBytes(ctx, IMPORT_LIMITS.uploadBytes), 'xlsx');
  if (ctx.is('multipart/form-data')) {
    const limit = IMPORT_LIMITS.uploadBytes;
    if (Number(ctx.get('Content-Length') || 0) > limit + 64 * 1024) throw new DudaoError('payload_too_large', importLimitText.uploadTooLarge(limit));
    const parts = await readMultipart(ctx.req, ctx.get('Content-Type'), { fileBytes: limit, totalBytes: limit, files: IMPORT_LIMITS.files, fields: 10, fieldBytes: 4096, parts: IMPORT_LIMITS.files + 10 });
    const files = parts.filter((p) => p.name === 'file' && p.filename !== undefined);
    if (files.length === 0) throw new DudaoError('bad_request', '表单中缺少字段 file');
    const xlsx = files.find((f) => /\.xlsx$/i.test(f.filename ?? '') || f.contentType === XLSX_TYPE);
    if (xlsx) return readXlsx(xlsx.data, xlsx.filename);
    return readCsvFiles(files.map((f) => ({ name: f.filename ?? '', data: f.data })));
  }
  throw new DudaoError('unsupported', `请上传 .xlsx（Content-Type: ${XLSX_TYPE}）或 multipart/form-data 的 file 字段`);
}
