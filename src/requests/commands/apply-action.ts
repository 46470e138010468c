/**
 * A lifecycle action applied to a request already loaded and locked in the caller's transaction: the state
 * machine decides, the action's effect computes the change, the write path writes it. Shared by the actions of
 * staff and residents (./perform-action.ts), a community's order dispatched as it is placed, and an Open311
 * client's reopening; the caller has checked who may act.
 */
import type { AppContext } from '../../context.js';
import type { RequestRow } from '../../db/schema.js';
import type { Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { handlesRequest } from '../../http/policies.js';
import { parse } from '../../http/validate.js';
import type { ReferenceSnapshot } from '../../routing/reference-cache.js';
import { ACTION_INPUTS, type ActionInput } from '../action-inputs.js';
import { EFFECTS, type Effect, type RevealedContact } from '../actions.js';
import type { RequestEvent } from '../events/catalogue.js';
import { coFactsFor } from '../co-handling.js';
import { loadCoHandlers } from '../co-handlers.js';
import { replyFacts } from '../review/load.js';
import { snapshotOf } from '../snapshot.js';
import { decide, isAllowed, type Action } from '../workflow.js';
import { applyChange, appendToTimeline, type Db } from '../write/apply-change.js';
import { supporterMessages } from '../write/add-supporter.js';

export type ActionResult = {
  request: RequestRow;
  reveal?: RevealedContact | undefined;
  /** The ids of the events written on this request, the action's first. */
  eventIds: number[];
};

export async function applyAction(
  ctx: AppContext,
  tx: Db,
  opts: {
    actor: Actor;
    row: RequestRow;
    action: Action;
    input: unknown;
    /** Recorded on the action's event besides its own payload (e.g. where an Open311 update came from). */
    extraPayload?: Record<string, unknown>;
    /**
     * The jurisdiction's timezone and calendar, read before the transaction began: on PGlite a read through
     * another connection inside it would wait for it to end.
     */
    reference: Pick<ReferenceSnapshot, 'timezone' | 'calendar'>;
  },
): Promise<ActionResult> {
  const { actor, row, action } = opts;
  const input = parse(ACTION_INPUTS[action].strict(), opts.input);
  const { timezone, calendar } = opts.reference;
  const now = ctx.now();
  // 吹哨报到: the co-handlers, and where the actor's department stands among them, decide some actions.
  const coHandlers = await loadCoHandlers(tx, row.jurisdiction_id, row.id);
  const co = coFactsFor(coHandlers, actor.kind === 'user' ? actor.departmentCode : null);
  // A reply's template, automatic check and whether it is held for review, known before the state machine decides.
  const reply =
    action === 'reply' && isAllowed(snapshotOf(row, co), action)
      ? await replyFacts(tx, row, input as unknown as ActionInput<'reply'>, { now, tz: timezone })
      : undefined;
  // 差评复核: the dispute would be allowed but for the clock (its window, counted in working days, has passed).
  if (
    action === 'dispute-rating' &&
    isAllowed(snapshotOf(row, co), action) &&
    !isAllowed(snapshotOf(row, co, now), action)
  )
    throw new AppError('dispute_window_closed', { dispute_by: row.rating_dispute_by!.toISOString() });
  const decision = decide(
    { ...snapshotOf(row, co, now), replyReview: (reply?.reason ?? null) !== null },
    action,
  );
  if (!decision.ok) {
    throw new AppError('illegal_transition', {
      action,
      status: decision.status,
      allowed_actions: decision.allowed,
    });
  }
  const effect = (await (EFFECTS[action] as (env: unknown, input: unknown) => Promise<Effect> | Effect)(
    { tx, row, actor, now, tz: timezone, calendar, config: ctx.config, vault: ctx.vault, reply, coHandlers },
    input,
  )) as Effect;
  // The handling department has seen the resident's added information once it acts on the request.
  const seen = row.new_info_at !== null && handlesRequest(actor, row) ? { new_info_at: null } : {};
  // 附议: the residents who added their voice are told the answer as its reporter is.
  const answered = decision.to === 'replied' && row.status !== 'replied';
  const replyText = (effect.payload as { text?: string }).text;
  const supporters = answered ? await supporterMessages(tx, row, replyText) : [];
  const { request, eventIds } = await applyChange(tx, {
    row,
    actor,
    at: now,
    to: decision.to,
    patch: { ...seen, ...effect.patch },
    event: {
      type: effect.eventType ?? action,
      payload: { ...effect.payload, ...opts.extraPayload },
    } as RequestEvent,
    followups: effect.followups ?? [],
    outbox: [...(effect.outbox ?? []), ...supporters],
    ...(effect.coHandlers ? { coHandlers: effect.coHandlers } : {}),
  });
  if (action === 'merge') await recordMergeOnTarget(tx, request, actor, now);
  // the answer reaches the resident (a reply held for review does once approved)
  if (request.status === 'replied' && row.status !== 'replied')
    await notifyMerged(tx, row, (effect.payload as { text?: string }).text ?? null, actor, now);
  return { request, reveal: effect.reveal, eventIds };
}

async function recordMergeOnTarget(tx: Db, source: RequestRow, actor: Actor, now: Date) {
  const into = await tx
    .selectFrom('requests')
    .select(['jurisdiction_id', 'id', 'ticket_no', 'status'])
    .where('jurisdiction_id', '=', source.jurisdiction_id)
    .where('id', '=', source.merged_into_id!)
    .executeTakeFirstOrThrow();
  await appendToTimeline(tx, {
    row: into,
    actor,
    at: now,
    event: { type: 'merge-in', payload: { source_id: source.id, source_ticket_no: source.ticket_no } },
  });
}

/** 合并: every reporter of a request merged into this one (directly or through a chain of merges) receives its answer too. */
async function notifyMerged(tx: Db, target: RequestRow, text: string | null, actor: Actor, now: Date) {
  const j = target.jurisdiction_id;
  const merged: { jurisdiction_id: string; id: number; ticket_no: string; status: string }[] = [];
  for (let parents = [target.id]; parents.length > 0;) {
    const level = await tx
      .selectFrom('requests')
      .select(['jurisdiction_id', 'id', 'ticket_no', 'status'])
      .where('jurisdiction_id', '=', j)
      .where('merged_into_id', 'in', parents)
      .execute();
    merged.push(...level);
    parents = level.map((m) => m.id);
  }
  for (const m of merged) {
    await appendToTimeline(tx, {
      row: m,
      actor,
      at: now,
      event: { type: 'merged-reply', payload: { text, from_ticket_no: target.ticket_no } },
      outbox: [{ topic: 'request.replied', payload: { via: target.ticket_no } }],
    });
  }
}
