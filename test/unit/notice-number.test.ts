import { formatNoticeNumber, parseNoticeSeq } from '../../src/domain/notice-number.ts';

describe('notice numbers', () => {
  it('formats the default layout as 渡督整〔2026〕12号', () => {
    expect(formatNoticeNumber('{prefix}〔{year}〕{seq}号', { prefix: '渡督整', year: 2026, seq: 12 })).toBe('渡督整〔2026〕12号');
  });

  it('follows an office-specific layout', () => {
    expect(formatNoticeNumber('清督整字[{year}]第{seq}号', { prefix: '清督', year: 2025, seq: 3 })).toBe('清督整字[2025]第3号');
  });

  it('falls back to the default layout when the configured one has no sequence number', () => {
    expect(formatNoticeNumber('', { prefix: '渡督整', year: 2026, seq: 1 })).toBe('渡督整〔2026〕1号');
    expect(formatNoticeNumber('{prefix}{year}', { prefix: '渡督整', year: 2026, seq: 1 })).toBe('渡督整〔2026〕1号');
  });

  it('reads the short number a school contact types in a reply', () => {
    expect(parseNoticeSeq('已整改 12号 已补齐留样记录')).toBe(12);
    expect(parseNoticeSeq('已整改 第3号')).toBe(3);
    expect(parseNoticeSeq('已整改 留样记录已补齐')).toBeNull();
  });
});
