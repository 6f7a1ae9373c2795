import { admitAssignment, checkQuota, isActiveOn } from '../../src/domain/quota.ts';

const open = (schoolId: number, startsOn = '2024-09-01', endsOn: string | null = null) => ({ schoolId, startsOn, endsOn });

describe('the supervisor school quota (domain.md T1)', () => {
  it('counts an assignment as active from its first day through its last day, and open-ended without an end', () => {
    expect(isActiveOn(open(1, '2024-09-01', '2025-08-31'), '2024-09-01')).toBe(true);
    expect(isActiveOn(open(1, '2024-09-01', '2025-08-31'), '2025-08-31')).toBe(true);
    expect(isActiveOn(open(1, '2024-09-01', '2025-08-31'), '2025-09-01')).toBe(false);
    expect(isActiveOn(open(1, '2024-09-01'), '2024-08-31')).toBe(false);
    expect(isActiveOn(open(1, '2024-09-01'), '2030-01-01')).toBe(true);
  });

  it('accepts a fifth school and says the supervisor is now at the limit', () => {
    const held = [1, 2, 3, 4].map((id) => open(id));
    expect(checkQuota(held, open(5), 5)).toEqual({ ok: true, load: 5, max: 5, atLimit: true });
  });

  it('refuses a sixth school and names the five already held on the busiest day', () => {
    const held = [1, 2, 3, 4, 5].map((id) => open(id));
    const result = checkQuota(held, open(6, '2025-03-01'), 5);
    expect(result).toMatchObject({ ok: false, max: 5, day: '2025-03-01' });
    expect(!result.ok && result.concurrent.map((c) => c.schoolId)).toEqual([1, 2, 3, 4, 5]);
  });

  it('does not count assignments that ended before the new one starts', () => {
    const held = [open(1, '2021-09-01', '2024-08-31'), ...[2, 3, 4, 5].map((id) => open(id))];
    expect(checkQuota(held, open(6, '2024-09-01'), 5)).toMatchObject({ ok: true, load: 5 });
  });

  it('refuses a school that starts now when five others start later during its span', () => {
    const held = [1, 2, 3, 4, 5].map((id) => open(id, '2026-09-01'));
    expect(checkQuota(held, open(6, '2025-09-01'), 5)).toMatchObject({ ok: false, day: '2026-09-01' });
    expect(checkQuota(held, open(6, '2025-09-01', '2026-08-31'), 5)).toMatchObject({ ok: true, load: 1 });
  });

  it('follows the office setting: with a limit of 6 the sixth school is accepted', () => {
    const held = [1, 2, 3, 4, 5].map((id) => open(id));
    expect(checkQuota(held, open(6), 6)).toMatchObject({ ok: true, load: 6, atLimit: true });
  });

  it('refuses the same school twice in overlapping spans, but allows it again after the first span ended', () => {
    expect(admitAssignment([open(1, '2024-09-01')], open(1, '2025-03-01'), 5)).toEqual({ ok: false, reason: 'already_assigned', since: '2024-09-01' });
    expect(admitAssignment([open(1, '2021-09-01', '2024-08-31')], open(1, '2025-03-01'), 5)).toMatchObject({ ok: true });
  });
});
