import path from 'node:path';
import { z } from 'zod';

const boolish = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  /** A streaming replica of DATABASE_URL's server: dashboards, public pages, Open311 GETs, feeds and exports read it. */
  DATABASE_REPLICA_URL: z.string().url().optional(),
  /** After a caller writes, their reads stay on the primary this long (read-your-writes). */
  BANSHI_READ_YOUR_WRITES_MS: z.coerce.number().int().min(0).default(5_000),
  BANSHI_DATA_DIR: z.string().default('./data'),
  /** 32-byte key (hex or base64) for encrypting residents' personal data at rest. */
  BANSHI_SECRET_KEY: z.string().optional(),
  BANSHI_DEFAULT_JURISDICTION: z.string().default('xiangcheng'),
  BANSHI_DEMO_PASSWORD: z.string().min(8).default('banshi-demo'),
  BANSHI_AUTO_DISPATCH_THRESHOLD: z.coerce.number().min(0).max(1).default(0.9),
  BANSHI_RETURN_ESCALATION: z.coerce.number().int().min(1).default(2),
  BANSHI_AUTO_CLOSE_DAYS: z.coerce.number().int().min(1).default(3),
  BANSHI_SWEEP_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
  BANSHI_SWEEP_CAP: z.coerce.number().int().min(1).default(500),
  /** The browser that prints PDFs (通报); nothing is downloaded. */
  BANSHI_CHROMIUM: z.string().default('/usr/bin/chromium'),
  BANSHI_PUBLIC_RATE_LIMIT: z.coerce.number().int().min(1).default(120),
  /** Open311 POSTs per address per minute (an integration syncing a backlog posts far more than a browser reads). */
  BANSHI_OPEN311_WRITE_RATE_LIMIT: z.coerce.number().int().min(1).default(600),
  /** Where residents and clients reach the server (behind a proxy: the proxy's https address). */
  BANSHI_PUBLIC_URL: z.string().url().optional(),
  /** Unset: secure exactly when the public URL is https. */
  BANSHI_SECURE_COOKIES: boolish.optional(),
  BANSHI_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000),
  BANSHI_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).default(10_000),
  BANSHI_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  BANSHI_MAX_CONNECTIONS: z.coerce.number().int().min(1).default(1024),
  BANSHI_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BANSHI_OTP_DELIVERY: z.enum(['log']).default('log'),
  /** Check every JSON answer of the API against its response schema (a mismatch is a 500): on in the tests. */
  BANSHI_VALIDATE_RESPONSES: boolish.default(false),
  /** Minutes after its start a parking booking nobody checked in is released (no-show). */
  BANSHI_PARKING_NO_SHOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  /** Delivery to residents (src/delivery/): the SMTP server and sender of e-mail. */
  BANSHI_SMTP_URL: z.string().url().optional(),
  BANSHI_MAIL_FROM: z.string().min(3).default('12345 <noreply@localhost>'),
  /** Aliyun SMS (dysmsapi): keys, endpoint (`http://host:port` for a local one), signature, template codes by topic. */
  BANSHI_ALIYUN_SMS_ACCESS_KEY_ID: z.string().min(1).optional(),
  BANSHI_ALIYUN_SMS_ACCESS_KEY_SECRET: z.string().min(1).optional(),
  BANSHI_ALIYUN_SMS_ENDPOINT: z.string().min(1).default('dysmsapi.aliyuncs.com'),
  BANSHI_ALIYUN_SMS_SIGN_NAME: z.string().min(1).optional(),
  BANSHI_ALIYUN_SMS_TEMPLATES: z.string().optional(),
  /** Tencent Cloud SMS: keys, endpoint, region, SDK app id, signature, template ids by topic. */
  BANSHI_TENCENT_SMS_SECRET_ID: z.string().min(1).optional(),
  BANSHI_TENCENT_SMS_SECRET_KEY: z.string().min(1).optional(),
  BANSHI_TENCENT_SMS_ENDPOINT: z.string().min(1).default('sms.tencentcloudapi.com'),
  BANSHI_TENCENT_SMS_REGION: z.string().min(1).default('ap-guangzhou'),
  BANSHI_TENCENT_SMS_APP_ID: z.string().min(1).optional(),
  BANSHI_TENCENT_SMS_SIGN_NAME: z.string().min(1).optional(),
  BANSHI_TENCENT_SMS_TEMPLATES: z.string().optional(),
  /** How often the server's worker looks for messages due (0: never, as for a server that only serves). */
  BANSHI_DELIVERY_INTERVAL_MS: z.coerce.number().int().min(0).default(5_000),
  /** A worker's claim on the messages it sends, after which another worker may take them (a killed worker's). */
  BANSHI_DELIVERY_LEASE_MS: z.coerce.number().int().min(1000).default(60_000),
  BANSHI_DELIVERY_MAX_AGE_HOURS: z.coerce.number().min(0.01).default(72),
  BANSHI_DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(10),
  /** Messages sent at once by one worker. */
  BANSHI_DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /** How long a 回访 link stays valid. */
  BANSHI_FOLLOWUP_LINK_DAYS: z.coerce.number().int().min(1).max(90).default(7),
});

/** Template ids by outbox topic, as the provider registered them: a JSON object. */
const templateIds = (raw: string | undefined, name: string): Record<string, string> => {
  if (!raw) return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    json = null;
  }
  const parsed = z.record(z.string(), z.string().min(1)).safeParse(json);
  if (!parsed.success)
    throw new Error(`配置错误 / invalid configuration:\n  ${name}: a JSON object of strings`);
  return parsed.data;
};

/** A provider's endpoint: `host[:port]`, or with `http://` or `https://` before it. */
export type Endpoint = { protocol: 'http' | 'https'; host: string };
const endpoint = (raw: string): Endpoint => {
  const m = /^(https?):\/\/(.+?)\/?$/.exec(raw);
  return m ? { protocol: m[1] as 'http' | 'https', host: m[2]! } : { protocol: 'https', host: raw };
};

export type SmsProviderConfig = {
  endpoint: Endpoint;
  signName: string;
  /** The provider's template id for each outbox topic. */
  templates: Record<string, string>;
};
export type DeliveryConfig = {
  smtp: { url: string; from: string } | null;
  aliyun: (SmsProviderConfig & { accessKeyId: string; accessKeySecret: string }) | null;
  tencent:
    (SmsProviderConfig & { secretId: string; secretKey: string; region: string; appId: string }) | null;
  intervalMs: number;
  leaseMs: number;
  maxAgeMs: number;
  maxAttempts: number;
  concurrency: number;
  followupLinkDays: number;
};

type Env = z.infer<typeof EnvSchema>;

function deliveryConfig(e: Env): DeliveryConfig {
  const aliyun =
    e.BANSHI_ALIYUN_SMS_ACCESS_KEY_ID &&
    e.BANSHI_ALIYUN_SMS_ACCESS_KEY_SECRET &&
    e.BANSHI_ALIYUN_SMS_SIGN_NAME
      ? {
          accessKeyId: e.BANSHI_ALIYUN_SMS_ACCESS_KEY_ID,
          accessKeySecret: e.BANSHI_ALIYUN_SMS_ACCESS_KEY_SECRET,
          endpoint: endpoint(e.BANSHI_ALIYUN_SMS_ENDPOINT),
          signName: e.BANSHI_ALIYUN_SMS_SIGN_NAME,
          templates: templateIds(e.BANSHI_ALIYUN_SMS_TEMPLATES, 'BANSHI_ALIYUN_SMS_TEMPLATES'),
        }
      : null;
  const tencent =
    e.BANSHI_TENCENT_SMS_SECRET_ID &&
    e.BANSHI_TENCENT_SMS_SECRET_KEY &&
    e.BANSHI_TENCENT_SMS_APP_ID &&
    e.BANSHI_TENCENT_SMS_SIGN_NAME
      ? {
          secretId: e.BANSHI_TENCENT_SMS_SECRET_ID,
          secretKey: e.BANSHI_TENCENT_SMS_SECRET_KEY,
          endpoint: endpoint(e.BANSHI_TENCENT_SMS_ENDPOINT),
          region: e.BANSHI_TENCENT_SMS_REGION,
          appId: e.BANSHI_TENCENT_SMS_APP_ID,
          signName: e.BANSHI_TENCENT_SMS_SIGN_NAME,
          templates: templateIds(e.BANSHI_TENCENT_SMS_TEMPLATES, 'BANSHI_TENCENT_SMS_TEMPLATES'),
        }
      : null;
  return {
    smtp: e.BANSHI_SMTP_URL ? { url: e.BANSHI_SMTP_URL, from: e.BANSHI_MAIL_FROM } : null,
    aliyun,
    tencent,
    intervalMs: e.BANSHI_DELIVERY_INTERVAL_MS,
    leaseMs: e.BANSHI_DELIVERY_LEASE_MS,
    maxAgeMs: e.BANSHI_DELIVERY_MAX_AGE_HOURS * 3_600_000,
    maxAttempts: e.BANSHI_DELIVERY_MAX_ATTEMPTS,
    concurrency: e.BANSHI_DELIVERY_CONCURRENCY,
    followupLinkDays: e.BANSHI_FOLLOWUP_LINK_DAYS,
  };
}

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  replicaUrl: string | undefined;
  readYourWritesMs: number;
  dataDir: string;
  secretKey: string | undefined;
  defaultJurisdiction: string;
  demoPassword: string;
  autoDispatchThreshold: number;
  returnEscalation: number;
  autoCloseDays: number;
  sweepIntervalMs: number;
  sweepCap: number;
  publicRateLimit: number;
  chromium: string;
  open311WriteRateLimit: number;
  /** The server's public address, without a trailing slash: Open311's discovery, links, cookies, HSTS. */
  publicUrl: string;
  secureCookies: boolean;
  /** A request must arrive whole, its headers within headersTimeoutMs; an idle keep-alive socket closes. */
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
  logLevel: string;
  otpDelivery: 'log';
  validateResponses: boolean;
  parkingNoShowMinutes: number;
  delivery: DeliveryConfig;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`配置错误 / invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.DATABASE_REPLICA_URL && !e.DATABASE_URL)
    throw new Error(
      '配置错误 / invalid configuration:\n  DATABASE_REPLICA_URL: 只读副本需要 DATABASE_URL 指定的主库 / a replica needs the primary server of DATABASE_URL (the embedded database has none)',
    );
  const publicUrl = (
    e.BANSHI_PUBLIC_URL ?? `http://${e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST}:${e.PORT}`
  ).replace(/\/+$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    replicaUrl: e.DATABASE_REPLICA_URL,
    readYourWritesMs: e.BANSHI_READ_YOUR_WRITES_MS,
    dataDir: path.resolve(e.BANSHI_DATA_DIR),
    secretKey: e.BANSHI_SECRET_KEY,
    defaultJurisdiction: e.BANSHI_DEFAULT_JURISDICTION,
    demoPassword: e.BANSHI_DEMO_PASSWORD,
    autoDispatchThreshold: e.BANSHI_AUTO_DISPATCH_THRESHOLD,
    returnEscalation: e.BANSHI_RETURN_ESCALATION,
    autoCloseDays: e.BANSHI_AUTO_CLOSE_DAYS,
    sweepIntervalMs: e.BANSHI_SWEEP_INTERVAL_MS,
    sweepCap: e.BANSHI_SWEEP_CAP,
    publicRateLimit: e.BANSHI_PUBLIC_RATE_LIMIT,
    chromium: e.BANSHI_CHROMIUM,
    open311WriteRateLimit: e.BANSHI_OPEN311_WRITE_RATE_LIMIT,
    publicUrl,
    secureCookies: e.BANSHI_SECURE_COOKIES ?? publicUrl.startsWith('https:'),
    requestTimeoutMs: e.BANSHI_REQUEST_TIMEOUT_MS,
    headersTimeoutMs: e.BANSHI_HEADERS_TIMEOUT_MS,
    keepAliveTimeoutMs: e.BANSHI_KEEP_ALIVE_TIMEOUT_MS,
    maxConnections: e.BANSHI_MAX_CONNECTIONS,
    logLevel: e.BANSHI_LOG_LEVEL,
    otpDelivery: e.BANSHI_OTP_DELIVERY,
    validateResponses: e.BANSHI_VALIDATE_RESPONSES,
    parkingNoShowMinutes: e.BANSHI_PARKING_NO_SHOW_MINUTES,
    delivery: deliveryConfig(e),
  };
}
