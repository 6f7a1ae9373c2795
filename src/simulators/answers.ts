/**
 * What a simulated Tencent API answers, shared by the WeCom and official-account simulators: a JSON body (with whom
 * it concerned, for the journal) or a file (media/get), turned into the HTTP response the real platform would send.
 */
import type { SimRequest, SimResponse } from './wecom/http.ts';

/** A stored upload, as media/get will hand it out. */
export interface SimMedia {
  bytes: Buffer;
  contentType: string;
  fileName: string;
  createdAt: Date;
}

/** A JSON answer, with who it concerned for the journal. */
export interface JsonAnswer {
  json: Record<string, unknown>;
  to?: string;
  duplicate?: boolean;
}

export type FileAnswer = { file: { bytes: Buffer; contentType: string; fileName: string } };
export type Answer = JsonAnswer | FileAnswer;

/** The platform's HTTP answer: JSON with 200 (errors travel in errcode), or the file as an attachment. */
export function httpAnswer(answer: Answer): SimResponse {
  if ('file' in answer) {
    return {
      status: 200,
      headers: { 'content-type': answer.file.contentType, 'content-disposition': `attachment; filename="${encodeURIComponent(answer.file.fileName)}"` },
      body: answer.file.bytes,
    };
  }
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(answer.json) };
}

/** A request's JSON body as the platform reads it: {} for GET, uploads and empty bodies; undefined when not an object. */
export function parseJsonBody(req: SimRequest): Record<string, any> | undefined {
  if (req.method === 'GET' || /multipart\/form-data/i.test(req.contentType)) return {};
  if (req.body.length === 0) return {};
  try {
    const value = JSON.parse(req.body.toString('utf8'));
    return value && typeof value === 'object' ? value : undefined;
  } catch {
    return undefined;
  }
}
