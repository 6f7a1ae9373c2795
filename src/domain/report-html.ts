/**
 * What a report body may contain, for HTML the office edits: a short list of tags, inline `style` (no url(), no
 * expression), images only as `report-image:ID` (the report's own images), links only to http(s). Everything else
 * is dropped (tags) or escaped (text), so a body is safe on the public page and acceptable to the official
 * account's editor (no scripts, no <style>). Pure.
 */

const ALLOWED = new Set(['section', 'div', 'p', 'br', 'span', 'strong', 'b', 'em', 'i', 'u', 'h1', 'h2', 'h3', 'h4', 'ul', 'ol', 'li',
  'table', 'thead', 'tbody', 'tr', 'th', 'td', 'img', 'a', 'blockquote', 'figure', 'figcaption', 'hr']);
const VOID = new Set(['br', 'img', 'hr']);
const DROP_WITH_CONTENT = new Set(['script', 'style', 'iframe', 'object', 'embed', 'template', 'noscript', 'svg', 'math', 'textarea', 'select']);
const ATTRS: Record<string, string[]> = { '*': ['style'], img: ['src', 'alt'], a: ['href'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] };

const escText = (s: string) => s.replace(/&(?!(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);)/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function cleanAttr(tag: string, name: string, value: string): string | null {
  const allowed = [...ATTRS['*'], ...(ATTRS[tag] ?? [])];
  if (!allowed.includes(name)) return null;
  const v = value.trim();
  if (name === 'style') return /url\s*\(|expression\s*\(|javascript:|@import|behavior\s*:/i.test(v) ? null : v;
  if (name === 'src') return /^report-image:\d+$/.test(v) ? v : null;
  if (name === 'href') return /^https?:\/\//i.test(v) ? v : null;
  if (name === 'colspan' || name === 'rowspan') return /^\d{1,2}$/.test(v) ? v : null;
  return v;
}

/** The body with only what is allowed, tags balanced. */
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s"'>\/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*\/?>/y;

export function sanitizeReportHtml(html: string): string {
  const lower = html.toLowerCase();
  let out = '';
  const open: string[] = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) { out += escText(html.slice(i)); break; }
    out += escText(html.slice(i, lt));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    TAG.lastIndex = lt;
    const m = TAG.exec(html);
    if (!m) { out += '&lt;'; i = lt + 1; continue; }
    i = lt + m[0].length;
    const closing = m[1] === '/';
    const tag = m[2].toLowerCase();
    if (DROP_WITH_CONTENT.has(tag)) {
      if (!closing) {
        const end = lower.indexOf(`</${tag}`, i);
        i = end < 0 ? html.length : (html.indexOf('>', end) + 1 || html.length);
      }
      continue;
    }
    if (!ALLOWED.has(tag)) continue;
    if (closing) {
      const at = open.lastIndexOf(tag);
      if (at < 0) continue;
      while (open.length > at) out += `</${open.pop()}>`;
      continue;
    }
    const attrs: string[] = [];
    for (const a of m[3].matchAll(/([^\s"'>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
      const name = a[1].toLowerCase();
      const value = cleanAttr(tag, name, decode(a[2] ?? a[3] ?? a[4] ?? ''));
      if (value !== null) attrs.push(` ${name}="${escAttr(value)}"`);
    }
    if (tag === 'img' && !attrs.some((a) => a.startsWith(' src='))) continue;
    out += `<${tag}${attrs.join('')}>`;
    if (!VOID.has(tag)) open.push(tag);
  }
  while (open.length) out += `</${open.pop()}>`;
  return out;
}

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|quot|lt|gt|apos);/g, (_, e: string) =>
    e === 'amp' ? '&' : e === 'quot' ? '"' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'apos' ? "'"
      : String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : Number(e.slice(1))));
}

/** The ids of the report images a body shows. */
export function imageIdsIn(html: string): number[] {
  return [...html.matchAll(/src="report-image:(\d+)"/g)].map((m) => Number(m[1]));
}

/** The body with each report image's src replaced (by an uploaded URL, or the public page's image route). */
export function withImageUrls(html: string, urlOf: (id: number) => string | null): string {
  return html.replace(/<img\b[^>]*\bsrc="report-image:(\d+)"[^>]*>/g, (tag, id: string) => {
    const url = urlOf(Number(id));
    return url ? tag.replace(`report-image:${id}`, url.replace(/"/g, '&quot;')) : '';
  });
}
