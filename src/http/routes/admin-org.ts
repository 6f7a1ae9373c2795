/**
 * 组织机构 screens under /admin/org: lists of zones, schools, people and assignments (a zone leader sees their
 * zone, read-only), and the one-row forms that create or edit a record through the import's own checks
 * (services/org-row.ts). A refused form comes back with each problem next to its field (422), nothing saved.
 */
import type Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import type { Database } from '../../db/client.ts';
import { ROLES, type Role } from '../../db/schema/index.ts';
import { DudaoError } from '../../domain/errors.ts';
import { shanghaiDate } from '../../domain/deadlines.ts';
import { ROLE_LABELS } from '../../domain/import-cells.ts';
import { pageRequest } from '../../domain/paging.ts';
import { clock } from '../../clock.ts';
import { assignmentFor, assignmentsPage, peoplePage, personFor, schoolFor, schoolsPage, zoneFor, zonesFor } from '../../services/console-org.ts';
import { assertOfficeRole, type Viewer } from '../../services/console-viewer.ts';
import { importErrors } from '../../services/import.ts';
import { columnsOf, saveOrgRow, type OrgSheet } from '../../services/org-row.ts';
import { listPeople, listSchools } from '../../services/org.ts';
import { SHEETS } from '../../domain/import-sheets.ts';
import { doneText, type DoneKey } from '../../../templates/admin/done.ts';
import {
  assignmentsPage as assignmentsView, orgPage, peoplePage as peopleView, roleOptions, rowForm, schoolsPage as schoolsView,
  schoolTypeOptions, zonesPage as zonesView, type ColumnForm, type OrgTab,
} from '../../../templates/admin/org.ts';
import { orgFormText } from '../../../templates/admin/org-forms.ts';
import { formFields, readForm } from '../form.ts';
import { viewerFrom } from '../middleware/console-session.ts';

const PAGE_SIZE = 30;

interface SheetScreen {
  sheet: OrgSheet;
  tab: OrgTab;
  list: string;
  done: DoneKey;
  keyColumns: string[];
  forms: (db: Database['db'], v: Viewer) => Promise<Record<string, ColumnForm>>;
}

const SCREENS: Record<'zones' | 'schools' | 'people' | 'assignments', SheetScreen> = {
  zones: { sheet: '责任区', tab: 'zones', list: '/admin/org/zones', done: 'zone-saved', keyColumns: ['名称'], forms: async () => orgFormText.zoneForms },
  schools: {
    sheet: '学校', tab: 'schools', list: '/admin/org/schools', done: 'school-saved', keyColumns: ['学校名称'],
    forms: async (db, v) => ({ ...orgFormText.schoolForms, 类型: { options: schoolTypeOptions, blank: '请选择' }, 所属责任区: { options: (await zonesFor(db, v)).map((z) => ({ value: z.name, label: z.name })), blank: '请选择' } }),
  },
  people: {
    sheet: '人员', tab: 'people', list: '/admin/org/people', done: 'person-saved', keyColumns: ['手机'],
    forms: async (db, v) => ({
      ...orgFormText.personForms,
      角色: { multi: roleOptions },
      所属责任区: { options: (await zonesFor(db, v)).map((z) => ({ value: z.name, label: z.name })), blank: '（无）' },
      所属学校: { options: (await listSchools(db, v.officeId)).map((s) => ({ value: s.name, label: s.name })), blank: '（无）' },
    }),
  },
  assignments: {
    sheet: '挂牌', tab: 'assignments', list: '/admin/org/assignments', done: 'assignment-saved', keyColumns: ['督学手机', '督学姓名', '学校名称', '开始日期'],
    forms: async (db, v) => ({
      ...orgFormText.assignmentForms,
      督学手机: { options: (await listPeople(db, v.officeId, { role: 'supervisor' })).map((p) => ({ value: p.mobile, label: `${p.name}（${p.mobile}）` })), blank: '请选择督学' },
      学校名称: { options: (await listSchools(db, v.officeId)).map((s) => ({ value: s.name, label: s.name })), blank: '请选择学校' },
    }),
  },
};

export function adminOrgRoutes(router: Router, database: Database, session: Middleware): void {
  const { db } = database;

  router.get('/org', session, (ctx) => ctx.redirect('/admin/org/schools'));

  router.get('/org/zones', session, async (ctx) => {
    const v = viewerFrom(ctx);
    html(ctx, zonesView(v, await zonesFor(db, v), ok(ctx)));
  });
  router.get('/org/schools', session, async (ctx) => {
    const v = viewerFrom(ctx);
    const f = { zoneId: optionalId(ctx.query.zoneId), q: searchText(ctx.query.q) };
    const list = await schoolsPage(db, v, f, pageRequest(ctx.query.page, PAGE_SIZE));
    html(ctx, schoolsView(v, list, f, await zonesFor(db, v), ok(ctx)));
  });
  router.get('/org/people', session, async (ctx) => {
    const v = viewerFrom(ctx);
    const role = ROLES.includes(ctx.query.role as Role) ? (ctx.query.role as Role) : undefined;
    const f = { role, q: searchText(ctx.query.q) };
    html(ctx, peopleView(v, await peoplePage(db, v, f, pageRequest(ctx.query.page, PAGE_SIZE)), f, ok(ctx)));
  });
  router.get('/org/assignments', session, async (ctx) => {
    const v = viewerFrom(ctx);
    const active = ctx.query.active !== '0';
    const today = shanghaiDate(clock.now());
    const list = await assignmentsPage(db, v, { activeOn: active ? today : undefined }, pageRequest(ctx.query.page, PAGE_SIZE));
    html(ctx, assignmentsView(v, list, { active }, today, ok(ctx)));
  });

  // New records (office only).
  for (const [path, screen] of Object.entries(SCREENS)) {
    router.get(`/org/${path}/new`, session, async (ctx) => {
      const v = viewerFrom(ctx);
      assertOfficeRole(v);
      await showForm(ctx, v, screen, { values: prefill(screen, ctx), editing: false, action: `/admin/org/${path}` });
    });
    router.post(`/org/${path}`, session, async (ctx) => {
      const v = viewerFrom(ctx);
      assertOfficeRole(v);
      const form = await readForm(ctx);
      const values = formFields(form, 500);
      const editing = values._editing === '1';
      // Checkbox columns (角色) arrive as several fields of the same name.
      for (const [header, spec] of Object.entries(await screen.forms(db, v))) if (spec.multi) values[header] = form.getAll(header).join('、');
      try {
        const outcome = await saveOrgRow(database.db, v, screen.sheet, values);
        ctx.redirect(`${screen.list}?done=${outcome === 'unchanged' ? 'unchanged' : screen.done}`);
      } catch (err) {
        const errors = importErrors(err);
        if (!errors) throw err;
        ctx.status = 422;
        const problems: Record<string, string> = {};
        const general: string[] = [];
        for (const e of errors) {
          if (e.sheet === screen.sheet && e.column && columnsOf(screen.sheet).includes(e.column) && !problems[e.column]) problems[e.column] = e.message;
          else general.push(e.message);
        }
        await showForm(ctx, v, screen, { values, editing, action: `/admin/org/${path}`, problems, general });
      }
    });
  }

  // One record: the edit form for the office, the facts for a zone leader.
  router.get('/org/zones/:id', session, async (ctx) => {
    const v = viewerFrom(ctx);
    const z = await zoneFor(db, v, id(ctx.params.id));
    const values = { 名称: z.name, 地址: z.address ?? '', 企业微信群聊ID: z.wecomChatId ?? '', 群机器人Key: z.robotKey ? '（已设置）' : '', 微信群名称: z.wechatyRoom ?? '' };
    await recordScreen(ctx, v, SCREENS.zones, '/admin/org/zones', v.role === 'office' ? { ...values, 群机器人Key: '' } : values);
  });
  router.get('/org/schools/:id/edit', session, async (ctx) => {
    const v = viewerFrom(ctx);
    const s = await schoolFor(db, v, id(ctx.params.id));
    await recordScreen(ctx, v, SCREENS.schools, '/admin/org/schools', {
      学校名称: s.name, 简称: s.aliases.join('、'), 类型: s.type, 所属责任区: s.zone, 地址: s.address ?? '', 在校生数: s.enrolment == null ? '' : String(s.enrolment),
    });
  });
  router.get('/org/people/:id', session, async (ctx) => {
    const v = viewerFrom(ctx);
    const p = await personFor(db, v, id(ctx.params.id));
    const zone = p.zoneId ? (await zonesFor(db, { ...v, role: 'office' })).find((z) => z.id === p.zoneId)?.name ?? '' : '';
    const school = p.schoolId ? (await schoolFor(db, { ...v, role: 'office' }, p.schoolId)).name : '';
    await recordScreen(ctx, v, SCREENS.people, '/admin/org/people', {
      姓名: p.name, 手机: p.mobile, 角色: p.roles.map((r) => ROLE_LABELS[r]).join('、'), 所属责任区: zone, 所属学校: school,
      企业微信账号: p.wecomUserId ?? '', 公众号OpenID: p.wechatOpenId ?? '', 个人微信: p.wechatyContact ?? '',
    });
  });
  router.get('/org/assignments/:id', session, async (ctx) => {
    const v = viewerFrom(ctx);
    const a = await assignmentFor(db, v, id(ctx.params.id));
    await recordScreen(ctx, v, SCREENS.assignments, '/admin/org/assignments', {
      督学手机: a.mobile, 督学姓名: a.supervisor, 学校名称: a.school, 开始日期: a.startsOn, 结束日期: a.endsOn ?? '', 原因: a.reason ?? '',
    });
  });

  async function recordScreen(ctx: Context, v: Viewer, screen: SheetScreen, back: string, values: Record<string, string>) {
    if (v.role !== 'office') {
      const facts = Object.entries(values).filter(([, val]) => val).map(([k, val]) => `<dt>${escape(k)}</dt><dd>${escape(val)}</dd>`).join('');
      html(ctx, orgPage(v, screen.tab, screen.sheet, `<div class="card"><dl class="facts">${facts}</dl></div><p><a href="${back}">返回</a></p>`));
      return;
    }
    await showForm(ctx, v, screen, { values, editing: true, action: screen.list });
  }

  async function showForm(ctx: Context, v: Viewer, screen: SheetScreen, f: { values: Record<string, string>; editing: boolean; action: string; problems?: Record<string, string>; general?: string[] }) {
    const title = f.editing ? orgFormText.editTitle(screen.sheet) : orgFormText.newTitle(screen.sheet);
    const form = rowForm({
      title, action: f.action, columns: SHEETS[screen.sheet].columns, keyColumns: screen.keyColumns, editing: f.editing, values: f.values,
      problems: f.problems ?? {}, general: f.general ?? [], forms: await screen.forms(db, v), back: screen.list,
    });
    html(ctx, orgPage(v, screen.tab, title, form));
  }
}

/** Query values that prefill a new record (e.g. 学校名称 from the school page's 新建挂牌 link). */
function prefill(screen: SheetScreen, ctx: Context): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of columnsOf(screen.sheet)) {
    const val = ctx.query[h];
    if (typeof val === 'string' && val.length <= 200) out[h] = val;
  }
  return out;
}

function html(ctx: Context, body: string) {
  ctx.type = 'html';
  ctx.body = body;
}

const ok = (ctx: Context) => {
  const text = doneText(ctx.query.done);
  return text ? { kind: 'ok' as const, text } : undefined;
};

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function searchText(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim().slice(0, 50) : undefined;
}

export function id(v: unknown): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 2_147_483_647) throw new DudaoError('not_found', `「${String(v).slice(0, 20)}」不是有效的编号`);
  return n;
}

function optionalId(v: unknown): number | undefined {
  if (v === undefined || v === '') return undefined;
  return id(v);
}
