/** Logging in: staff with a username and password, residents with their phone and a one-time code. */
import type { AppContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { userActor } from '../http/actor.js';
import { ACTOR_COLUMNS, findOrCreateResident } from '../users/users.js';
import { consumeOtp, issueOtp, type OtpDelivery } from './otp.js';
import { hashPassword, verifyPassword } from '../users/passwords.js';
import { clearFailures, lockedFor, recordFailure } from './throttle.js';
import type { SessionStore } from './sessions.js';
import { newToken } from './tokens.js';

/** A hash of a secret nobody knows: unknown usernames cost the same time as wrong passwords. */
let dummyHash: Promise<string> | undefined;

/**
 * Ten wrong passwords for one account in fifteen minutes, from whatever addresses, lock it for the rest of them
 * (the per-address rate limit alone let a second address go on guessing).
 */
export const ACCOUNT_LIMITS = { windowMs: 15 * 60_000, failures: 10 };

/** Checks a member of staff's password and opens a session; any failure is the same `invalid_credentials`. */
export async function staffLogin(
  ctx: AppContext,
  sessions: SessionStore,
  opts: { jurisdictionId: string; username: string; password: string },
) {
  // Keyed by the name asked for, known or not: a lock says nothing of which usernames exist.
  const key = `account:${ctx.vault.hash(`${opts.jurisdictionId}:${opts.username.toLowerCase()}`)}`;
  const now = ctx.now();
  const wait = await lockedFor(ctx.db, opts.jurisdictionId, key, ACCOUNT_LIMITS, now).catch(() => null);
  if (wait !== null) throw new AppError('account_locked', { retry_after_ms: wait });
  const user = await ctx.db
    .selectFrom('users as u')
    .leftJoin('departments as d', (j) =>
      j.onRef('d.jurisdiction_id', '=', 'u.jurisdiction_id').onRef('d.code', '=', 'u.department_code'),
    )
    .select([...ACTOR_COLUMNS, 'u.password_hash', 'd.kind as department_kind'])
    .where('u.jurisdiction_id', '=', opts.jurisdictionId)
    .where('u.username', '=', opts.username)
    .executeTakeFirst();
  // Verify against a hash even for unknown users, so response time does not reveal which usernames exist.
  const ok = await verifyPassword(
    user?.password_hash ?? (await (dummyHash ??= hashPassword(newToken()))),
    opts.password,
  );
  if (!user || !ok || !user.active) {
    // A jurisdiction that does not exist has no accounts to count against.
    await recordFailure(ctx.db, opts.jurisdictionId, key, ACCOUNT_LIMITS.windowMs, now).catch(
      () => undefined,
    );
    throw new AppError('invalid_credentials');
  }
  await clearFailures(ctx.db, opts.jurisdictionId, key);
  const session = await sessions.create(opts.jurisdictionId, user.id, ctx.now());
  return { user, actor: userActor(user), session };
}

/** Sends a resident a one-time code to log in with. */
export function sendOtp(
  ctx: AppContext,
  deliver: OtpDelivery,
  opts: { jurisdictionId: string; phone: string; address: string },
): Promise<void> {
  return issueOtp({ db: ctx.db, vault: ctx.vault, now: ctx.now(), deliver, ...opts });
}

/** Consumes a resident's one-time code, finds (or creates) their account and opens a session. */
export async function residentLogin(
  ctx: AppContext,
  sessions: SessionStore,
  opts: { jurisdictionId: string; phone: string; code: string },
) {
  const outcome = await consumeOtp({ db: ctx.db, vault: ctx.vault, now: ctx.now(), ...opts });
  if (!outcome.ok && outcome.reason === 'locked')
    throw new AppError('code_locked', outcome.retryAfterMs ? { retry_after_ms: outcome.retryAfterMs } : {});
  if (!outcome.ok) throw new AppError('invalid_code', { reason: outcome.reason });
  const userId = await findOrCreateResident(ctx.db, ctx.vault, opts.jurisdictionId, opts.phone);
  const session = await sessions.create(opts.jurisdictionId, userId, ctx.now());
  return { userId, session };
}
