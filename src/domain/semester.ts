/**
 * Semesters as schools count them (seed 004 附件4 学期督导工作计划表): the spring semester runs February to July,
 * the autumn semester September to January. '2026-autumn' is 2026-2027学年第一学期 (2026-09 … 2027-01);
 * '2027-spring' is 2026-2027学年第二学期 (2027-02 … 2027-07).
 */
export interface Semester {
  id: string;
  /** 2026 for 2026-2027学年. */
  schoolYear: number;
  /** 1 = 第一学期 (autumn), 2 = 第二学期 (spring). */
  term: 1 | 2;
  /** The months it covers, 'YYYY-MM', in order. */
  months: string[];
  /** First day and the day after the last. */
  from: string;
  until: string;
}

const ID = /^(\d{4})-(spring|autumn)$/;
const mm = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}`;

export function parseSemester(id: string): Semester | null {
  const m = ID.exec(id);
  if (!m) return null;
  const year = Number(m[1]);
  if (m[2] === 'autumn') {
    const months = [9, 10, 11, 12].map((n) => mm(year, n)).concat(mm(year + 1, 1));
    return { id, schoolYear: year, term: 1, months, from: `${year}-09-01`, until: `${year + 1}-02-01` };
  }
  const months = [2, 3, 4, 5, 6, 7].map((n) => mm(year, n));
  return { id, schoolYear: year - 1, term: 2, months, from: `${year}-02-01`, until: `${year}-08-01` };
}

/** The semester a day ('YYYY-MM-DD') falls in; August counts towards the coming autumn semester. */
export function semesterOf(day: string): Semester {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  if (m === 1) return parseSemester(`${y - 1}-autumn`)!;
  if (m >= 2 && m <= 7) return parseSemester(`${y}-spring`)!;
  return parseSemester(`${y}-autumn`)!;
}
