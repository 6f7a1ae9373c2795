/**
 * PostgreSQL's wire protocol carries at most 65,535 parameters per statement, so `IN (…)` over a long list fails
 * (a 100k-row import did). Long lists are queried in chunks and the rows put together.
 */
export const IN_CHUNK = 10_000;

export async function inChunks<T, R>(values: readonly T[], query: (chunk: T[]) => Promise<R[]>, size = IN_CHUNK): Promise<R[]> {
  const rows: R[] = [];
  for (let i = 0; i < values.length; i += size) rows.push(...(await query(values.slice(i, i + size))));
  return rows;
}
