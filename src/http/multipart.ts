/**
 * A small multipart/form-data reader for uploads (RFC 7578): splits an already size-limited body into its parts.
 * File names may be raw UTF-8 (what browsers send) or RFC 5987 `filename*=UTF-8''…`.
 */
import { DudaoError } from '../domain/errors.ts';

export interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export function boundaryOf(contentType: string): string | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

export function parseMultipart(body: Buffer, contentType: string): Part[] {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw new DudaoError('bad_request', 'multipart/form-data 缺少 boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw malformed();
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === '--') return parts;
    if (body.subarray(pos, pos + 2).toString() === '\r\n') pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), pos);
    if (headerEnd < 0 || next < 0 || headerEnd > next) throw malformed();
    parts.push(part(body.subarray(pos, headerEnd).toString('utf8'), body.subarray(headerEnd + 4, next)));
    pos = next + 2;
  }
}

function part(headerText: string, data: Buffer): Part {
  const headers = new Map(headerText.split('\r\n').map((line) => {
    const i = line.indexOf(':');
    return [line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim()] as const;
  }));
  const disposition = headers.get('content-disposition') ?? '';
  const param = (key: string) => new RegExp(`(?:^|;)\\s*${key}="([^"]*)"`, 'i').exec(disposition)?.[1] ?? new RegExp(`(?:^|;)\\s*${key}=([^;\\s]+)`, 'i').exec(disposition)?.[1];
  const extended = /filename\*=UTF-8''([^;\s]+)/i.exec(disposition)?.[1];
  const filename = extended ? decodeURIComponent(extended) : param('filename');
  return { name: param('name') ?? '', ...(filename !== undefined ? { filename } : {}), contentType: headers.get('content-type'), data };
}

const malformed = () => new DudaoError('bad_request', 'multipart/form-data 格式错误');
