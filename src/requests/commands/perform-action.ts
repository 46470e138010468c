import type { AppContext } from '../../context.js';
import type { RequestRow } from '../../db/schema.js';
import type { Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { mayPerform, requestVisibility } from '../../http/policies.js';
import { referenceCache } from '../../routing/reference-cache.js';
import { parse } from '../../http/validate.js';
import { ACTION_INPUTS } from '../action-inputs.js';
import { EFFECTS } from '../actions.js';
import { appendEvent, enqueue } from '../events.js';
import { loadRequest } from '../queries.js';
import { snapshotOf } from '../snapshot.js';
import { decide, type Action } from '../workflow.js';

export type ActionResult = { request: RequestRow; reveal?: Record<string, unknown> | undefined };

/**
 * Applies one lifecycle action: load the request as the actor may see it, check the version, the policy and
 * the state machine, then write the new state and its event (and side effects in the outbox) in one
 * transaction.
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
  const { timezone, calendar } = await referenceCache(ctx.db).get(j);
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
    const row = await loadRequest(tx, j, opts.requestId, requestVisibility(actor), { forUpdate: true });
    if (!row) throw new AppError('not_found');
    if (opts.expectedVersion !== undefined && opts.expectedVersion !== row.version) {
      throw new AppError('version_conflict', {
        current_version: row.version,
        expected_version: opts.expectedVersion,
      });
    }
    if (!mayPerform(actor, action, row)) throw new AppError('forbidden', { action });
    const decision = decide(snapshotOf(row), action);
    if (!decision.ok) {
      throw new AppError('illegal_transition', {
        action,
        status: decision.status,
        allowed_actions: decision.allowed,
      });
    }
    const now = ctx.now();
    const effect = await (
      EFFECTS[action] as (env: unknown, input: unknown) => ReturnType<(typeof EFFECTS)[Action]>
    )({ tx, row, actor, now, tz: timezone, calendar, config: ctx.config, vault: ctx.vault }, input);
    const updated = await tx
      .updateTable('requests')
      .set({ ...effect.patch, status: decision.to, version: row.version + 1, updated_at: now })
      .where('jurisdiction_id', '=', j)
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const base = { jurisdictionId: j, requestId: row.id, actor, at: now };
    await appendEvent(tx, {
      ...base,
      type: action,
      from: row.status,
      to: decision.to,
      payload: effect.payload ?? {},
    });
    for (const f of effect.followups ?? []) {
      await appendEvent(tx, {
        ...base,
        type: f.type,
        from: decision.to,
        to: decision.to,
        payload: f.payload,
      });
    }
    for (const o of effect.outbox ?? []) {
      await enqueue(tx, j, o.topic, { request_id: row.id, ticket_no: row.ticket_no, ...o.payload });
    }
    if (action === 'merge') await recordMergeOnTarget(tx, j, updated, actor, now);
    if (action === 'reply' || action === 'answer-directly')
      await notifyMerged(tx, j, row, effect.payload ?? {}, actor, now);
    return { request: updated, reveal: effect.reveal };
  });
}

type Tx = Parameters<typeof appendEvent>[0];

async function recordMergeOnTarget(tx: Tx, j: string, source: RequestRow, actor: Actor, now: Date) {
  const into = await tx
    .selectFrom('requests')
    .select(['id', 'status'])
    .where('jurisdiction_id', '=', j)
    .where('id', '=', source.merged_into_id!)
    .executeTakeFirstOrThrow();
  await appendEvent(tx, {
    jurisdictionId: j,
    requestId: into.id,
    type: 'merge-in',
    actor,
    from: into.status,
    to: into.status,
    payload: { source_id: source.id, source_ticket_no: source.ticket_no },
    at: now,
  });
}

/** 合并: every reporter of a request merged into this one (directly or through a chain of merges) receives its answer too. */
async function notifyMerged(
  tx: Tx,
  j: string,
  target: RequestRow,
  payload: Record<string, unknown>,
  actor: Actor,
  now: Date,
) {
  const merged: { id: number; ticket_no: string; status: string }[] = [];
  for (let parents = [target.id]; parents.length > 0;) {
    const level = await tx
      .selectFrom('requests')
      .select(['id', 'ticket_no', 'status'])
      .where('jurisdiction_id', '=', j)
      .where('merged_into_id', 'in', parents)
      .execute();
    merged.push(...level);
    parents = level.map((m) => m.id);
  }
  for (const m of merged) {
    await appendEvent(tx, {
      jurisdictionId: j,
      requestId: m.id,
      type: 'merged-reply',
      actor,
      from: m.status,
      to: m.status,
      payload: { text: payload.text ?? null, from_ticket_no: target.ticket_no },
      at: now,
    });
    await enqueue(tx, j, 'request.replied', {
      request_id: m.id,
      ticket_no: m.ticket_no,
      via: target.ticket_no,
    });
  }
}
