/**
 * How errors appear in log lines: with the shape of a failed query, never its parameters. drizzle's
 * DrizzleQueryError carries the SQL and every bound value (whole chat messages, user ids, each cell of an import)
 * in its message, its stack and its `params`; PostgreSQL's error adds the offending row in `detail`. The logger's
 * serializers (log.ts) pass every `err` and `error` value through `errorForLog`, strings included (much of the code
 * logs `err.message`).
 */

const MAX_QUERY = 2000;
const MAX_MESSAGE = 500;
/** Fields of a PostgreSQL error that name where it happened, not what was in the row. */
const PG_FIELDS = ['code', 'severity', 'constraint', 'table', 'column', 'schema', 'dataType', 'routine'] as const;

type Logged = Record<string, unknown>;

/** A loggable form of any thrown value, parameters removed. */
export function errorForLog(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return safeMessage(value);
  if (!value || typeof value !== 'object') return value;
  const e = value as Logged & { message?: unknown; stack?: unknown; name?: unknown; cause?: unknown };
  if (typeof e.message !== 'string') return value;
  const out: Logged = { type: typeof e.name === 'string' ? e.name : 'Error', message: safeMessage(e.message) };
  if (typeof e.query === 'string') {
    out.query = queryShape(e.query);
    out.message = `Failed query: ${out.query}`;
    if (Array.isArray(e.params)) out.params = `[${e.params.length} parameters not logged]`;
  }
  for (const key of PG_FIELDS) if (typeof e[key] === 'string') out[key] = e[key];
  if (typeof e.status === 'number') out.status = e.status;
  if (typeof e.errcode === 'number') out.errcode = e.errcode;
  // PostgreSQL's message for bad input quotes the value (invalid input syntax for type integer: "…").
  if (typeof e.code === 'string' && e.code.startsWith('22')) out.message = String(out.message).replace(/"[^"]*"/g, '"…"');
  if (typeof e.stack === 'string') out.stack = stackWithout(e.stack, String(out.type), e.message, String(out.message));
  if (e.cause !== undefined && depth < 3) out.cause = errorForLog(e.cause, depth + 1);
  return out;
}

/** A message without drizzle's `params: …` tail, and not longer than a line should be. */
export function safeMessage(message: string): string {
  // Also inside a logged stack: the parameters run up to the first stack frame.
  const text = message.replace(/Failed query: ([\s\S]*?)\nparams: [\s\S]*?(?=\n {4}at |$)/, (_all, query: string) => `Failed query: ${queryShape(query)}`);
  return text.length > MAX_MESSAGE + MAX_QUERY ? `${text.slice(0, MAX_MESSAGE + MAX_QUERY)}…` : text;
}

/**
 * The query with its repetitions folded: a multi-row VALUES list becomes its first row and a count, a long list of
 * placeholders its first few and a count, and the whole at most 2000 characters.
 */
export function queryShape(query: string): string {
  const row = String.raw`\((?:\s*(?:\$\d+|default)\s*,?)+\)`;
  let shape = query.replace(new RegExp(`(${row})(?:\\s*,\\s*${row})+`, 'gi'), (all, first: string) => {
    const rows = all.match(new RegExp(row, 'gi'))?.length ?? 0;
    return `${first}, … (${rows} rows)`;
  });
  shape = shape.replace(/\$\d+(?:\s*,\s*\$\d+){8,}/g, (all) => {
    const n = all.split(',').length;
    return `${all.split(',').slice(0, 3).join(',')}, … (${n} parameters)`;
  });
  return shape.length > MAX_QUERY ? `${shape.slice(0, MAX_QUERY)}… (${shape.length} characters)` : shape;
}

function stackWithout(stack: string, name: string, original: string, safe: string): string {
  // The stack begins with "<name>: <message>" (the message may span lines); the frames follow it.
  const prefix = `${name}: ${original}`;
  const frames = stack.startsWith(prefix) ? stack.slice(prefix.length) : stack.slice(Math.max(0, stack.indexOf('\n    at ')));
  return `${name}: ${safe}${frames.startsWith('\n') ? frames : ''}`;
}
