/**
 * The sandbox's WeCom app: fixed, made-up credentials shared by the simulated platform (its API and its callback
 * sender) and by the server when it runs in sandbox mode without WECOM_* set. Nothing here is a real secret.
 */
export interface WecomCredentials {
  corpId: string;
  agentId: number;
  secret: string;
  /** The callback Token. */
  token: string;
  /** The callback EncodingAESKey (43 characters). */
  aesKey: string;
}

export const SANDBOX_WECOM: WecomCredentials = {
  corpId: 'wwdudaosandbox00001',
  agentId: 1000002,
  secret: 'sandbox-secret-not-a-real-secret-000000001',
  token: 'DudaoSandboxToken',
  aesKey: 'DudaoSandboxEncodingAESKey0123456789abcdefg',
};
