import path from 'node:path';
import { z } from 'zod';

const boolish = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
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
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
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
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`配置错误 / invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const publicUrl = (
    e.BANSHI_PUBLIC_URL ?? `http://${e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST}:${e.PORT}`
  ).replace(/\/+$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
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
  };
}
