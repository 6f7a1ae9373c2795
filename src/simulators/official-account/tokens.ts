/**
 * Simulated access tokens of the official account's /cgi-bin/token (platform-apis §3.1): every fetch issues a new
 * token and the one before stays valid for five more minutes, then answers 40001 (not latest); an expired token
 * answers 42001. `expire()` ends the current token at once.
 */
import crypto from 'node:crypto';

export type TokenCheck = { ok: true } | { ok: false; errcode: number };

const OVERLAP_MS = 5 * 60_000;

export class OfficialAccountTokens {
  private current?: { value: string; expiresAt: number };
  /** Replaced tokens and until when they still work. */
  private previous = new Map<string, number>();
  issued = 0;

  constructor(private readonly ttlS: number, private readonly now: () => Date) {}

  issue(): { access_token: string; expires_in: number } {
    const now = this.now().getTime();
    if (this.current) this.previous.set(this.current.value, Math.min(this.current.expiresAt, now + OVERLAP_MS));
    this.current = { value: crypto.randomBytes(48).toString('base64url'), expiresAt: now + this.ttlS * 1000 };
    this.issued += 1;
    return { access_token: this.current.value, expires_in: this.ttlS };
  }

  check(token: string | null): TokenCheck {
    if (!token) return { ok: false, errcode: 41001 };
    const now = this.now().getTime();
    if (this.current?.value === token) return this.current.expiresAt > now ? { ok: true } : { ok: false, errcode: 42001 };
    const until = this.previous.get(token);
    if (until === undefined) return { ok: false, errcode: 40001 };
    return until > now ? { ok: true } : { ok: false, errcode: 40001 };
  }

  expire(): void {
    if (this.current) this.current.expiresAt = this.now().getTime() - 1;
  }
}
