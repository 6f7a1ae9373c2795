/**
 * A school from what the supervisor typed: a unique prefix or alias is enough. When several schools fit, the
 * supervisor's own schools among them are preferred; one left means no question needs asking.
 */
import { findSchools, schoolsOfSupervisor, type School } from '../../services/directory.ts';
import { today } from '../../services/visit-draft.ts';
import type { ChatContext } from '../context.ts';

export type SchoolMatch =
  | { kind: 'one'; school: School }
  | { kind: 'several'; schools: School[] }
  | { kind: 'none'; own: School[] };

export async function resolveSchool(ctx: ChatContext, query: string): Promise<SchoolMatch> {
  const [found, own] = await Promise.all([
    findSchools(ctx.db, ctx.me.officeId, query),
    schoolsOfSupervisor(ctx.db, ctx.me.id, today()),
  ]);
  if (found.length === 0) return { kind: 'none', own };
  if (found.length === 1) return { kind: 'one', school: found[0]! };
  const mine = found.filter((s) => own.some((o) => o.id === s.id));
  if (mine.length === 1) return { kind: 'one', school: mine[0]! };
  return { kind: 'several', schools: mine.length > 1 ? mine : found };
}
