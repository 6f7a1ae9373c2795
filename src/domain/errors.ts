/**
 * Errors that carry a code. Domain and service code throw DudaoError; chat/ maps the code to a friendly Chinese
 * reply (templates/), http/ maps it to a 4xx with the message as the reason.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  invalid_import: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  quota_exceeded: 409,
  invalid_state: 409,
  invalid_signature: 401,
  stale_timestamp: 401,
  payload_too_large: 413,
  too_many_requests: 429,
  unsupported: 415,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class DudaoError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DudaoError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const isDudaoError = (err: unknown): err is DudaoError => err instanceof DudaoError;
