/** Reading the values an office types into its sheets: mobiles, dates, lists, roles, counts. Pure functions. */
import { ROLES, SCHOOL_TYPES, type Role } from '../db/schema/org.ts';
import type { ImportProblem } from './import-problems.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: ImportProblem };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (problem: ImportProblem): Parsed<never> => ({ ok: false, problem });

/** 11-digit mainland mobile; spaces, dashes and a +86 prefix are tolerated. */
export function parseMobile(text: string): Parsed<string> {
  const digits = text.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? ok(digits) : fail({ kind: 'bad_mobile', value: text });
}

/** 2025-09-01, 2025/9/1, 2025.9.1 or 2025年9月1日 → 2025-09-01. */
export function parseDay(text: string): Parsed<string> {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text.trim());
  if (m) {
    const day = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
    const d = new Date(`${day}T00:00:00Z`);
    if (!Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day) return ok(day);
  }
  return fail({ kind: 'bad_day', value: text });
}

export function parseCount(text: string): Parsed<number> {
  return /^\d{1,7}$/.test(text.trim()) ? ok(Number(text.trim())) : fail({ kind: 'bad_count', value: text });
}

/** A cell holding several values: 实验小学、实小 or 实验小学,实小. Duplicates and blanks are dropped. */
export function splitList(text: string): string[] {
  return [...new Set(text.split(/[、,，;；]/).map((s) => s.trim()).filter(Boolean))];
}

export const ROLE_LABELS: Record<Role, string> = {
  office_admin: '督导室管理员',
  zone_leader: '责任区组长',
  supervisor: '责任督学',
  school_contact: '学校联系人',
};

const ROLE_SYNONYMS: Record<string, Role> = { 管理员: 'office_admin', 组长: 'zone_leader', 督学: 'supervisor', 联系人: 'school_contact' };

/** 责任督学、责任区组长 → ['supervisor', 'zone_leader']. */
export function parseRoles(text: string): Parsed<Role[]> {
  const roles: Role[] = [];
  for (const label of splitList(text)) {
    const role = ROLES.find((r) => ROLE_LABELS[r] === label) ?? ROLE_SYNONYMS[label];
    if (!role) return fail({ kind: 'unknown_role', value: label, allowed: Object.values(ROLE_LABELS) });
    if (!roles.includes(role)) roles.push(role);
  }
  return roles.length ? ok(roles) : fail({ kind: 'required' });
}

export type SchoolType = (typeof SCHOOL_TYPES)[number];

export function parseSchoolType(text: string): Parsed<SchoolType> {
  const t = SCHOOL_TYPES.find((s) => s === text.trim());
  return t ? ok(t) : fail({ kind: 'unknown_school_type', value: text, allowed: SCHOOL_TYPES });
}
