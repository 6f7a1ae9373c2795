/**
 * What a Tencent API answered, read the same way for WeCom and the official account: JSON (their error codes are
 * the caller's to read), or a file (media/get). A 5xx, a body that claims JSON but is not, or a 4xx without JSON is
 * a transport failure, thrown as the caller's own error type so its retry rules apply.
 */
export interface DownloadedMedia {
  bytes: Buffer;
  contentType: string;
  fileName?: string;
}

export type ApiAnswer = { kind: 'json'; json: Record<string, any> } | { kind: 'bytes'; media: DownloadedMedia };

export async function readApiAnswer(path: string, res: Response, transportError: (path: string, reason: string) => Error): Promise<ApiAnswer> {
  if (res.status >= 500) throw transportError(path, `HTTP ${res.status}`);
  const contentType = res.headers.get('content-type') ?? '';
  const bytes = Buffer.from(await res.arrayBuffer());
  if (/json|text\/plain/i.test(contentType) || contentType === '') {
    try {
      return { kind: 'json', json: JSON.parse(bytes.toString('utf8')) };
    } catch {
      if (contentType !== '') throw transportError(path, `HTTP ${res.status} with a body that is not JSON`);
    }
  }
  if (res.status >= 400) throw transportError(path, `HTTP ${res.status}`);
  return { kind: 'bytes', media: { bytes, contentType, fileName: fileNameOf(res.headers.get('content-disposition')) } };
}

/** `attachment; filename="a.jpg"` (or filename*=UTF-8''…) → a.jpg */
function fileNameOf(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const star = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(disposition);
  if (star) return decodeURIComponent(star[1]!.trim().replace(/^"|"$/g, ''));
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain?.[1];
}
