import { refusal, statusAfterEdit } from '../../src/domain/report-lifecycle.ts';
import { imageIdsIn, sanitizeReportHtml, withImageUrls } from '../../src/domain/report-html.ts';
import { parsePeriod, previousMonth, quarterEndingWith } from '../../src/domain/report-period.ts';
import { withoutMetadata } from '../../src/domain/photo-metadata.ts';

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

describe('photo metadata', () => {
  const seg = (marker: number, data: Buffer) => Buffer.concat([Buffer.from([0xff, marker]), Buffer.from([(data.length + 2) >> 8, (data.length + 2) & 0xff]), data]);
  it('drops EXIF, XMP and comments from a JPEG and keeps the rest byte for byte', () => {
    const app0 = seg(0xe0, Buffer.from('JFIF\0\x01\x02'));
    const exif = seg(0xe1, Buffer.from('Exif\0\0GPS 29.48N 106.48E'));
    const comment = seg(0xfe, Buffer.from('王老师手机拍摄'));
    const dqt = seg(0xdb, Buffer.alloc(65, 1));
    const scan = Buffer.concat([seg(0xda, Buffer.alloc(10, 2)), Buffer.from([1, 2, 3, 0xff, 0xd9])]);
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8]), app0, exif, comment, dqt, scan]);
    expect(withoutMetadata(jpeg)).toEqual(Buffer.concat([Buffer.from([0xff, 0xd8]), app0, dqt, scan]));
  });
  it('drops eXIf and text chunks from a PNG', () => {
    const chunk = (type: string, data: Buffer) => { const len = Buffer.alloc(4); len.writeUInt32BE(data.length); return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]); };
    const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const ihdr = chunk('IHDR', Buffer.alloc(13));
    const idat = chunk('IDAT', Buffer.alloc(20, 7));
    const iend = chunk('IEND', Buffer.alloc(0));
    const png = Buffer.concat([sig, ihdr, chunk('eXIf', Buffer.from('MM\0*GPS')), chunk('tEXt', Buffer.from('Author\0张三')), idat, iend]);
    expect(withoutMetadata(png)).toEqual(Buffer.concat([sig, ihdr, idat, iend]));
    expect(withoutMetadata(Buffer.from('not an image'))).toEqual(Buffer.from('not an image'));
  });
});
