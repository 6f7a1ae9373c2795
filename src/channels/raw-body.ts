/** Reads a callback's raw body as UTF-8 text, refusing (413) anything over `limit` bytes without buffering it. */
import type { IncomingMessage } from 'node:http';
import { DudaoError } from '../domain/errors.ts';

export function readRawBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => { cleanup(); resolve(Buffer.concat(chunks, size).toString('utf8')); };
    const onError = (err: Error) => { cleanup(); reject(new DudaoError('bad_request', `the body could not be read: ${err.message}`)); };
    const cleanup = () => { req.off('data', onData); req.off('end', onEnd); req.off('error', onError); };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

const tooLarge = (limit: number) => new DudaoError('payload_too_large', `the body is larger than ${limit} bytes`);
