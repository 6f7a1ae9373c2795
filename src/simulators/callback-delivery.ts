/**
 * How both Tencent platforms push a callback to a server: one HTTP request, and for a POST up to `retries` more
 * after a connect failure, a timeout or any non-200 (each platform waits its own delay). Every answer is kept, so a
 * simulator can tell what the user would have seen.
 */
export interface Answer {
  /** null when the connection failed or timed out. */
  status: number | null;
  body: string;
  error?: string;
}

export interface DeliveryOptions {
  retries?: number;
  retryDelayMs?: number;
  timeoutMs?: number;
}

export async function deliverCallback(url: string, method: 'GET' | 'POST', body: string | undefined, opts: DeliveryOptions): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let attempt = 0; attempt <= (method === 'POST' ? opts.retries ?? 3 : 0); attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, opts.retryDelayMs ?? 100));
    try {
      const res = await fetch(url, {
        method, body, headers: body ? { 'content-type': 'text/xml; charset=utf-8' } : undefined,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
      });
      answers.push({ status: res.status, body: await res.text() });
      if (res.status === 200) break;
    } catch (err) {
      answers.push({ status: null, body: '', error: (err as Error).message });
    }
  }
  return answers;
}
