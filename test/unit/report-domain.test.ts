import { refusal, statusAfterEdit } from '../../src/domain/report-lifecycle.ts';
import { imageIdsIn, sanitizeReportHtml, withImageUrls } from '../../src/domain/report-html.ts';
import { parsePeriod, previousMonth, quarterEndingWith } from '../../src/domain/report-period.ts';

const office = { roles: ['office_admin'] as const, zoneId: null };
const supervisor = { roles: ['supervisor'] as const, zoneId: 1 };
const leader = { roles: ['zone_leader', 'supervisor'] as const, zoneId: 1 };

describe('who may move a report', () => {
  const visit = (status: any) => ({ kind: 'visit' as const, status, zoneId: 1 });
  it('lets supervisors draft and submit, and only the office approve, publish and withdraw', () => {
    expect(refusal('submit', visit('draft'), supervisor)).toBeNull();
    expect(refusal('approve', visit('submitted'), supervisor)).toEqual({ reason: 'role', need: ['office_admin'] });
    expect(refusal('approve', visit('submitted'), leader)).toEqual({ reason: 'role', need: ['office_admin'] });
    expect(refusal('publish', visit('approved'), supervisor)).toMatchObject({ reason: 'role' });
    expect(refusal('approve', visit('draft'), office)).toBeNull();
    expect(refusal('publish', visit('approved'), office)).toBeNull();
    expect(refusal('publish', visit('publish_failed'), office)).toBeNull();
    expect(refusal('withdraw', visit('published'), office)).toBeNull();
  });
  it('refuses approval with open flags, and steps from the wrong state', () => {
    expect(refusal('approve', visit('submitted'), office, 2)).toEqual({ reason: 'open_flags', count: 2 });
    expect(refusal('publish', visit('draft'), office)).toEqual({ reason: 'state', status: 'draft' });
    expect(refusal('withdraw', visit('approved'), office)).toEqual({ reason: 'state', status: 'approved' });
    expect(refusal('edit', visit('published'), office)).toEqual({ reason: 'state', status: 'published' });
    expect(refusal('edit', visit('publishing'), office)).toEqual({ reason: 'state', status: 'publishing' });
    expect(statusAfterEdit('approved')).toBe('submitted');
    expect(statusAfterEdit('publish_failed')).toBe('submitted');
    expect(statusAfterEdit('draft')).toBe('draft');
    expect(refusal('zone_approve', visit('submitted'), leader)).toEqual({ reason: 'state', status: 'submitted' });
  });
  it('sends a recommendation through its own zone leader first', () => {
    const rec = (status: any) => ({ kind: 'exemplary' as const, status, zoneId: 1 });
    expect(refusal('approve', rec('submitted'), office)).toEqual({ reason: 'state', status: 'submitted' });
    expect(refusal('zone_approve', rec('submitted'), { roles: ['zone_leader'], zoneId: 2 })).toEqual({ reason: 'zone' });
    expect(refusal('zone_approve', rec('submitted'), leader)).toBeNull();
    expect(refusal('approve', rec('zone_approved'), office)).toBeNull();
  });
});

describe('report HTML from the office editor', () => {
  it('keeps the allowed tags and inline styles and drops scripts, handlers, foreign images and url()', () => {
    const dirty = '<p style="color:red" onclick="x()">好<script>alert(1)</script></p><img src="https://evil/x.png"><img src="report-image:3" alt="图">'
      + '<a href="javascript:alert(1)">链接</a><div style="background:url(x)">块</div><iframe src="x"></iframe><b>未闭合';
    expect(sanitizeReportHtml(dirty)).toBe('<p style="color:red">好</p><img src="report-image:3" alt="图"><a>链接</a><div>块</div><b>未闭合</b>');
    expect(sanitizeReportHtml('a < b & c')).toBe('a &lt; b &amp; c');
  });
  it('finds and replaces report images', () => {
    const html = '<p><img src="report-image:3" alt="a"><img src="report-image:4" alt="b"></p>';
    expect(imageIdsIn(html)).toEqual([3, 4]);
    expect(withImageUrls(html, (id) => (id === 3 ? 'http://mmbiz.qpic.cn/x' : null))).toBe('<p><img src="http://mmbiz.qpic.cn/x" alt="a"></p>');
  });
});

describe('report periods', () => {
  it('reads months and quarters as Shanghai days and instants', () => {
    expect(parsePeriod('2026-05')).toMatchObject({ firstDay: '2026-05-01', lastDay: '2026-05-31', months: ['2026-05'] });
    expect(parsePeriod('2026-05')!.from.toISOString()).toBe('2026-04-30T16:00:00.000Z');
    expect(parsePeriod('2026-Q4')).toMatchObject({ firstDay: '2026-10-01', lastDay: '2026-12-31', months: ['2026-10', '2026-11', '2026-12'] });
    expect(parsePeriod('2026-Q4')!.to.toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(parsePeriod('2026-02')!.lastDay).toBe('2026-02-28');
    for (const bad of ['2026-13', '2026-5', '2026-Q5', 'x']) expect(parsePeriod(bad)).toBeNull();
    expect(previousMonth('2026-01-01')).toBe('2025-12');
    expect(quarterEndingWith('2026-06')).toBe('2026-Q2');
    expect(quarterEndingWith('2026-05')).toBeNull();
  });
});
