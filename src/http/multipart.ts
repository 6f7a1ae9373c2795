/**
 * multipart/form-data uploads (RFC 7578), read as they stream in with busboy, with limits on the size of each file,
 * of all files together, on the number of files, fields and parts, and on a field's size; past any of them the
 * upload is refused (413) without reading the rest. File names may be raw UTF-8 (what browsers send) or RFC 5987
 * `filename*=UTF-8''…`. Used by the API's uploads and by the simulated WeCom's media/upload.
 */
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { DudaoError } from '../domain/errors.ts';
import { uploadText } from '../../templates/upload.ts';

export interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export interface MultipartLimits {
  /** Bytes of one file, and of all files together. */
  fileBytes: number;
  totalBytes: number;
  files: number;
  /** Non-file fields, and their size each. */
  fields: number;
  fieldBytes: number;
  /** Files and fields together. */
  parts: number;
}

export const DEFAULT_MULTIPART_LIMITS: MultipartLimits = {
  fileBytes: 10 * 1024 * 1024, totalBytes: 10 * 1024 * 1024, files: 10, fields: 20, fieldBytes: 64 * 1024, parts: 30,
};

/** Reads every part of a multipart body from `body` (the request, or any stream of its bytes). */
export function readMultipart(body: Readable, contentType: string, limits: MultipartLimits = DEFAULT_MULTIPART_LIMITS): Promise<Part[]> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { 'content-type': contentType },
        defParamCharset: 'utf8',
        limits: { fileSize: limits.fileBytes, files: limits.files, fields: limits.fields, fieldSize: limits.fieldBytes, parts: limits.parts, headerPairs: 20 },
      });
    } catch (err) {
      reject(new DudaoError('bad_request', uploadText.malformed((err as Error).message)));
      return;
    }
    const parts: Part[] = [];
    let total = 0;
    let failed = false;
    const fail = (err: DudaoError) => {
      if (failed) return;
      failed = true;
      body.unpipe(parser);
      body.resume(); // let the rest of the request drain so the answer can be read
      reject(err);
    };
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      const at = parts.push({ name, data: Buffer.alloc(0) }) - 1; // keeps the parts in the order they came
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > limits.totalBytes) { stream.resume(); fail(tooLarge(uploadText.totalTooLarge(limits.totalBytes))); return; }
        chunks.push(chunk);
      });
      stream.on('limit', () => fail(tooLarge(uploadText.fileTooLarge(info.filename ?? name, limits.fileBytes))));
      stream.on('end', () => {
        if (failed) return;
        parts[at] = { name, ...(info.filename !== undefined ? { filename: info.filename } : {}), contentType: info.mimeType, data: Buffer.concat(chunks) };
      });
    });
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) return fail(tooLarge(uploadText.fieldTooLarge(name, limits.fieldBytes)));
      parts.push({ name, data: Buffer.from(value, 'utf8') });
    });
    parser.on('filesLimit', () => fail(tooLarge(uploadText.tooManyFiles(limits.files))));
    parser.on('fieldsLimit', () => fail(tooLarge(uploadText.tooManyFields(limits.fields))));
    parser.on('partsLimit', () => fail(tooLarge(uploadText.tooManyParts(limits.parts))));
    parser.on('error', (err: Error) => fail(new DudaoError('bad_request', uploadText.malformed(err.message))));
    parser.on('close', () => { if (!failed) resolve(parts); });
    body.on('error', (err) => fail(new DudaoError('bad_request', uploadText.unreadable(err.message))));
    body.pipe(parser);
  });
}

const tooLarge = (message: string) => new DudaoError('payload_too_large', message);
