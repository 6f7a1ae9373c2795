/**
 * The office's organisation over JSON, for the console and scripts (all behind requireAdmin):
 * GET/PATCH /api/office (visitRecordTitle: the record page's title, in the office's settings), GET /api/zones, GET /api/schools[?zoneId=], GET /api/schools/:id, GET /api/people[?role=],
 * GET /api/assignments[?activeOn=YYYY-MM-DD], POST /api/assignments (409 with the reason over quota),
 * GET /api/audit[?entity=&entityId=&beforeId=&limit=].
 */
import Router from '@koa/router';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { ROLES, type Role } from '../../db/schema/index.ts';
import { DudaoError } from '../../domain/errors.ts';
import { isIsoDate } from '../../domain/deadlines.ts';
import { listAudit } from '../../services/audit.ts';
import { assignSchool, listAssignments } from '../../services/assignments.ts';
import { getOffice, listPeople, listSchools, listZones, ownSchool, setVisitRecordTitle, updateOffice } from '../../services/org.ts';
import { readJson } from '../body.ts';
import { adminOf, requireAdmin } from '../middleware/auth.ts';

const day = z.string().refine(isIsoDate, '须为 YYYY-MM-DD 日期');
const OfficePatch = z.object({
  maxSchoolsPerSupervisor: z.number().int().min(1).max(20).optional(),
  defaultRectificationDays: z.number().int().min(1).max(365).optional(),
  hotline: z.string().trim().min(1).max(40).optional(),
  noticePrefix: z.string().trim().min(1).max(20).optional(),
  /** The record page's title (settings.documents); null restores the default from the office's area. */
  visitRecordTitle: z.string().trim().min(1).max(60).nullable().optional(),
}).strict();
const NewAssignment = z.object({
  supervisorId: z.number().int().positive(),
  schoolId: z.number().int().positive(),
  startsOn: day.optional(),
  endsOn: day.nullable().optional(),
  reason: z.string().trim().max(200).optional(),
}).strict();

export function apiOrgRoutes(database: Pick<Database, 'db'>): Router {
  const router = new Router();
  const { db } = database;
  const auth = requireAdmin(database);

  router.get('/api/office', auth, async (ctx) => { ctx.body = { office: await getOffice(db, adminOf(ctx).officeId) }; });
  router.patch('/api/office', auth, async (ctx) => {
    const admin = adminOf(ctx);
    const { visitRecordTitle, ...patch } = await readJson(ctx, OfficePatch);
    const who = { actor: `admin:${admin.id}`, officeId: admin.officeId };
    ctx.body = {
      office: await db.transaction(async (tx) => {
        if (visitRecordTitle !== undefined) await setVisitRecordTitle(tx, who, visitRecordTitle);
        return (await updateOffice(tx, who, patch)).row;
      }),
    };
  });

  router.get('/api/zones', auth, async (ctx) => { ctx.body = { items: await listZones(db, adminOf(ctx).officeId) }; });
  router.get('/api/schools', auth, async (ctx) => {
    ctx.body = { items: await listSchools(db, adminOf(ctx).officeId, { zoneId: optionalId(ctx.query.zoneId) }) };
  });
  router.get('/api/schools/:id', auth, async (ctx) => {
    const officeId = adminOf(ctx).officeId;
    const school = await ownSchool(db, officeId, requiredId(ctx.params.id));
    ctx.body = { school, assignments: (await listAssignments(db, officeId)).filter((a) => a.schoolId === school.id) };
  });
  router.get('/api/people', auth, async (ctx) => {
    const role = ctx.query.role;
    if (role !== undefined && !ROLES.includes(role as Role)) throw new DudaoError('bad_request', `role 须为 ${ROLES.join('、')} 之一`);
    ctx.body = { items: await listPeople(db, adminOf(ctx).officeId, { role: role as Role | undefined }) };
  });

  router.get('/api/assignments', auth, async (ctx) => {
    const activeOn = ctx.query.activeOn;
    if (activeOn !== undefined && !(typeof activeOn === 'string' && isIsoDate(activeOn))) throw new DudaoError('bad_request', 'activeOn 须为 YYYY-MM-DD 日期');
    ctx.body = { items: await listAssignments(db, adminOf(ctx).officeId, { activeOn: activeOn as string | undefined }) };
  });
  router.post('/api/assignments', auth, async (ctx) => {
    const admin = adminOf(ctx);
    const input = await readJson(ctx, NewAssignment);
    const saved = await db.transaction((tx) => assignSchool(tx, { actor: `admin:${admin.id}`, officeId: admin.officeId }, input));
    ctx.status = saved.outcome === 'created' ? 201 : 200;
    ctx.body = { assignment: saved.row, outcome: saved.outcome, load: saved.load, max: saved.max };
  });

  router.get('/api/audit', auth, async (ctx) => {
    const q = ctx.query;
    ctx.body = {
      items: await listAudit(db, {
        officeId: adminOf(ctx).officeId,
        entity: typeof q.entity === 'string' ? q.entity : undefined,
        entityId: typeof q.entityId === 'string' ? q.entityId : undefined,
        beforeId: optionalId(q.beforeId),
        limit: optionalId(q.limit),
      }),
    };
  });
  return router;
}

function optionalId(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  return requiredId(v);
}

function requiredId(v: unknown): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new DudaoError('bad_request', `「${String(v)}」不是有效的编号`);
  return n;
}
