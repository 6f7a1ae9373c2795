/**
 * The 整改通知书 lifecycle (domain.md §2.3.2): which step may happen in which status, and who may take it. Every
 * service that changes a notice's status asks `transition` first; nothing else decides.
 *
 *   issued ─part reported─▶ rectifying ─all reported─▶ submitted ─整改到位─▶ verified ─▶ closed
 *     │                        ▲                          │
 *     │                        └────────── 退回 ───────────┘
 *     └─ deadline passes (issued / rectifying) ─▶ overdue ─ +7 days ─▶ escalated  (both may still report)
 */
import { DudaoError } from './errors.ts';
import { rectificationErrors } from '../../templates/rectification-errors.ts';

export const NOTICE_STATUSES = ['issued', 'rectifying', 'submitted', 'verified', 'closed', 'overdue', 'escalated'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

export type NoticeStep = 'report_part' | 'report_all' | 'return' | 'verify' | 'close' | 'overdue' | 'escalate';

/** Statuses in which the school still has work to do (it may report). */
export const OPEN_STATUSES: readonly NoticeStatus[] = ['issued', 'rectifying', 'overdue', 'escalated'];
/** Statuses that count as not finished for lists, nudges and the office. */
export const UNFINISHED_STATUSES: readonly NoticeStatus[] = ['issued', 'rectifying', 'submitted', 'overdue', 'escalated'];

const TABLE: Record<NoticeStep, { from: readonly NoticeStatus[]; to: (from: NoticeStatus) => NoticeStatus }> = {
  // A part of the problems reported: the school is rectifying (an overdue notice stays overdue).
  report_part: { from: OPEN_STATUSES, to: (from) => (from === 'issued' ? 'rectifying' : from) },
  report_all: { from: OPEN_STATUSES, to: () => 'submitted' },
  return: { from: ['submitted'], to: () => 'rectifying' },
  verify: { from: ['submitted'], to: () => 'verified' },
  close: { from: ['verified'], to: () => 'closed' },
  overdue: { from: ['issued', 'rectifying'], to: () => 'overdue' },
  escalate: { from: ['overdue'], to: () => 'escalated' },
};

export function canTake(status: NoticeStatus, step: NoticeStep): boolean {
  return TABLE[step].from.includes(status);
}

/** The status after the step, or a DudaoError('invalid_state') saying why it cannot be taken now. */
export function transition(status: NoticeStatus, step: NoticeStep, number: string): NoticeStatus {
  if (!canTake(status, step)) throw new DudaoError('invalid_state', rectificationErrors.cannot(step, status, number));
  return TABLE[step].to(status);
}

/** Who may 整改到位 / 退回 / 需回访: the school's supervisor, the leader of its zone, the office. */
export type Reviewer = 'supervisor' | 'zone_leader' | 'office_admin';

export interface ReviewerFacts {
  roles: readonly string[];
  officeId: number;
  zoneId: number | null;
  /** Is the person the notice's supervisor or assigned (挂牌) to its school today? */
  supervisesSchool: boolean;
}

export function reviewerRole(p: ReviewerFacts, notice: { officeId: number; zoneId: number }): Reviewer | null {
  if (p.officeId !== notice.officeId) return null;
  if (p.roles.includes('supervisor') && p.supervisesSchool) return 'supervisor';
  if (p.roles.includes('zone_leader') && p.zoneId === notice.zoneId) return 'zone_leader';
  if (p.roles.includes('office_admin')) return 'office_admin';
  return null;
}

/**
 * 需整改内容 split into problems: numbered points (1. 1、 (1) ① …) or lines; one problem when there is no
 * numbering. "1.食堂留样记录不全；2.消防通道堆放杂物" → two problems.
 */
export function splitProblems(text: string): string[] {
  const marker = /(?:^|[\s；;。，,])\s*(?:\(?[0-9０-９]{1,2}[)）.．、]|[（(][0-9０-９一二三四五六七八九十]{1,2}[)）]|[①②③④⑤⑥⑦⑧⑨⑩])\s*/gu;
  const starts: { at: number; body: number }[] = [];
  for (const m of text.matchAll(marker)) starts.push({ at: m.index!, body: m.index! + m[0].length });
  let parts: string[];
  if (starts.length >= 2) {
    parts = starts.map((s, i) => text.slice(s.body, i + 1 < starts.length ? starts[i + 1].at : undefined));
  } else {
    parts = text.split(/\r?\n/);
  }
  const clean = parts.map((p) => p.replace(/^[\s；;。，,]+|[\s；;，,]+$/g, '').trim()).filter((p) => p.length > 0);
  return clean.length > 0 ? clean : [text.trim()];
}
