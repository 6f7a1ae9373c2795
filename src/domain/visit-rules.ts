/**
 * Rules a visit record must meet before it can be submitted (清远市责任区督学工作纪实表 说明 and conversations.md §1.4):
 * the "2+2" rule — at least two strengths (亮点) and two weaknesses (不足) — and at least one standard item ticked.
 * What is missing comes back as codes; templates/visit-missing.ts turns them into Chinese.
 */
export const MIN_STRENGTHS = 2;
export const MIN_WEAKNESSES = 2;
export const MIN_ITEMS = 1;

/** A draft untouched this long gets one reminder. */
export const STALE_DRAFT_HOURS = 12;

/** Visit types a plan may name (the first word after the date: 计划 实验小学 明天 随机督导). */
export const VISIT_TYPES = ['经常性督导', '随机督导', '明查暗访', '专项督导', '联合督导'] as const;

export const VISIT_STATUSES = ['planned', 'in_progress', 'recorded', 'cancelled'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

export type MissingCode = 'strengths' | 'weaknesses' | 'items';

export interface Missing {
  code: MissingCode;
  /** How many the rule asks for, and how many the record has. */
  need: number;
  have: number;
}

export interface RecordCounts {
  strengths: number;
  weaknesses: number;
  items: number;
}

export function missingForSubmit(c: RecordCounts): Missing[] {
  const out: Missing[] = [];
  if (c.strengths < MIN_STRENGTHS) out.push({ code: 'strengths', need: MIN_STRENGTHS, have: c.strengths });
  if (c.weaknesses < MIN_WEAKNESSES) out.push({ code: 'weaknesses', need: MIN_WEAKNESSES, have: c.weaknesses });
  if (c.items < MIN_ITEMS) out.push({ code: 'items', need: MIN_ITEMS, have: c.items });
  return out;
}

/** True when a draft last touched at `lastActivity` is stale at `now`. */
export function isStaleDraft(lastActivity: Date, now: Date): boolean {
  return now.getTime() - lastActivity.getTime() >= STALE_DRAFT_HOURS * 3600_000;
}
