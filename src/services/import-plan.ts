/**
 * The checks of an import that need what is already stored: which office, unknown zones and schools, who a
 * 挂牌 row means, channel ids held by someone else, aliases that clash, and the supervisor quota. Reads only.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { inChunks } from '../db/in-chunks.ts';
import type { DbOrTx } from '../db/client.ts';
import { assignments, offices, people, schools, zones, type Role } from '../db/schema/index.ts';
import { admitAssignment, type HeldSchool } from '../domain/quota.ts';
import type { Located, ParsedFile } from '../domain/import-rows.ts';
import type { Office } from './org.ts';

export interface Target {
  /** The office of the logged-in admin (API), or one named with --office (CLI). */
  officeId?: number;
  officeName?: string;
}

export interface Plan {
  /** Undefined until the office is created from the 督导室 sheet. */
  office?: Office;
  /** How a 挂牌 row's supervisor was resolved: the row's mobile key. */
  supervisorMobile: Map<number, string>;
  errors: Located[];
}

interface Known { name: string; roles?: Role[] }

export async function planImport(tx: DbOrTx, file: ParsedFile, target: Target): Promise<Plan> {
  const errors: Located[] = [];
  const office = await resolveOffice(tx, file, target, errors);
  const officeId = office?.id ?? -1;

  const dbZones = await tx.select().from(zones).where(eq(zones.officeId, officeId));
  const dbSchools = await tx.select().from(schools).where(eq(schools.officeId, officeId));
  const dbPeople = await tx.select().from(people).where(eq(people.officeId, officeId));
  const zoneNames = new Set([...dbZones.map((z) => z.name), ...file.zones.map((z) => z.name)]);
  const schoolNames = new Set([...dbSchools.map((s) => s.name), ...file.schools.map((s) => s.name)]);

  // Schools: their zone exists; no alias means two schools.
  const owner = new Map<string, string>();
  const fileSchoolNames = new Set(file.schools.map((f) => f.name));
  for (const s of dbSchools.filter((s) => !fileSchoolNames.has(s.name))) {
    for (const n of [s.name, ...s.aliases]) owner.set(n, s.name);
  }
  for (const s of file.schools) owner.set(s.name, s.name);
  for (const s of file.schools) {
    if (s.zone && !zoneNames.has(s.zone) && !file.broken.has('责任区')) errors.push({ sheet: '学校', row: s.row, column: '所属责任区', problem: { kind: 'unknown_zone', value: s.zone } });
    for (const alias of s.aliases ?? []) {
      const held = owner.get(alias);
      if (held && held !== s.name) errors.push({ sheet: '学校', row: s.row, column: '简称', problem: { kind: 'alias_taken', value: alias, school: held } });
      else owner.set(alias, s.name);
    }
  }

  // People: their zone and school exist; a WeCom userid or openid belongs to one person.
  const channelIds = (k: 'wecomUserId' | 'wechatOpenId') => file.people.map((p) => p[k]).filter((v): v is string => !!v);
  const [wecomIds, openIds] = [channelIds('wecomUserId'), channelIds('wechatOpenId')];
  // Who holds each id now, looked up in chunks (a long IN list would pass PostgreSQL's parameter limit).
  const holderOf = {
    wecomUserId: new Map((await inChunks(wecomIds, (ids) => tx.select().from(people).where(inArray(people.wecomUserId, ids)))).map((h) => [h.wecomUserId!, h])),
    wechatOpenId: new Map((await inChunks(openIds, (ids) => tx.select().from(people).where(inArray(people.wechatOpenId, ids)))).map((h) => [h.wechatOpenId!, h])),
  };
  const fileByMobile = new Map(file.people.filter((f) => f.mobile).map((f) => [f.mobile, f]));
  for (const p of file.people) {
    if (p.zone && !zoneNames.has(p.zone) && !file.broken.has('责任区')) errors.push({ sheet: '人员', row: p.row, column: '所属责任区', problem: { kind: 'unknown_zone', value: p.zone } });
    if (p.school && !schoolNames.has(p.school) && !file.broken.has('学校')) errors.push({ sheet: '人员', row: p.row, column: '所属学校', problem: { kind: 'unknown_school', value: p.school } });
    for (const [key, column] of [['wecomUserId', '企业微信账号'], ['wechatOpenId', '公众号OpenID']] as const) {
      if (!p[key] || !p.mobile) continue;
      const held = holderOf[key].get(p[key]!);
      const holder = held && !(held.officeId === officeId && held.mobile === p.mobile) ? held : undefined;
      const next = holder && holder.officeId === officeId ? fileByMobile.get(holder.mobile) : undefined;
      const moving = !!next && !!next[key] && next[key] !== p[key];
      if (holder && !moving) errors.push({ sheet: '人员', row: p.row, column, problem: { kind: 'identity_taken', value: p[key]!, holder: holder.name } });
    }
  }

  // 挂牌: resolve the supervisor, then the quota, row by row in file order.
  const known = new Map<string, Known>(dbPeople.map((p) => [p.mobile, { name: p.name, roles: p.roles }]));
  // A person row with a bad role cell is still known, with roles undefined, so its 挂牌 rows raise no echo errors.
  for (const p of file.people) if (p.mobile) known.set(p.mobile, { name: p.name, roles: p.roles });
  const supervisorMobile = new Map<number, string>();
  const schoolKey = keyer();
  const held = await heldByMobile(tx, officeId, schoolKey);
  const max = file.office?.maxSchoolsPerSupervisor ?? office?.maxSchoolsPerSupervisor ?? 5;
  for (const a of file.assignments) {
    const at = (column: string, problem: Located['problem']) => errors.push({ sheet: '挂牌', row: a.row, column, problem });
    if (!a.mobile && !a.name) continue;
    const mobile = a.mobile ?? findByName(known, a.name!, at);
    if (!mobile) continue;
    const person = known.get(mobile);
    if (!person) { if (!file.broken.has('人员')) at('督学手机', { kind: 'unknown_person', value: a.mobile! }); continue; }
    if (!person.roles) continue;
    if (!person.roles.includes('supervisor')) { at(a.mobile ? '督学手机' : '督学姓名', { kind: 'not_supervisor', name: person.name }); continue; }
    if (!a.school || !schoolNames.has(a.school)) { if (a.school && !file.broken.has('学校')) at('学校名称', { kind: 'unknown_school', value: a.school }); continue; }
    if (a.bad || !a.startsOn) continue;
    supervisorMobile.set(a.row, mobile);
    const list = held.get(mobile) ?? [];
    const same = list.find((h) => h.school === a.school && h.startsOn === a.startsOn);
    const others = list.filter((h) => h !== same);
    const candidate = { schoolId: schoolKey(a.school), school: a.school, startsOn: a.startsOn, endsOn: a.endsOn ?? same?.endsOn ?? null };
    const admission = admitAssignment(others, candidate, max);
    if (!admission.ok && admission.reason === 'already_assigned') {
      at('学校名称', { kind: 'already_assigned', supervisor: person.name, school: a.school, since: admission.since });
    } else if (!admission.ok) {
      at('学校名称', { kind: 'quota', supervisor: person.name, school: a.school, max: admission.max, day: admission.day, schools: admission.concurrent.map((c) => c.school) });
    } else held.set(mobile, [...others, candidate]);
  }
  return { office, supervisorMobile, errors };
}

async function resolveOffice(tx: DbOrTx, file: ParsedFile, target: Target, errors: Located[]): Promise<Office | undefined> {
  const byId = target.officeId !== undefined ? (await tx.select().from(offices).where(eq(offices.id, target.officeId)))[0] : undefined;
  const wanted = byId?.name ?? target.officeName;
  const named = file.office?.name;
  if (wanted && named && wanted !== named) {
    errors.push({ sheet: '督导室', row: file.office!.row, column: '名称', problem: { kind: 'office_mismatch', value: named, office: wanted } });
    return byId;
  }
  if (byId) return byId;
  const name = wanted ?? named;
  const [found] = name ? await tx.select().from(offices).where(eq(offices.name, name)) : [];
  if (!found && !file.office && !file.broken.has('督导室')) errors.push({ sheet: '督导室', problem: { kind: 'office_unknown' } });
  return found;
}

function findByName(known: Map<string, Known>, name: string, at: (column: string, p: Located['problem']) => void): string | undefined {
  const matches = supervisorsByName(known).get(name) ?? [];
  if (matches.length === 1) return matches[0];
  if (matches.length === 0) at('督学姓名', { kind: 'unknown_person', value: name });
  else at('督学姓名', { kind: 'ambiguous_person', value: name, count: matches.length });
  return undefined;
}

const nameIndexes = new WeakMap<Map<string, Known>, Map<string, string[]>>();

/** Mobiles of the people who may be supervisors, by name; built once per plan (a file may name thousands). */
function supervisorsByName(known: Map<string, Known>): Map<string, string[]> {
  let index = nameIndexes.get(known);
  if (!index) {
    index = new Map();
    for (const [mobile, p] of known) if (!p.roles || p.roles.includes('supervisor')) index.set(p.name, [...(index.get(p.name) ?? []), mobile]);
    nameIndexes.set(known, index);
  }
  return index;
}

type Held = HeldSchool & { school: string };

async function heldByMobile(tx: DbOrTx, officeId: number, schoolKey: (name: string) => number): Promise<Map<string, Held[]>> {
  const rows = await tx
    .select({ mobile: people.mobile, school: schools.name, startsOn: assignments.startsOn, endsOn: assignments.endsOn })
    .from(assignments)
    .innerJoin(people, eq(people.id, assignments.supervisorId))
    .innerJoin(schools, eq(schools.id, assignments.schoolId))
    .where(and(eq(people.officeId, officeId)));
  const map = new Map<string, Held[]>();
  for (const r of rows) map.set(r.mobile, [...(map.get(r.mobile) ?? []), { schoolId: schoolKey(r.school), school: r.school, startsOn: r.startsOn, endsOn: r.endsOn }]);
  return map;
}

/** Numbers for names, so schools not yet stored can be compared like stored ones. */
function keyer() {
  const keys = new Map<string, number>();
  return (name: string) => keys.get(name) ?? (keys.set(name, keys.size + 1), keys.size);
}
