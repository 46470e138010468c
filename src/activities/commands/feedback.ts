/** 评价: an attendee rates the session once, with the token they were given at check-in. */
import type { AppContext } from '../../context.js';
import { jurisdictionOf, type Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { feedbackAttendee } from '../feedback-token.js';
import { activitiesDb } from '../schema.js';
import type { FeedbackInput } from '../schemas.js';
import { ensureNotCancelled, sessionRow } from './common.js';

export async function leaveFeedback(
  ctx: AppContext,
  opts: { actor: Actor | null; sessionId: number; input: FeedbackInput },
): Promise<void> {
  const { input } = opts;
  const j = jurisdictionOf(opts.actor, ctx.config.defaultJurisdiction);
  const s = await sessionRow(ctx.db, j, opts.sessionId);
  ensureNotCancelled(s);
  const attendeeId = feedbackAttendee(
    (i) => ctx.vault.hash(i),
    { jurisdictionId: j, sessionId: s.id },
    input.feedback_token,
  );
  if (attendeeId === null) throw new AppError('feedback_token_invalid');
  const db = activitiesDb(ctx.db);
  const attendee = await db
    .selectFrom('activity_attendees')
    .select('id')
    .where('jurisdiction_id', '=', j)
    .where('session_id', '=', s.id)
    .where('id', '=', attendeeId)
    .executeTakeFirst();
  if (!attendee) throw new AppError('feedback_token_invalid');
  const written = await db
    .insertInto('activity_feedback')
    .values({
      jurisdiction_id: j,
      session_id: s.id,
      attendee_id: attendeeId,
      rating: input.rating,
      comment: input.comment,
      created_at: ctx.now(),
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!written) throw new AppError('feedback_done');
}
