import { parseDay, parseMobile, parseRoles, parseSchoolType, splitList } from '../../src/domain/import-cells.ts';

describe('reading the cells of an office list', () => {
  it('reads mobiles with spaces, dashes or +86 and refuses anything that is not 11 digits', () => {
    expect(parseMobile('139 0830 1001')).toEqual({ ok: true, value: '13908301001' });
    expect(parseMobile('+86-13908301001')).toEqual({ ok: true, value: '13908301001' });
    expect(parseMobile('023-68830000')).toEqual({ ok: false, problem: { kind: 'bad_mobile', value: '023-68830000' } });
  });

  it('reads dates written the usual Chinese ways and refuses impossible ones', () => {
    for (const s of ['2024-09-01', '2024/9/1', '2024.9.1', '2024年9月1日']) expect(parseDay(s)).toEqual({ ok: true, value: '2024-09-01' });
    expect(parseDay('2025-02-30').ok).toBe(false);
    expect(parseDay('九月一日').ok).toBe(false);
  });

  it('splits aliases on 、 and commas, dropping blanks and repeats', () => {
    expect(splitList('实验小学、实小, 实验小学，')).toEqual(['实验小学', '实小']);
  });

  it('reads several roles separated by 、 and names the allowed ones when a role is unknown', () => {
    expect(parseRoles('责任督学、责任区组长')).toEqual({ ok: true, value: ['supervisor', 'zone_leader'] });
    expect(parseRoles('校长')).toEqual({ ok: false, problem: { kind: 'unknown_role', value: '校长', allowed: ['督导室管理员', '责任区组长', '责任督学', '学校联系人'] } });
  });

  it('accepts only the known school types', () => {
    expect(parseSchoolType('九年一贯制')).toEqual({ ok: true, value: '九年一贯制' });
    expect(parseSchoolType('大学').ok).toBe(false);
  });
});
