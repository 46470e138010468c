import type { AppContext } from '../../context.js';
import type { Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { isReplyOverdue, mayPerform, requestVisibility } from '../../http/policies.js';
import { parse } from '../../http/validate.js';
import { referenceCache } from '../../routing/reference-cache.js';
import { ACTION_INPUTS } from '../action-inputs.js';
import { loadRequest, statusOnceHeldBy } from '../queries.js';
import type { Action } from '../workflow.js';
import { applyAction, type ActionResult } from './apply-action.js';

export type { ActionResult };

/**
 * Applies one lifecycle action: load the request as the actor may see it, check the version and the policy,
 * then apply it (state machine, effect, one write) in one transaction.
 */
export async function performAction(
  ctx: AppContext,
  opts: {
    actor: Actor;
    requestId: number;
    action: Action;
    input: unknown;
    expectedVersion?: number | undefined;
  },
): Promise<ActionResult> {
  const { actor, action } = opts;
  const j = actor.jurisdictionId;
  const input = parse(ACTION_INPUTS[action].strict(), opts.input);
  const reference = await referenceCache(ctx.db).get(j);
  return ctx.db.transaction().execute(async (tx) => {
    if (action === 'merge') {
      // Both requests change (the source's state, the target's timeline): lock them in id order, so that two
      // dispatchers merging A into B and B into A wait for each other instead of deadlocking.
      const ids = [opts.requestId, (input as unknown as { into_id: number }).into_id].sort((a, b) => a - b);
      await tx
        .selectFrom('requests')
        .select('id')
        .where('jurisdiction_id', '=', j)
        .where('id', 'in', ids)
        .orderBy('id')
        .forUpdate()
        .execute();
    }
    const visibility = requestVisibility(actor);
    const row = await loadRequest(tx, j, opts.requestId, visibility, { forUpdate: true });
    if (!row) {
      const status = await statusOnceHeldBy(tx, j, opts.requestId, visibility);
      if (status)
        throw new AppError('illegal_transition', { action, status, reason: 'no_longer_with_department' });
      throw new AppError('not_found');
    }
    if (opts.expectedVersion !== undefined && opts.expectedVersion !== row.version) {
      throw new AppError('version_conflict', {
        current_version: row.version,
        expected_version: opts.expectedVersion,
      });
    }
    // The clock decides whether the reply is overdue even before the sweep has marked it.
    const facts = { ...row, reply_overdue: isReplyOverdue(row, ctx.now()) };
    if (!mayPerform(actor, action, facts)) throw new AppError('forbidden', { action });
    return applyAction(ctx, tx, { actor, row, action, input, reference });
  });
}
