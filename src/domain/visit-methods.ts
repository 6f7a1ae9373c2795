/**
 * The methods a supervisor may record for a visit (督导方式; 规程 and 附件5: 校园巡视、推门听课、查阅资料、座谈走访、
 * 问卷调查、列席会议), with the short words people type for them.
 */
export const VISIT_METHODS = ['推门听课', '查阅资料', '座谈走访', '问卷调查', '校园巡视', '列席会议'] as const;
export type VisitMethod = (typeof VISIT_METHODS)[number];

const SYNONYMS: Record<string, VisitMethod> = {
  听课: '推门听课',
  查资料: '查阅资料',
  查阅: '查阅资料',
  座谈: '座谈走访',
  走访: '座谈走访',
  问卷: '问卷调查',
  巡视: '校园巡视',
  巡查: '校园巡视',
  列席: '列席会议',
};

/** Known methods among the words (synonyms mapped, duplicates dropped), and the words that are no method. */
export function readMethods(words: string[]): { methods: VisitMethod[]; unknown: string[] } {
  const methods: VisitMethod[] = [];
  const unknown: string[] = [];
  for (const w of words) {
    const m = (VISIT_METHODS as readonly string[]).includes(w) ? (w as VisitMethod) : SYNONYMS[w];
    if (!m) unknown.push(w);
    else if (!methods.includes(m)) methods.push(m);
  }
  return { methods, unknown };
}
