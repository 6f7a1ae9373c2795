/**
 * The sandbox's official account: fixed, made-up credentials shared by the simulated platform (its API and its
 * callback sender) and by the server when it runs in sandbox mode without WECHAT_* set. Nothing here is a secret.
 */
export interface OfficialAccountCredentials {
  appId: string;
  secret: string;
  /** The callback Token. */
  token: string;
  /** The callback EncodingAESKey (43 characters); absent = plain mode. */
  aesKey?: string;
  /** The account's original id (原始ID), the ToUserName of every callback. */
  originalId: string;
}

export const SANDBOX_OFFICIAL_ACCOUNT: Required<OfficialAccountCredentials> = {
  appId: 'wxdudaosandbox00001',
  secret: 'sandbox-oa-secret-not-a-real-secret-00001',
  token: 'DudaoOaSandboxToken',
  aesKey: 'DudaoOaSandboxEncodingAESKey0123456789abcde',
  originalId: 'gh_dudaosandbox1',
};

/** The template the sandbox account has registered for notices (office setting officialAccount.templates.notice). */
export const SANDBOX_NOTICE_TEMPLATE = 'dudao-sandbox-notice-template-0001';
