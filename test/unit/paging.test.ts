import { offsetOf, paged, pageRequest } from '../../src/domain/paging.ts';
import { weekOf } from '../../src/domain/week.ts';

describe('pages of a list', () => {
  it('reads ?page= leniently and bounds it', () => {
    expect(pageRequest('3', 30)).toEqual({ page: 3, size: 30 });
    for (const raw of [undefined, '', '0', '-2', 'abc', '1e3', ['2'], '99999999']) expect(pageRequest(raw, 30).page).toBe(1);
    expect(pageRequest('99999', 30).page).toBe(10_000);
    expect(offsetOf({ page: 3, size: 30 })).toBe(60);
  });

  it('says how many pages there are, one at least', () => {
    expect(paged([], 0, { page: 1, size: 30 }).pages).toBe(1);
    expect(paged([1], 61, { page: 3, size: 30 })).toEqual({ items: [1], total: 61, page: 3, size: 30, pages: 3 });
  });
});

describe('the office week', () => {
  it('runs Monday to Sunday', () => {
    expect(weekOf('2026-12-01')).toEqual({ from: '2026-11-30', to: '2026-12-06' }); // a Tuesday
    expect(weekOf('2026-11-30')).toEqual({ from: '2026-11-30', to: '2026-12-06' }); // the Monday
    expect(weekOf('2026-12-06')).toEqual({ from: '2026-11-30', to: '2026-12-06' }); // the Sunday
    expect(weekOf('2027-01-01')).toEqual({ from: '2026-12-28', to: '2027-01-03' });
  });
});
