/**
 * A report's life (DESIGN.md: draft → flagged → approved → published → withdrawn) and who may move it (守则 6: the
 * office publishes; supervisors and zone leaders draft and submit). Pure: the services ask `allowed` and get the
 * reason when the answer is no.
 *
 *   draft ──submit──▶ submitted ──zone_approve (recommendations only)──▶ zone_approved
 *     │                  │                                                    │
 *     └──────────────────┴──────────────approve (office; no open flags)───────┘──▶ approved ──publish──▶ publishing
 *   publishing ──finish ok──▶ published ──withdraw──▶ withdrawn       publishing ──finish failed──▶ publish_failed
 *   publish_failed ──publish (again)──▶ publishing
 *
 * A recommendation (附件7) must pass its zone leader before the office; every other kind may be approved by the
 * office straight from draft (the compiled bulletins are the office's own drafts).
 */
import type { Role } from '../db/schema/org.ts';
import type { ReportKindValue, ReportStatusValue } from '../db/schema/reports.ts';

export type ReportKind = ReportKindValue;
export type ReportStatus = ReportStatusValue;
export type ReportStep = 'edit' | 'submit' | 'zone_approve' | 'approve' | 'publish' | 'withdraw';

export const REPORT_KINDS: ReportKind[] = ['visit', 'monthly_zone', 'monthly_district', 'quarterly', 'exemplary'];

export interface ReportActorRoles {
  roles: readonly Role[];
  /** The zone a zone leader leads. */
  zoneId: number | null;
}

export type Refusal =
  | { reason: 'role'; need: Role[] }
  | { reason: 'state'; status: ReportStatus }
  | { reason: 'zone' }
  | { reason: 'open_flags'; count: number };

const FROM: Record<ReportStep, ReportStatus[]> = {
  // Editing an approved report (or one whose publication failed) sends it back for approval.
  edit: ['draft', 'submitted', 'zone_approved', 'approved', 'publish_failed'],
  submit: ['draft'],
  zone_approve: ['submitted'],
  approve: ['draft', 'submitted', 'zone_approved'],
  publish: ['approved', 'publish_failed'],
  withdraw: ['published'],
};

const WHO: Record<ReportStep, Role[]> = {
  edit: ['office_admin', 'zone_leader', 'supervisor'],
  submit: ['office_admin', 'zone_leader', 'supervisor'],
  zone_approve: ['zone_leader'],
  approve: ['office_admin'],
  publish: ['office_admin'],
  withdraw: ['office_admin'],
};

export const NEXT: Partial<Record<ReportStep, ReportStatus>> = {
  submit: 'submitted', zone_approve: 'zone_approved', approve: 'approved', publish: 'publishing', withdraw: 'withdrawn',
};

/** Null when the step may be taken; otherwise why not. */
export function refusal(
  step: ReportStep,
  report: { kind: ReportKind; status: ReportStatus; zoneId: number | null },
  actor: ReportActorRoles,
  openFlags = 0,
): Refusal | null {
  const need = WHO[step];
  if (!need.some((r) => actor.roles.includes(r))) return { reason: 'role', need };
  let from = FROM[step];
  if (report.kind === 'exemplary' && step === 'approve') from = ['zone_approved'];
  if (report.kind !== 'exemplary' && step === 'zone_approve') return { reason: 'state', status: report.status };
  if (!from.includes(report.status)) return { reason: 'state', status: report.status };
  if (step === 'zone_approve' && report.zoneId !== null && actor.zoneId !== report.zoneId) return { reason: 'zone' };
  if (step === 'approve' && openFlags > 0) return { reason: 'open_flags', count: openFlags };
  return null;
}

/** The status after an edit: an approval no longer covers the new text. */
export function statusAfterEdit(status: ReportStatus): ReportStatus {
  return status === 'approved' || status === 'publish_failed' ? 'submitted' : status;
}

/** Published reports are the only ones the public sees. */
export const isPublic = (status: ReportStatus): boolean => status === 'published';

/** Notice statuses that count as rectified, whatever names the rectification work gives them. */
const RECTIFIED = new Set(['verified', 'closed', 'rectified', 'completed', 'done', 'accepted', 'resolved']);
export const isRectified = (status: string): boolean => RECTIFIED.has(status);
/** Statuses a notice no longer counts in at all (withdrawn by mistake). */
const VOID = new Set(['cancelled', 'canceled', 'void', 'withdrawn', 'revoked']);
export const isVoidNotice = (status: string): boolean => VOID.has(status);
