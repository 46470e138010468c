/**
 * One-time codes for residents' logins by phone. A code lives five minutes and dies after five wrong tries; the
 * try is counted in the same statement that reads the code, so that concurrent guesses cannot get past the count.
 * Codes are rationed per phone (a backoff that doubles from a minute, at most ten a day) and per client address
 * (twenty an hour), and a phone that has given ten wrong codes in a day, whatever code they were for, is locked
 * until the day's window ends: an SMS bill cannot be run up, nor a code guessed by asking for new ones.
 */
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { inJurisdiction } from '../db/source.js';
import { AppError } from '../http/errors.js';
import type { Vault } from '../privacy/crypto.js';
import { knownPhone } from '../privacy/phone.js';
import { lockedFor, recordFailure } from './throttle.js';
import { sha256 } from './tokens.js';

export const OTP_TTL_MS = 5 * 60_000;
export const MAX_ATTEMPTS = 5;
const DAY_MS = 86_400_000;
export const OTP_LIMITS = {
  phone: { windowMs: DAY_MS, sends: 10, backoffMs: 60_000, backoffCapMs: 3_600_000, failures: 10 },
  address: { windowMs: 3_600_000, sends: 20, backoffMs: 0, backoffCapMs: 0, failures: Infinity },
} as const;

/** How a one-time code reaches a phone. Pluggable; the default writes it to the server log (development). */
export type OtpDelivery = (phone: string, code: string) => Promise<void>;

type Limits = (typeof OTP_LIMITS)[keyof typeof OTP_LIMITS];

/**
 * Takes one send from a key's ration, in one statement (a new window when the last one has passed). Returns
 * null when taken, else how long to wait.
 */
async function takeSend(
  db: Kysely<DB>,
  jurisdictionId: string,
  key: string,
  limits: Limits,
  now: Date,
): Promise<number | null> {
  const windowFrom = new Date(now.getTime() - limits.windowMs);
  const fresh = sql<boolean>`auth_throttle.window_start <= ${windowFrom}`;
  const sends = sql<number>`case when ${fresh} then 1 else auth_throttle.sends + 1 end`;
  const taken = await db
    .insertInto('auth_throttle')
    .values({
      jurisdiction_id: jurisdictionId,
      key,
      window_start: now,
      sends: 1,
      failures: 0,
      next_send_at: new Date(now.getTime() + limits.backoffMs),
    })
    .onConflict((oc) =>
      oc
        .columns(['jurisdiction_id', 'key'])
        .doUpdateSet({
          window_start: sql`case when ${fresh} then ${now}::timestamptz else auth_throttle.window_start end`,
          failures: sql`case when ${fresh} then 0 else auth_throttle.failures end`,
          sends,
          // The wait after a send doubles with each send of the window: 1, 2, 4 … minutes, at most an hour.
          next_send_at: sql`${now}::timestamptz + least(${limits.backoffCapMs}::float8,
            ${limits.backoffMs}::float8 * power(2, (${sends}) - 1)) * interval '1 millisecond'`,
        })
        .where(
          sql<boolean>`auth_throttle.next_send_at <= ${now} and (${fresh} or auth_throttle.sends < ${limits.sends})`,
        ),
    )
    .returning('sends')
    .executeTakeFirst();
  if (taken) return null;
  const row = await db
    .selectFrom('auth_throttle')
    .select(['window_start', 'next_send_at', 'sends'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  const until =
    row.sends >= limits.sends
      ? Math.max(row.window_start.getTime() + limits.windowMs, row.next_send_at.getTime())
      : row.next_send_at.getTime();
  return Math.max(1000, until - now.getTime());
}

export async function issueOtp(opts: {
  db: Kysely<DB>;
  vault: Vault;
  jurisdictionId: string;
  phone: string;
  /** The client's address, for its own ration (not stored: a keyed hash is). */
  address: string;
  now: Date;
  deliver: OtpDelivery;
}) {
  const { db, vault, jurisdictionId: j, now } = opts;
  const jurisdiction = await db
    .selectFrom('jurisdictions')
    .select('jurisdiction_id')
    .where('jurisdiction_id', '=', j)
    .executeTakeFirst();
  if (!jurisdiction) throw new AppError('unknown_reference', { jurisdiction_id: j });
  const phone = knownPhone(opts.phone);
  const phoneHash = vault.hash(phone);
  for (const [key, limits] of [
    [`address:${vault.hash(`address:${opts.address}`)}`, OTP_LIMITS.address],
    [`phone:${phoneHash}`, OTP_LIMITS.phone],
  ] as const) {
    const wait = await takeSend(db, j, key, limits, now);
    if (wait !== null) throw new AppError('rate_limited', { retry_after_ms: wait });
  }
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  const values = {
    jurisdiction_id: j,
    phone_hash: phoneHash,
    code_hash: sha256(`${phone}:${code}`),
    attempts: 0,
    expires_at: new Date(now.getTime() + OTP_TTL_MS),
  };
  await db
    .insertInto('otp_codes')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['jurisdiction_id', 'phone_hash']).doUpdateSet({
        code_hash: values.code_hash,
        attempts: 0,
        expires_at: values.expires_at,
      }),
    )
    .execute();
  await opts.deliver(phone, code);
}

export type OtpOutcome =
  | { ok: true }
  | { ok: false; reason: 'invalid' | 'expired' }
  /** Five wrong tries of this code (ask for a new one), or ten wrong codes of this phone today (wait). */
  | { ok: false; reason: 'locked'; retryAfterMs: number | null };

/** Checks a code, counting the try first; a right code is used up. */
export async function consumeOtp(opts: {
  db: Kysely<DB>;
  vault: Vault;
  jurisdictionId: string;
  phone: string;
  code: string;
  now: Date;
}): Promise<OtpOutcome> {
  const { db, now } = opts;
  const phone = knownPhone(opts.phone);
  const j = opts.jurisdictionId;
  const phoneHash = opts.vault.hash(phone);
  const phoneKey = `phone:${phoneHash}`;
  const limits = OTP_LIMITS.phone;
  const wait = await lockedFor(db, j, phoneKey, limits, now);
  if (wait !== null) return { ok: false, reason: 'locked', retryAfterMs: wait };
  const tried = await db
    .updateTable('otp_codes')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('jurisdiction_id', '=', j)
    .where('phone_hash', '=', phoneHash)
    .where('attempts', '<', MAX_ATTEMPTS)
    .where('expires_at', '>', now)
    .returning(['code_hash', 'attempts'])
    .executeTakeFirst();
  if (!tried) {
    const code = await inJurisdiction(db, 'otp_codes', j)
      .select(['attempts', 'expires_at'])
      .where('phone_hash', '=', phoneHash)
      .executeTakeFirst();
    return code && code.expires_at > now
      ? { ok: false, reason: 'locked', retryAfterMs: null }
      : { ok: false, reason: 'expired' };
  }
  const given = Buffer.from(sha256(`${phone}:${opts.code}`));
  const right =
    given.length === tried.code_hash.length && crypto.timingSafeEqual(given, Buffer.from(tried.code_hash));
  if (right) {
    // Used up, once: of two right guesses at once, only the one that deletes it logs in.
    const used = await db
      .deleteFrom('otp_codes')
      .where('jurisdiction_id', '=', j)
      .where('phone_hash', '=', phoneHash)
      .where('code_hash', '=', tried.code_hash)
      .executeTakeFirst();
    return Number(used.numDeletedRows) > 0 ? { ok: true } : { ok: false, reason: 'expired' };
  }
  await recordFailure(db, j, phoneKey, limits.windowMs, now);
  return tried.attempts >= MAX_ATTEMPTS
    ? { ok: false, reason: 'locked', retryAfterMs: null }
    : { ok: false, reason: 'invalid' };
}
