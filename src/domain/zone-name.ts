/**
 * Zones as people type them: the full name (第一督学责任区) or a short form (第一责任区, 第一区, 一区). A query
 * matches a zone when it equals its name, its name without 督学 / 教育督导, or is contained in that name; only an
 * unambiguous match counts.
 */
const short = (name: string) => name.replace(/[\s\u3000]+/g, '').replace(/教育督导|督学/g, '');

export function zoneShortName(name: string): string {
  return short(name);
}

/** The zones a typed name stands for, best matches first (one = unambiguous; none = unknown). */
export function matchZones<Z extends { name: string }>(zones: Z[], query: string): Z[] {
  const q = query.replace(/[\s\u3000]+/g, '');
  if (!q) return [];
  const tests = [
    (z: Z) => z.name === q,
    (z: Z) => short(z.name) === short(q),
    (z: Z) => short(z.name).includes(short(q)) && short(q).length >= 2,
  ];
  for (const test of tests) {
    const hits = zones.filter(test);
    if (hits.length > 0) return hits;
  }
  return [];
}
