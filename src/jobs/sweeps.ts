import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import { systemActor } from '../http/actor.js';
import { performAction } from '../requests/commands/perform-action.js';
import { addWorkingDays } from '../requests/deadlines.js';
import { loadRequest } from '../requests/queries.js';
import { applyChange } from '../requests/write/apply-change.js';
import { AppError } from '../http/errors.js';
import { referenceCache } from '../routing/reference-cache.js';

export type SweepResult = { marked: number; closed: number };

/**
 * Marks requests past their sign or reply deadline as overdue and escalates them (one event each, once:
 * the flags make a second run a no-op), and closes replied requests whose reporter has not answered the
 * follow-up within the configured working days. At most `cap` requests per kind and run.
 */
export async function sweepDeadlines(
  ctx: AppContext,
  jurisdictionId: string,
  cap = ctx.config.sweepCap,
): Promise<SweepResult> {
  const now = ctx.now();
  const actor = systemActor(jurisdictionId, '超期督办 deadline sweep');
  let marked = 0;
  for (const kind of ['sign', 'reply'] as const) {
    const due = await ctx.db
      .selectFrom('requests')
      .select(['id'])
      .where('jurisdiction_id', '=', jurisdictionId)
      .where(kind === 'sign' ? 'sign_overdue' : 'reply_overdue', '=', false)
      .where(kind === 'sign' ? 'sign_by' : 'reply_by', '<', now)
      .where(kind === 'sign' ? 'signed_at' : 'replied_at', 'is', null)
      .where('status', 'in', kind === 'sign' ? ['dispatched'] : ['dispatched', 'signed', 'in_progress'])
      .orderBy('id')
      .limit(cap)
      .execute();
    for (const { id } of due) {
      const done = await ctx.db.transaction().execute(async (tx) => {
        const row = await loadRequest(tx, jurisdictionId, id, { kind: 'all' }, { forUpdate: true });
        // Marked by a sweep running beside this one.
        if (!row || row[kind === 'sign' ? 'sign_overdue' : 'reply_overdue']) return false;
        await applyChange(tx, {
          row,
          actor,
          at: now,
          patch: { [kind === 'sign' ? 'sign_overdue' : 'reply_overdue']: true, escalated: true },
          event: { type: 'overdue', payload: { deadline: kind } },
          outbox: [
            {
              topic: 'request.escalated',
              payload: { reason: `${kind}_overdue`, department_code: row.department_code },
            },
          ],
        });
        return true;
      });
      if (done) marked++;
    }
  }
  return { marked, closed: await autoClose(ctx, jurisdictionId, cap, now) };
}

async function autoClose(ctx: AppContext, jurisdictionId: string, cap: number, now: Date): Promise<number> {
  const { timezone, calendar } = await referenceCache(ctx.db).get(jurisdictionId);
  // Answered more than N working days ago (a reply held for review: since its approval): a coarse calendar-day
  // bound in SQL, the exact working-day test below.
  const answeredAt = sql<Date>`coalesce(reply_approved_at, replied_at)`;
  const candidates = await ctx.db
    .selectFrom('requests')
    .select(['id', answeredAt.as('answered_at')])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('status', '=', 'replied')
    .where(answeredAt, '<', new Date(now.getTime() - ctx.config.autoCloseDays * 86_400_000))
    .orderBy(answeredAt)
    .limit(cap)
    .execute();
  let closed = 0;
  const actor = systemActor(jurisdictionId, '自动办结 auto-close');
  for (const c of candidates) {
    if (!c.answered_at || addWorkingDays(c.answered_at, ctx.config.autoCloseDays, timezone, calendar) > now)
      continue;
    try {
      await performAction(ctx, { actor, requestId: c.id, action: 'auto-close', input: {} });
      closed++;
    } catch (err) {
      // Someone acted on it in between (follow-up recorded): nothing to close.
      if (!(err instanceof AppError)) throw err;
    }
  }
  return closed;
}
