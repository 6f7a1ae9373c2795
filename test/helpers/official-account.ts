/**
 * The official account for tests: Tencent's published compat-mode sample (platform-apis §1.6 V6) as the account the
 * server under test runs with (OA_ENV), the sample POST itself, and a callback sender in any mode.
 */
import { OfficialAccountCallbackSender, type CallbackMode } from '../../src/simulators/official-account/callbacks.ts';

export const V6 = {
  appId: 'wx2c2769f8efd9abc2',
  token: 'spamtest',
  aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  originalId: 'gh_10f6c3c3ac5a',
  timestamp: '1409735669',
  nonce: '1320562132',
  msgSignature: '5d197aaffba7e9b25a30732f161a50dee96bd5fa',
  signature: '16120ec1b8dbb870f510d87ce6bc2463eae6ca1a',
  encrypt: 'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=',
  openid: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs',
  msgId: '6054768590064713728',
  text: 'abcdteT',
};

export const OA_SECRET = 'test-oa-secret';

/** The server's official account (safe/compatible mode: an EncodingAESKey is set). */
export const OA_ENV: Record<string, string> = {
  WECHAT_APP_ID: V6.appId,
  WECHAT_APP_SECRET: OA_SECRET,
  WECHAT_TOKEN: V6.token,
  WECHAT_AES_KEY: V6.aesKey,
};

/** Tencent's sample compat-mode POST (V6): the plaintext fields next to the ciphertext. */
export function v6Body(): string {
  return `<xml><ToUserName><![CDATA[${V6.originalId}]]></ToUserName>\n<FromUserName><![CDATA[${V6.openid}]]></FromUserName>\n`
    + `<CreateTime>1409735668</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[${V6.text}]]></Content>\n`
    + `<MsgId>${V6.msgId}</MsgId>\n<Encrypt><![CDATA[${V6.encrypt}]]></Encrypt>\n</xml>`;
}

export function v6Path(over: Partial<Record<'signature' | 'msg_signature' | 'timestamp' | 'nonce' | 'encrypt_type', string>> = {}): string {
  const q = new URLSearchParams({
    signature: V6.signature, timestamp: V6.timestamp, nonce: V6.nonce, openid: V6.openid, encrypt_type: 'aes', msg_signature: V6.msgSignature, ...over,
  });
  return `/wechat/callback?${q}`;
}

/** A platform that delivers to `baseUrl` in `mode` (no pause between retries). */
export function oaSender(
  baseUrl: string,
  mode: CallbackMode,
  opts: { token?: string; aesKey?: string; platform?: { userWrote(o: string): void; userActed(o: string, e: string): void }; retries?: number } = {},
): OfficialAccountCallbackSender {
  return new OfficialAccountCallbackSender({
    baseUrl, appId: V6.appId, token: opts.token ?? V6.token, aesKey: mode === 'plain' ? undefined : opts.aesKey ?? V6.aesKey,
    originalId: V6.originalId, mode, retryDelayMs: 10, retries: opts.retries, platform: opts.platform,
  });
}
