/**
 * The redaction detector on the corpus, in plain text and inside HTML. Prints recall and false positives (the
 * figures in README.md) and holds them to a floor. A flag counts as found when it has the expected kind and
 * overlaps the expected text; any other flag is a false positive.
 */
import { detectInHtml, detectInText, type RedactionFlag } from '../../src/domain/redaction.ts';
import { CORPUS, CORPUS_ALLOW, type CorpusCase } from '../fixtures/redaction-corpus.ts';
import { esc } from '../../templates/html.ts';

interface Score { expected: number; found: number; falsePositives: number; cleanCases: number; cleanFlagged: number; misses: string[]; extras: string[] }

function score(run: (c: CorpusCase) => { flags: RedactionFlag[]; spanOf: (text: string) => [number, number] }): Score {
  const s: Score = { expected: 0, found: 0, falsePositives: 0, cleanCases: 0, cleanFlagged: 0, misses: [], extras: [] };
  for (const c of CORPUS) {
    const { flags, spanOf } = run(c);
    const used = new Set<RedactionFlag>();
    for (const e of c.expect) {
      s.expected++;
      const [start, end] = spanOf(e.text);
      const hit = flags.find((f) => !used.has(f) && f.kind === e.kind && f.start < end && f.end > start);
      if (hit) { s.found++; used.add(hit); } else s.misses.push(`${e.kind} ${e.text} in ${c.text}`);
    }
    const extra = flags.filter((f) => !used.has(f));
    s.falsePositives += extra.length;
    for (const f of extra) s.extras.push(`${f.kind} ${f.text} in ${c.text}`);
    if (c.expect.length === 0) { s.cleanCases++; if (flags.length) s.cleanFlagged++; }
  }
  return s;
}

/** The same sentence as an HTML paragraph: escaped, each expected text wrapped in <strong>, a style attribute. */
function asHtml(c: CorpusCase): string {
  let html = esc(c.text);
  for (const e of c.expect) html = html.replace(esc(e.text), `<strong style="color:#c00">${esc(e.text)}</strong>`);
  return `<section style="padding:8px"><p style="margin:0 0 8px">${html}</p></section>`;
}

const report = (label: string, s: Score) =>
  `${label}: recall ${s.found}/${s.expected} = ${(100 * s.found / s.expected).toFixed(1)}%, `
  + `false positives ${s.falsePositives} (clean sentences flagged ${s.cleanFlagged}/${s.cleanCases})`;

describe('the redaction corpus', () => {
  const plain = score((c) => ({
    flags: detectInText(c.text, CORPUS_ALLOW),
    spanOf: (t) => { const at = c.text.indexOf(t); return [at, at + t.length]; },
  }));
  const html = score((c) => {
    const source = asHtml(c);
    return {
      flags: detectInHtml(source, CORPUS_ALLOW),
      spanOf: (t) => { const at = source.indexOf(esc(t)); return [at, at + esc(t).length]; },
    };
  });

  it('prints recall and false positives', () => {
    console.log([report('plain text', plain), report('inside HTML', html),
      ...plain.misses.map((m) => `  missed: ${m}`), ...plain.extras.map((m) => `  extra: ${m}`)].join('\n'));
    expect(plain.expected).toBeGreaterThan(50);
    expect(plain.found / plain.expected).toBeGreaterThanOrEqual(0.9);
    expect(plain.cleanFlagged).toBeLessThanOrEqual(2);
    expect(html.found).toBe(plain.found);
    expect(html.falsePositives).toBe(plain.falsePositives);
  });

  it('gives HTML offsets that cover the matched text in the source', () => {
    const source = '<p>学生<b>张</b>小明的家长电话&nbsp;13912345678。</p><p>督学王建国</p>';
    const flags = detectInHtml(source, CORPUS_ALLOW);
    expect(flags.map((f) => [f.kind, f.text])).toEqual([['person_name', '张小明'], ['mobile', '13912345678']]);
    expect(source.slice(flags[0].start, flags[0].end)).toBe('张</b>小明');
    expect(source.slice(flags[1].start, flags[1].end)).toBe('13912345678');
  });

  it('reads an image\'s alt text too', () => {
    const source = '<p><img src="report-image:3" alt="学生刘一一在做实验"></p>';
    const [flag] = detectInHtml(source);
    expect(flag).toMatchObject({ kind: 'person_name', text: '刘一一' });
    expect(source.slice(flag.start, flag.end)).toBe('刘一一');
  });

  it('finds each kind with its offsets in plain text', () => {
    const text = '学生李华（学籍号G500104201005123457），家住翠柏路88号3栋2单元501室，邮箱lh@qq.com。';
    const flags = detectInText(text);
    expect(flags.map((f) => f.kind)).toEqual(['person_name', 'student_number', 'address', 'email']);
    for (const f of flags) expect(text.slice(f.start, f.end)).toBe(f.text);
  });

  it('does not flag what the office made public, and flags it when it is not', () => {
    const text = '督学王建国老师的电话023-68830000。';
    expect(detectInText(text, CORPUS_ALLOW)).toEqual([]);
    expect(detectInText(text).map((f) => [f.kind, f.text])).toEqual([['person_name', '王建国'], ['landline', '023-68830000']]);
  });
});
