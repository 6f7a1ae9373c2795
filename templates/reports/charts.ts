/**
 * Charts for reports, as SVG (rendered to PNG on the server: the official account's editor takes no scripts and no
 * SVG). Text uses the font the server has, 'WenQuanYi Micro Hei'. Each function returns a whole SVG document.
 */
import { esc } from '../html.ts';

export interface Bar {
  label: string;
  value: number;
}

const FONT = "WenQuanYi Micro Hei";
/** Sized for a phone: the article shows it about 340 px wide, so text is drawn large. */
const W = 640;

/** A horizontal bar chart; `target` draws a dashed line (e.g. the visit quota). */
export function barChart(opts: { title: string; bars: Bar[]; unit: string; target?: { value: number; label: string } }): string {
  const rowH = 46;
  const top = 66;
  const left = 270;
  const right = 84;
  const h = top + Math.max(1, opts.bars.length) * rowH + 40;
  const max = Math.max(1, opts.target?.value ?? 0, ...opts.bars.map((b) => b.value));
  const x = (v: number) => left + ((W - left - right) * v) / max;
  const rows = opts.bars.map((b, i) => {
    const y = top + i * rowH;
    const below = opts.target !== undefined && b.value < opts.target.value;
    return `<text x="${left - 12}" y="${y + 30}" font-size="22" text-anchor="end" fill="#333">${esc(truncate(b.label, 11))}</text>`
      + `<rect x="${left}" y="${y + 8}" width="${Math.max(3, x(b.value) - left)}" height="${rowH - 16}" rx="4" fill="${below ? '#e67e22' : '#2e86de'}"/>`
      + `<text x="${x(b.value) + 8}" y="${y + 30}" font-size="21" fill="#333">${b.value}${esc(opts.unit)}</text>`;
  }).join('');
  const target = opts.target
    ? `<line x1="${x(opts.target.value)}" y1="${top - 4}" x2="${x(opts.target.value)}" y2="${h - 34}" stroke="#c0392b" stroke-width="2" stroke-dasharray="6 4"/>`
      + `<text x="${Math.min(x(opts.target.value), W - 60)}" y="${h - 10}" font-size="19" text-anchor="middle" fill="#c0392b">${esc(opts.target.label)}</text>`
    : '';
  return svg(h, `<text x="20" y="42" font-size="27" font-weight="bold" fill="#222">${esc(opts.title)}</text>${rows}${target}`);
}

/** A cover title in at most two lines of 16 characters. */
function titleLines(title: string): string[] {
  const chars = [...title];
  if (chars.length <= 16) return [title];
  return [chars.slice(0, 16).join(''), truncate(chars.slice(16).join(''), 16)];
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function svg(h: number, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${h}" viewBox="0 0 ${W} ${h}" font-family="${FONT}">`
    + `<rect width="${W}" height="${h}" fill="#ffffff"/>${body}</svg>`;
}

/** A cover image for the article (900×383, the 2.35:1 crop the official account shows). */
export function coverImage(opts: { title: string; subtitle: string }): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="383" viewBox="0 0 900 383" font-family="${FONT}">`
    + '<rect width="900" height="383" fill="#1f4e79"/><rect x="0" y="300" width="900" height="83" fill="#163a5c"/>'
    + titleLines(opts.title).map((line, i, all) => `<text x="60" y="${(all.length === 1 ? 170 : 130) + i * 70}" font-size="46" font-weight="bold" fill="#ffffff">${esc(line)}</text>`).join('')
    + `<text x="60" y="350" font-size="28" fill="#d6e4f0">${esc(truncate(opts.subtitle, 28))}</text></svg>`;
}
