import { createHash } from 'node:crypto';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../http/actor.js';
import { AppError, type ErrorCode } from '../../http/errors.js';
import { claimKey, settleKey } from '../../http/idempotency.js';
import { parse } from '../../http/validate.js';
import { ACTION_INPUTS } from '../action-inputs.js';
import type { BatchAction } from '../schemas.js';
import { performAction } from './perform-action.js';

export type BatchResult =
  | { id: number; ok: true; ticket_no: string; status: string; version: number }
  | { id: number; ok: false; code: ErrorCode; message: string; message_en: string };

export type BatchAnswer = { action: BatchAction; results: BatchResult[] };

/**
 * One action on many requests (批量派单, 批量督办): each request in a transaction of its own through the same
 * command as one action (load as the actor may see it, policy, state machine, the write path and its event), so
 * that one refusal does not undo the others; the answer says, per request, done or the error's code. With an
 * Idempotency-Key the key is claimed first and the answer kept: a retry replays it, a retry while the first is
 * still running is told so, and a batch that failed as a whole (not one request) frees its key.
 */
export async function performBatch(
  ctx: AppContext,
  opts: {
    actor: Actor;
    action: BatchAction;
    ids: number[];
    input: unknown;
    idempotencyKey?: string | undefined;
  },
): Promise<{ answer: BatchAnswer; replayed: boolean }> {
  const { actor, action } = opts;
  // The input is the same for every request: a bad one is refused once, before anything is done.
  const input = parse(ACTION_INPUTS[action].strict(), opts.input);
  const key = opts.idempotencyKey
    ? {
        jurisdictionId: actor.jurisdictionId,
        scope: `batch:${actor.kind === 'user' ? `user:${actor.userId}` : actor.kind}`,
        key: opts.idempotencyKey,
        fingerprint: createHash('sha256')
          .update(JSON.stringify({ action, ids: opts.ids, input }))
          .digest('hex'),
      }
    : null;
  if (key) {
    const prior = await ctx.db.transaction().execute((tx) => claimKey<BatchAnswer | null>(tx, key));
    if (prior) {
      if (!prior.replay) throw new AppError('idempotency_in_progress');
      return { answer: prior.replay, replayed: true };
    }
  }
  try {
    const results: BatchResult[] = [];
    for (const id of opts.ids) results.push(await performOne(ctx, actor, action, id, input));
    const answer = { action, results };
    if (key) await ctx.db.transaction().execute((tx) => settleKey(tx, key, answer));
    return { answer, replayed: false };
  } catch (err) {
    if (key)
      await ctx.db
        .deleteFrom('idempotency_keys')
        .where('jurisdiction_id', '=', key.jurisdictionId)
        .where('scope', '=', key.scope)
        .where('key', '=', key.key)
        .execute();
    throw err;
  }
}

async function performOne(
  ctx: AppContext,
  actor: Actor,
  action: BatchAction,
  id: number,
  input: unknown,
): Promise<BatchResult> {
  try {
    const { request } = await performAction(ctx, { actor, requestId: id, action, input });
    return { id, ok: true, ticket_no: request.ticket_no, status: request.status, version: request.version };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { id, ok: false, code: err.code, message: err.messageZh, message_en: err.messageEn };
  }
}
