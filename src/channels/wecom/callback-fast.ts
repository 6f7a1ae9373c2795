/**
 * GET/POST /wecom/callback served straight from node:http, outside Koa's middleware stack: the platform calls it for
 * every message and Koa with its middleware and routers cost about as much per request as the crypto. It answers as
 * the Koa app would — X-Request-Id, the errors middleware's statuses and bodies (errorAnswer), a 5xx logged as
 * 'request failed', the debug access line — and leaves everything else (HEAD, a trailing slash, other methods and
 * paths) to Koa, which mounts the same steps (callback.ts wecomCallbackRoutes).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { errorAnswer } from '../../http/middleware/errors.ts';
import { requestIdFrom } from '../../http/middleware/request-id.ts';
import { redactUrl, type Logger } from '../../log.ts';
import { readRawBody } from '../raw-body.ts';
import { WECOM_CALLBACK_PATH, type WecomCallback } from './callback.ts';
import { MAX_XML_BYTES } from './xml.ts';

/** Serves the request and returns true when it is a GET or POST of /wecom/callback; otherwise false, untouched. */
export type FastHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

export function wecomCallbackFast(callback: WecomCallback, log: Logger): FastHandler {
  return (req, res) => {
    const url = req.url ?? '';
    const method = req.method;
    if (method !== 'GET' && method !== 'POST') return false;
    const q = url.indexOf('?');
    if ((q === -1 ? url : url.slice(0, q)) !== WECOM_CALLBACK_PATH) return false;
    const started = process.hrtime.bigint();
    const reqId = requestIdFrom(req.headers['x-request-id']);
    const query = parseQuery(q === -1 ? '' : url.slice(q + 1));
    const answer = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'X-Request-Id': reqId, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
      // As the access-log middleware: the line is built only when debug lines are written.
      if (log.isLevelEnabled('debug')) {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        log.debug({ reqId, method, url: redactUrl(url), status, ms }, 'request');
      }
    };
    const fail = (err: unknown) => {
      const { status, body, internal } = errorAnswer(err, reqId);
      if (internal) log.error({ err, reqId, path: WECOM_CALLBACK_PATH }, 'request failed');
      answer(status, JSON_TYPE, JSON.stringify(body));
    };
    if (method === 'GET') {
      try {
        answer(200, TEXT_TYPE, callback.verifyUrl(query));
      } catch (err) {
        fail(err);
      }
      return true;
    }
    readRawBody(req, MAX_XML_BYTES)
      .then((body) => callback.receive(query, body, reqId))
      .then(() => answer(200, TEXT_TYPE, ''), fail)
      .catch((err) => log.error({ err, reqId, path: WECOM_CALLBACK_PATH }, 'request failed'));
    return true;
  };
}

const TEXT_TYPE = 'text/plain; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
