/**
 * Pages of a list: the console never loads more rows than it shows. A page number from a query string is bounded
 * before use (1…10 000); the size is fixed by the screen.
 */
export interface PageRequest {
  page: number;
  size: number;
}

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  size: number;
  pages: number;
}

export const MAX_PAGE = 10_000;

/** Reads `?page=` leniently: anything that is not a whole number from 1 to MAX_PAGE is page 1. */
export function pageRequest(raw: unknown, size: number): PageRequest {
  const n = typeof raw === 'string' && /^\d{1,5}$/.test(raw) ? Number(raw) : 1;
  return { page: Math.min(Math.max(n, 1), MAX_PAGE), size };
}

export const offsetOf = (p: PageRequest): number => (p.page - 1) * p.size;

export function paged<T>(items: T[], total: number, p: PageRequest): Paged<T> {
  return { items, total, page: p.page, size: p.size, pages: Math.max(1, Math.ceil(total / p.size)) };
}
