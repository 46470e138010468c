/** Logging in: staff with a username and password, residents with their phone and a one-time code. */
import type { AppContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { userActor } from '../http/actor.js';
import { ACTOR_COLUMNS, findOrCreateResident } from '../users/users.js';
import { consumeOtp, issueOtp, type OtpDelivery } from './otp.js';
import { hashPassword, verifyPassword } from './passwords.js';
import type { SessionStore } from './sessions.js';
import { newToken } from './tokens.js';

/** A hash of a secret nobody knows: unknown usernames cost the same time as wrong passwords. */
let dummyHash: Promise<string> | undefined;

/** Checks a member of staff's password and opens a session; any failure is the same `invalid_credentials`. */
export async function staffLogin(
  ctx: AppContext,
  sessions: SessionStore,
  opts: { jurisdictionId: string; username: string; password: string },
) {
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
  if (!user || !ok || !user.active) throw new AppError('invalid_credentials');
  const session = await sessions.create(opts.jurisdictionId, user.id, ctx.now());
  return { user, actor: userActor(user), session };
}

/** Sends a resident a one-time code to log in with. */
export function sendOtp(
  ctx: AppContext,
  deliver: OtpDelivery,
  opts: { jurisdictionId: string; phone: string },
): Promise<void> {
  return issueOtp({ db: ctx.db, vault: ctx.vault, now: ctx.now(), deliver, ...opts });
}

/** Consumes a resident's one-time code, finds (or creates) their account and opens a session. */
export async function residentLogin(
  ctx: AppContext,
  sessions: SessionStore,
  opts: { jurisdictionId: string; phone: string; code: string },
) {
  const ok = await consumeOtp({ db: ctx.db, vault: ctx.vault, now: ctx.now(), ...opts });
  if (!ok) throw new AppError('invalid_code');
  const userId = await findOrCreateResident(ctx.db, ctx.vault, opts.jurisdictionId, opts.phone);
  const session = await sessions.create(opts.jurisdictionId, userId, ctx.now());
  return { userId, session };
}
