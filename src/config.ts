/**
 * The environment, read once and validated with zod. A wrong value stops the server with a message that names the
 * variable; nothing else in the code reads process.env.
 */
import { z } from 'zod';

const flag = z.enum(['0', '1']).optional();
const optionalText = z.string().trim().min(1).optional();

const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** The address to listen on; unset → 127.0.0.1 in the sandbox (its admin password is published), else 0.0.0.0. */
    HOST: z.string().trim().regex(/^[\w.:-]{1,253}$/, 'must be an IP address or host name').optional(),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    DATA_DIR: z.string().min(1).default('./data'),
    PUBLIC_BASE_URL: z.url().optional(),
    WECOM_CORP_ID: optionalText,
    WECOM_AGENT_ID: z.coerce.number().int().positive().optional(),
    WECOM_SECRET: optionalText,
    WECOM_TOKEN: optionalText,
    WECOM_AES_KEY: z
      .string()
      .regex(/^[A-Za-z0-9]{43}$/, 'must be the 43-character EncodingAESKey')
      .optional(),
    WECOM_API_BASE: z.url().default('https://qyapi.weixin.qq.com'),
    WECHAT_APP_ID: optionalText,
    WECHAT_APP_SECRET: optionalText,
    WECHAT_TOKEN: optionalText,
    WECHAT_AES_KEY: z
      .string()
      .regex(/^[A-Za-z0-9]{43}$/, 'must be the 43-character EncodingAESKey')
      .optional(),
    WECHAT_API_BASE: z.url().default('https://api.weixin.qq.com'),
    WECHATY_PUPPET: optionalText,
    WECHATY_PUPPET_SERVICE_TOKEN: optionalText,
    SANDBOX: flag,
    CALLBACK_MAX_SKEW_S: z.coerce.number().int().min(0).default(300),
    /** HMAC secret for signed H5 links; unset → a random secret kept in the database (platform_tokens 'link-secret'). */
    LINK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    /** How long a worker holds a job run without renewing it before another worker may take the run over. */
    JOB_LOCK_MS: z.coerce.number().int().min(1000).max(3_600_000).default(600_000),
    /** How long a process holds an outbox row it is sending before another process may send it (a crash). */
    OUTBOX_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
    /** The first retry of a job that threw comes this long after (then twice and four times as long). */
    JOB_RETRY_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((env, ctx) => {
    const wecom = ['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_AES_KEY'] as const;
    const set = wecom.filter((k) => env[k] !== undefined);
    if (set.length > 0 && set.length < wecom.length) {
      for (const k of wecom.filter((k) => env[k] === undefined)) {
        ctx.addIssue({ code: 'custom', path: [k], message: `is required when ${set.join(', ')} is set` });
      }
    }
    const wechat = ['WECHAT_APP_ID', 'WECHAT_APP_SECRET', 'WECHAT_TOKEN'] as const;
    const wset = wechat.filter((k) => env[k] !== undefined);
    if (wset.length > 0 && wset.length < wechat.length) {
      for (const k of wechat.filter((k) => env[k] === undefined)) {
        ctx.addIssue({ code: 'custom', path: [k], message: `is required when ${wset.join(', ')} is set` });
      }
    }
  });

export type Env = z.infer<typeof schema>;

export interface Config extends Env {
  publicBaseUrl: string;
  /** HOST, or its default for the mode. */
  listenHost: string;
  /** True when the simulated platforms, demo data and /sandbox are on. */
  sandbox: boolean;
  wecomConfigured: boolean;
  wechatConfigured: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`配置错误 (invalid configuration):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the configuration from an environment (process.env by default). Throws ConfigError naming each bad variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const raw = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'} ${i.message}`));
  }
  const env = parsed.data;
  const wecomConfigured = env.WECOM_CORP_ID !== undefined;
  const wechatConfigured = env.WECHAT_APP_ID !== undefined;
  const sandbox = env.SANDBOX === '1' || (env.SANDBOX !== '0' && !wecomConfigured);
  return {
    ...env,
    publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    listenHost: env.HOST ?? (sandbox ? '127.0.0.1' : '0.0.0.0'),
    sandbox,
    wecomConfigured,
    wechatConfigured,
  };
}

/** Names of environment variables whose values must never reach a log line. */
export const SECRET_KEYS = ['WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_AES_KEY', 'WECHAT_APP_SECRET', 'WECHAT_TOKEN', 'WECHAT_AES_KEY', 'WECHATY_PUPPET_SERVICE_TOKEN', 'DATABASE_URL', 'LINK_SECRET'] as const;
