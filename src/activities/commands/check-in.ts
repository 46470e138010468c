/**
 * 签到: the rotating code an organiser shows, and an attendee's check-in with it (a resident by their account's
 * phone, a party member by name and branch). One person checks in once; the capacity holds under concurrent
 * check-ins (the session's row is locked while the attendees are counted and the new one written).
 */
import QRCode from 'qrcode';
import type { Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import { jurisdictionOf, type Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { memberKeyInput } from '../attendee-identity.js';
import { checkCheckInToken, checkInCode } from '../check-in-code.js';
import { signFeedbackToken } from '../feedback-token.js';
import { activitiesDb, type CheckInMethod } from '../schema.js';
import type { CheckInInput } from '../schemas.js';
import { sessionState } from '../session-state.js';
import { ensureNotCancelled, sessionToRun } from './common.js';

/**
 * The code the organiser's page shows while the session is running: its content, as an SVG QR code. The
 * content's origin is the one the organiser's page was opened at (the phones in the room reach the server as
 * the organiser does).
 */
export async function currentCheckInCode(
  ctx: AppContext,
  opts: { actor: Actor; id: number; origin: string },
) {
  const s = await sessionToRun(ctx, opts.actor, opts.id);
  ensureNotCancelled(s);
  const now = ctx.now();
  if (sessionState(s, now) !== 'running') throw new AppError('session_not_running');
  const code = checkInCode(s.check_in_secret, s.id, now, opts.origin);
  const svg = await QRCode.toString(code.content, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return { content: code.content, svg, expires_at: code.expiresAt };
}

export type NewAttendee = {
  method: CheckInMethod;
  phone_hash: string | null;
  phone_enc: string | null;
  name_enc: string | null;
  branch: string | null;
  name_key: string | null;
  checked_in_at: Date;
  client_id: string | null;
  recorded_by_user_id: number | null;
};

/** Locks the session's row and answers how many places are taken (named attendees and walk-ins). */
export async function lockSession(tx: Transaction<DB>, jurisdictionId: string, sessionId: number) {
  const db = activitiesDb(tx);
  const s = await db
    .selectFrom('activity_sessions')
    .select(['capacity', 'headcount'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('id', '=', sessionId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return s;
}

/** Who the attendee is: their account's phone (a logged-in resident), or their name and branch. */
async function identify(ctx: AppContext, actor: Actor | null, input: CheckInInput, j: string) {
  if (input.method === 'member') {
    return {
      method: 'member' as const,
      phone_hash: null,
      phone_enc: null,
      name_enc: ctx.vault.encrypt(input.name),
      branch: input.branch,
      name_key: ctx.vault.hash(memberKeyInput(input.name, input.branch)),
    };
  }
  if (!actor) throw new AppError('unauthenticated');
  if (actor.kind !== 'user' || actor.role !== 'resident') throw new AppError('forbidden');
  const u = await ctx.db
    .selectFrom('users')
    .select(['phone_hash', 'phone_enc'])
    .where('jurisdiction_id', '=', j)
    .where('id', '=', actor.userId)
    .executeTakeFirst();
  if (!u?.phone_hash) throw new AppError('forbidden');
  return {
    method: 'phone' as const,
    phone_hash: u.phone_hash,
    phone_enc: u.phone_enc,
    name_enc: null,
    branch: null,
    name_key: null,
  };
}

/**
 * An attendee checks in with the code they scanned. Refused, in this order: a cancelled session, a session
 * not open for check-in, a forged code, an expired code, a second check-in by the same person, a full session.
 */
export async function checkIn(
  ctx: AppContext,
  opts: { actor: Actor | null; sessionId: number; input: CheckInInput },
): Promise<{ attendee_id: number; feedback_token: string }> {
  const { actor, sessionId, input } = opts;
  const j = jurisdictionOf(actor, ctx.config.defaultJurisdiction);
  const now = ctx.now();
  const who = await identify(ctx, actor, input, j);

  const attendeeId = await ctx.db.transaction().execute(async (tx) => {
    // the session's row, locked: the check-ins of one session are counted and written one at a time
    const s = await activitiesDb(tx)
      .selectFrom('activity_sessions')
      .select(['id', 'starts_at', 'ends_at', 'cancelled_at', 'check_in_secret', 'capacity', 'headcount'])
      .where('jurisdiction_id', '=', j)
      .where('id', '=', sessionId)
      .forUpdate()
      .executeTakeFirst();
    if (!s) throw new AppError('not_found');
    ensureNotCancelled(s);
    if (sessionState(s, now) !== 'running') throw new AppError('session_not_running');
    const code = checkCheckInToken(s.check_in_secret, s.id, input.token, now);
    if (code === 'invalid') throw new AppError('check_in_code_invalid');
    if (code === 'expired') throw new AppError('check_in_code_expired');
    const db = activitiesDb(tx);
    const present = await db
      .selectFrom('activity_attendees')
      .select((eb) => [
        eb.fn.countAll<number>().as('named'),
        eb.fn
          .countAll<number>()
          .filterWhere(
            who.phone_hash ? eb('phone_hash', '=', who.phone_hash) : eb('name_key', '=', who.name_key),
          )
          .as('seen'),
      ])
      .where('jurisdiction_id', '=', j)
      .where('session_id', '=', sessionId)
      .executeTakeFirstOrThrow();
    if (Number(present.seen) > 0) throw new AppError('already_checked_in');
    if (s.capacity !== null && Number(present.named) + s.headcount >= s.capacity)
      throw new AppError('session_full');
    const row = await db
      .insertInto('activity_attendees')
      .values({
        jurisdiction_id: j,
        session_id: sessionId,
        ...who,
        checked_in_at: now,
        client_id: null,
        recorded_by_user_id: null,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
  return {
    attendee_id: attendeeId,
    feedback_token: signFeedbackToken((i) => ctx.vault.hash(i), { jurisdictionId: j, sessionId }, attendeeId),
  };
}
