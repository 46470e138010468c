import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Vault } from '../privacy/crypto.js';
import { normalisePhone } from '../privacy/mask.js';
import { sha256 } from './tokens.js';

const OTP_TTL_MS = 5 * 60_000;
const MAX_ATTEMPTS = 5;

/** How a one-time code reaches a phone. Pluggable; the default writes it to the server log (development). */
export type OtpDelivery = (phone: string, code: string) => Promise<void>;

export async function issueOtp(opts: {
  db: Kysely<DB>;
  vault: Vault;
  jurisdictionId: string;
  phone: string;
  now: Date;
  deliver: OtpDelivery;
}) {
  const phone = normalisePhone(opts.phone);
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  const values = {
    jurisdiction_id: opts.jurisdictionId,
    phone_hash: opts.vault.hash(phone),
    code_hash: sha256(`${phone}:${code}`),
    attempts: 0,
    expires_at: new Date(opts.now.getTime() + OTP_TTL_MS),
  };
  await opts.db
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

/** True once for a right, unexpired code; a code dies after five wrong tries. */
export async function consumeOtp(opts: {
  db: Kysely<DB>;
  vault: Vault;
  jurisdictionId: string;
  phone: string;
  code: string;
  now: Date;
}) {
  const phone = normalisePhone(opts.phone);
  const key = { jurisdiction_id: opts.jurisdictionId, phone_hash: opts.vault.hash(phone) };
  const row = await opts.db
    .selectFrom('otp_codes')
    .selectAll()
    .where('jurisdiction_id', '=', key.jurisdiction_id)
    .where('phone_hash', '=', key.phone_hash)
    .executeTakeFirst();
  if (!row || row.expires_at.getTime() < opts.now.getTime() || row.attempts >= MAX_ATTEMPTS) return false;
  const given = Buffer.from(sha256(`${phone}:${opts.code}`));
  const ok =
    given.length === row.code_hash.length && crypto.timingSafeEqual(given, Buffer.from(row.code_hash));
  if (ok) {
    await opts.db
      .deleteFrom('otp_codes')
      .where('jurisdiction_id', '=', key.jurisdiction_id)
      .where('phone_hash', '=', key.phone_hash)
      .execute();
  } else {
    await opts.db
      .updateTable('otp_codes')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('jurisdiction_id', '=', key.jurisdiction_id)
      .where('phone_hash', '=', key.phone_hash)
      .execute();
  }
  return ok;
}
