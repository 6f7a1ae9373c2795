/**
 * One pino logger for the process. Secrets are redacted wherever they appear as keys of a logged object, and errors
 * (under `err` or `error`, objects or strings) are logged with a failed query's shape, never its parameters.
 */
import { pino, type Logger } from 'pino';
import { SECRET_KEYS } from './config.ts';
import { errorForLog } from './log-errors.ts';

const secretPaths = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  'access_token', '*.access_token', 'corpsecret', '*.corpsecret', 'secret', '*.secret', 'password', '*.password',
  'token', '*.token', 'aesKey', '*.aesKey', 'authorization', '*.authorization', 'req.headers.authorization',
  'req.headers.cookie', '*.headers.cookie',
];

export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  return pino({
    level,
    redact: { paths: secretPaths, censor: '[redacted]' },
    serializers: { err: errorForLog, error: errorForLog },
    base: { pid: process.pid },
  }, destination);
}

/** Strips access_token / corpsecret / key query values from a URL before it is logged. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:access_token|corpsecret|secret|key)=)[^&]*/g, '$1[redacted]');
}

export type { Logger };
