/**
 * The school's rating of a visit, as printed on 清远市责任区督学工作纪实表 (附件5): 非常满意/满意/基本满意/不满意.
 * The label is what we store and print; the code is what card button keys carry (ASCII, stable).
 */
export const RATINGS = ['非常满意', '满意', '基本满意', '不满意'] as const;
export type Rating = (typeof RATINGS)[number];

const CODES: Record<Rating, string> = {
  非常满意: 'very_satisfied',
  满意: 'satisfied',
  基本满意: 'fairly_satisfied',
  不满意: 'dissatisfied',
};

export const ratingCode = (r: Rating): string => CODES[r];

/** Accepts a label (满意) or a code (satisfied); null for anything else. */
export function toRating(value: string): Rating | null {
  const v = value.trim();
  if ((RATINGS as readonly string[]).includes(v)) return v as Rating;
  const hit = RATINGS.find((r) => CODES[r] === v);
  return hit ?? null;
}
