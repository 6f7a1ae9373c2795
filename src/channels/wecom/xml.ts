/**
 * The XML of WeCom callbacks, read safely (flat documents directly, the rest with xml2js): the size is checked before
 * parsing, DOCTYPE and entity declarations are refused, values stay strings (MsgId is a 64-bit integer), and CDATA or
 * not makes no difference.
 * Also builds the envelopes WeCom wraps ciphertext in (platform-apis §1.3).
 */
import xml2js from 'xml2js';

/** Callback bodies are a few hundred bytes; anything over this is refused unread. */
export const MAX_XML_BYTES = 64 * 1024;
/**
 * The deepest nesting any WeCom message has is five levels (xml / SelectedItems / SelectedItem / OptionIds /
 * OptionId); deeper documents are refused before the general parser, whose recursion a few thousand levels would
 * exhaust.
 */
export const MAX_XML_DEPTH = 16;

export type XmlFields = { [name: string]: XmlValue };
export type XmlValue = string | XmlFields | XmlValue[];

export class XmlError extends Error {
  constructor(readonly reason: 'too_large' | 'declaration' | 'too_deep' | 'malformed', message: string) {
    super(message);
    this.name = 'XmlError';
  }
}

const PARSER_OPTIONS: xml2js.ParserOptions = {
  explicitArray: false,
  explicitRoot: false,
  trim: true,
  emptyTag: '',
  strict: true,
  async: false,
};
let parser = new xml2js.Parser(PARSER_OPTIONS);

/**
 * Parses one `<xml>…</xml>` document into its fields; repeated elements become arrays. Synchronous: with
 * async: false xml2js parses inside parseString and calls back before returning, so one parser is reused.
 */
export function parseXml(text: string, maxBytes = MAX_XML_BYTES): XmlFields {
  if (text.length > maxBytes || Buffer.byteLength(text, 'utf8') > maxBytes) throw new XmlError('too_large', `the XML is larger than ${maxBytes} bytes`);
  if (/<!(?:DOCTYPE|ENTITY)/i.test(text)) throw new XmlError('declaration', 'DOCTYPE and ENTITY declarations are not accepted');
  const flat = parseFlat(text);
  if (flat) return flat;
  checkDepth(text);
  let parsed: unknown;
  let failure: Error | undefined;
  try {
    parser.parseString(text, (err: Error | null, result: unknown) => { failure = err ?? undefined; parsed = result; });
  } catch (err) {
    failure = err as Error;
  }
  if (failure) {
    parser = new xml2js.Parser(PARSER_OPTIONS);
    throw new XmlError('malformed', `the XML is malformed: ${failure.message.split('\n')[0]}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new XmlError('malformed', 'the XML has no fields');
  return parsed as XmlFields;
}

/**
 * Counts element nesting without parsing: CDATA sections, comments and processing instructions are skipped, each
 * start tag that is not self-closing goes one level down, each end tag one up.
 */
function checkDepth(text: string, max = MAX_XML_DEPTH): void {
  let depth = 0;
  const tags = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<(\/?)[^>]*?(\/?)>/g;
  for (const m of text.matchAll(tags)) {
    if (m[1] === undefined) continue;
    if (m[1] === '/') depth--;
    else if (m[2] !== '/') depth++;
    if (depth > max) throw new XmlError('too_deep', `the XML is nested deeper than ${max} levels`);
  }
}

const FLAT_OPEN = /^\s*(?:<\?xml[^?>]*\?>\s*)?<xml>/y;
const FLAT_FIELD = /\s*<([A-Za-z]\w{0,63})>(?:<!\[CDATA\[([^\]]*)\]\]>|([^<&]*))<\/\1>/y;
const FLAT_CLOSE = /\s*<\/xml>\s*$/y;

/**
 * The common case read without the general parser: `<xml>` holding only flat elements whose text is CDATA without
 * ']' or plain text without '<' and '&' (so there is nothing to unescape). It gives exactly what xml2js gives for
 * such a document (trimmed strings, a repeated name as an array); anything else (nesting, attributes, entities,
 * empty-element tags) is left to xml2js: undefined.
 */
function parseFlat(text: string): XmlFields | undefined {
  FLAT_OPEN.lastIndex = 0;
  if (!FLAT_OPEN.test(text)) return undefined;
  const fields: XmlFields = {};
  let at = FLAT_OPEN.lastIndex;
  let count = 0;
  for (;;) {
    FLAT_FIELD.lastIndex = at;
    const m = FLAT_FIELD.exec(text);
    if (!m) break;
    at = FLAT_FIELD.lastIndex;
    count++;
    const value = (m[2] ?? m[3]).trim();
    // xml2js keeps plain text that is only whitespace as it is; leave that odd case to it.
    if (value === '' && m[3]) return undefined;
    const before = fields[m[1]];
    fields[m[1]] = before === undefined ? value : Array.isArray(before) ? [...before, value] : [before, value];
  }
  FLAT_CLOSE.lastIndex = at;
  return count > 0 && FLAT_CLOSE.test(text) ? fields : undefined;
}

/** The envelope: `<xml>` holding only simple elements (ToUserName, AgentID, Encrypt), CDATA or plain text. */
const ENVELOPE = /^\s*(?:<\?xml[^?>]*\?>\s*)?<xml>\s*(?:<([A-Za-z]\w{0,31})>(?:<!\[CDATA\[[^\]]*\]\]>|[^<]*)<\/\1>\s*)*<\/xml>\s*$/;
const ENVELOPE_FIELD = /<([A-Za-z]\w{0,31})>(?:<!\[CDATA\[([^\]]*)\]\]>|([^<]*))<\/\1>/g;

/**
 * Reads the outer envelope WeCom posts. It is a fixed frame of a few flat elements, so it is checked whole
 * against a strict pattern and read without a general parser (the decrypted message itself goes through parseXml).
 */
export function parseEnvelope(text: string, maxBytes = MAX_XML_BYTES): Record<string, string> {
  if (text.length > maxBytes || Buffer.byteLength(text, 'utf8') > maxBytes) throw new XmlError('too_large', `the XML is larger than ${maxBytes} bytes`);
  if (/<!(?:DOCTYPE|ENTITY)/i.test(text)) throw new XmlError('declaration', 'DOCTYPE and ENTITY declarations are not accepted');
  if (!ENVELOPE.test(text)) throw new XmlError('malformed', 'the envelope is malformed: expected <xml> with flat elements only');
  const fields: Record<string, string> = {};
  for (const m of text.matchAll(ENVELOPE_FIELD)) fields[m[1]] = (m[2] ?? m[3]).trim();
  return fields;
}

/** A field as text ('' when absent or not text). */
export function fieldText(fields: XmlFields, name: string): string {
  const v = fields[name];
  return typeof v === 'string' ? v : '';
}

/** A field that may repeat, always as an array. */
export function list(value: XmlValue | undefined): XmlValue[] {
  if (value === undefined || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

const cdata = (s: string) => `<![CDATA[${s.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

/** Builds `<xml>` with the given fields in order: strings become CDATA, numbers and bigints stay bare, objects nest, arrays repeat. */
export function buildXml(fields: Record<string, unknown>): string {
  return `<xml>${buildFields(fields)}</xml>`;
}

function buildFields(fields: Record<string, unknown>): string {
  let out = '';
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      const inner = typeof item === 'number' || typeof item === 'bigint' ? String(item) : typeof item === 'object' && item !== null
        ? buildFields(item as Record<string, unknown>) : cdata(String(item));
      out += `<${name}>${inner}</${name}>`;
    }
  }
  return out;
}

/** The POST body WeCom sends: corp id, agent id and the ciphertext. */
export function callbackEnvelope(toUserName: string, encrypt: string, agentId?: number | string): string {
  return buildXml({ ToUserName: toUserName, AgentID: agentId === undefined ? undefined : String(agentId), Encrypt: encrypt });
}

/** The encrypted passive-reply envelope (callback/xmlparse.php generate()). */
export function replyEnvelope(encrypt: string, signature: string, timestamp: string, nonce: string): string {
  return `<xml><Encrypt>${cdata(encrypt)}</Encrypt><MsgSignature>${cdata(signature)}</MsgSignature>` +
    `<TimeStamp>${Number(timestamp)}</TimeStamp><Nonce>${cdata(nonce)}</Nonce></xml>`;
}
