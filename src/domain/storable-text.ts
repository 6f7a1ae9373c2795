/**
 * Text PostgreSQL will store. A `text` or `jsonb` value may not hold U+0000 (jsonb refuses even the escape
 * `\u0000`), and jsonb refuses an unpaired UTF-16 surrogate. Platforms do send such characters now and then (a pasted
 * control character, a truncated emoji), so inbound values are cleaned before they are stored: NUL is dropped and a
 * lone surrogate becomes U+FFFD. Everything else is kept as it came.
 */

// NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const REFUSED = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const REFUSED_TEST = /\u0000|[\uD800-\uDFFF]/;

export function storableText(s: string): string {
  if (!REFUSED_TEST.test(s)) return s; // the usual case: nothing to do
  return s.replace(REFUSED, (c) => (c === '\u0000' ? '' : '\uFFFD'));
}

/** Cleans every string (keys too) inside a JSON-like value; returns the same value when nothing needed cleaning. */
export function storableValue<T>(value: T): T {
  return clean(value) as T;
}

function clean(v: unknown): unknown {
  if (typeof v === 'string') return storableText(v);
  if (Array.isArray(v)) {
    let changed = false;
    const out = v.map((x) => { const c = clean(x); if (c !== x) changed = true; return c; });
    return changed ? out : v;
  }
  if (v !== null && typeof v === 'object') {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const ck = storableText(k);
      const cx = clean(x);
      if (ck !== k || cx !== x) changed = true;
      out[ck] = cx;
    }
    return changed ? out : v;
  }
  return v;
}
