/**
 * Simulated access tokens (platform-apis §2.1): one token per app, the same token returned while it lives (with the
 * seconds it has left), a new one once it has expired. `expire()` ends the current token early, as WeCom may do.
 */
import crypto from 'node:crypto';

export type TokenCheck = { ok: true } | { ok: false; errcode: number; errmsg: string };

export class SimTokens {
  private current?: { value: string; expiresAt: number };
  private retired = new Set<string>();
  issued = 0;

  constructor(private readonly ttlS: number, private readonly now: () => Date) {}

  /** The live token and its remaining seconds, issuing a new one when there is none. */
  get(): { access_token: string; expires_in: number } {
    const now = this.now().getTime();
    if (!this.current || this.current.expiresAt <= now) {
      if (this.current) this.retired.add(this.current.value);
      this.current = { value: crypto.randomBytes(48).toString('base64url'), expiresAt: now + this.ttlS * 1000 };
      this.issued += 1;
    }
    return { access_token: this.current.value, expires_in: Math.ceil((this.current.expiresAt - now) / 1000) };
  }

  check(token: string | null): TokenCheck {
    if (!token) return { ok: false, errcode: 41001, errmsg: 'access_token missing' };
    if (this.current?.value === token) {
      if (this.current.expiresAt > this.now().getTime()) return { ok: true };
      return { ok: false, errcode: 42001, errmsg: 'access_token expired' };
    }
    if (this.retired.has(token)) return { ok: false, errcode: 42001, errmsg: 'access_token expired' };
    return { ok: false, errcode: 40014, errmsg: 'invalid access_token' };
  }

  expire(): void {
    if (this.current) this.current.expiresAt = this.now().getTime() - 1;
  }
}
