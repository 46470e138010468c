/**
 * What each lifecycle action changes besides the status: deadlines, counters, flags, and the payload recorded
 * on its event. The state machine (./workflow.ts) has already allowed the action when these run.
 */
import type { Transaction } from 'kysely';
import type { Config } from '../config.js';
import type { DB, RatingDispute, ReplyReview, RequestPatch, RequestRow } from '../db/schema.js';
import { ofRequest } from '../db/source.js';
import type { Actor } from '../http/actor.js';
import { isReplyOverdue, isReporter, isRequesterDepartment } from '../http/policies.js';
import { AppError } from '../http/errors.js';
import type { Vault } from '../privacy/crypto.js';
import { recordCorrection } from '../text/corrections.js';
import { normalise } from '../text/normalise.js';
import { requireExists, slaProfileFor } from '../routing/reference.js';
import type { ActionInput } from './action-inputs.js';
import { addWorkingDays, computeDeadlines, extendDeadline } from './deadlines.js';
import type { ReplyFacts } from './review/load.js';
import type { EventPayload, RequestEvent } from './events/catalogue.js';
import type { OutboxInput } from './events/topics.js';
import type { Action } from './workflow.js';
import type { CoHandlerChange } from './write/apply-change.js';
import { CO_EFFECTS, coHandlersAdded, type CoEnv } from './co-effects.js';

/** The reporter's contact in full, which only `reveal-contact` returns (and logs on the timeline). */
export type RevealedContact = { name: string | null; phone: string | null };

/** What an action's effect reads: the request locked in its transaction, the actor, the clock, the calendar… */
export type EffectEnv = CoEnv & {
  config: Config;
  vault: Vault;
  /** `reply` only: its template, automatic check and whether it is held for review (./review/load.ts). */
  reply?: ReplyFacts;
};

type EffectBase = {
  patch?: RequestPatch;
  /** Extra events on this request after the main one (e.g. escalation after too many returns). */
  followups?: RequestEvent[];
  outbox?: OutboxInput[];
  /** Returned to the caller only, never stored in the event (the revealed contact). */
  reveal?: RevealedContact;
  /** 吹哨报到: co-handlers added or changed. */
  coHandlers?: CoHandlerChange;
};
type Plain<A extends Action> = EffectBase & { eventType?: undefined; payload: EventPayload<A> };
/** A reply held for review is written as a `reply-held` event, which the resident does not see. */
type HeldReply = EffectBase & { eventType: 'reply-held'; payload: EventPayload<'reply-held'> };

/** What an action changes: its event's payload has the shape the event catalogue gives its type. */
export type Effect<A extends Action = Action> = A extends 'reply' ? Plain<'reply'> | HeldReply : Plain<A>;

type EffectFn<A extends Action> = (env: EffectEnv, input: ActionInput<A>) => Promise<Effect<A>> | Effect<A>;

const note = (text: string) => ({ text, text_normalised: normalise(text) });

/** The 知识库 article an answer cites: it must be published. */
async function publishedArticle(tx: Transaction<DB>, jurisdictionId: string, id: number) {
  const article = await tx
    .selectFrom('knowledge_articles')
    .select(['id', 'version'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('id', '=', id)
    .where('status', '=', 'published')
    .executeTakeFirst();
  if (!article) throw new AppError('unknown_reference', { article_id: id });
  return article;
}

/** 差评复核: the working days after a follow-up in which the department may dispute it, unless the jurisdiction sets them. */
export const DEFAULT_DISPUTE_WORKING_DAYS = 5;

/** 催办: one chase per person and request within this time; more are refused (`chase_too_soon`). */
export const CHASE_INTERVAL_MS = 3_600_000;

/** Who acts for the resident: the reporter themself, or the desk taking their call. */
const residentSide = (actor: Actor, row: RequestRow) => (isReporter(actor, row) ? 'reporter' : 'operator');

export const EFFECTS: { [A in Action]: EffectFn<A> } = {
  'answer-directly': async ({ tx, row, now }, { text, article_id }) => {
    const article =
      article_id === undefined ? null : await publishedArticle(tx, row.jurisdiction_id, article_id);
    return {
      patch: { replied_at: now, ...(article ? { knowledge_article_id: article.id } : {}) },
      payload: {
        ...note(text),
        ...(article ? { article_id: article.id, article_version: article.version } : {}),
      },
      outbox: [{ topic: 'request.replied', payload: { text } }],
    };
  },

  dispatch: async (env, input) => {
    const { tx, row, now, tz, calendar, actor } = env;
    await requireExists(tx, 'departments', row.jurisdiction_id, input.department_code);
    if (input.area_code) await requireExists(tx, 'areas', row.jurisdiction_id, input.area_code);
    if (input.category_code) await requireExists(tx, 'categories', row.jurisdiction_id, input.category_code);
    const categoryCode = input.category_code ?? row.category_code;
    const profile = await slaProfileFor(tx, row.jurisdiction_id, categoryCode);
    const deadlines = computeDeadlines({ from: now, profile, urgent: row.urgent, tz, calendar });
    const co = await coHandlersAdded(env, {
      leadCode: input.department_code,
      codes: input.co_department_codes ?? [],
      via: 'dispatch',
      signBy: deadlines.sign_by,
      path: 'co_department_codes',
    });
    const corrected = await recordCorrection(tx, {
      row,
      actor,
      departmentCode: input.department_code,
      categoryCode,
    });
    return {
      patch: {
        department_code: input.department_code,
        area_code: input.area_code ?? row.area_code,
        category_code: categoryCode,
        dispatched_at: now,
        ...deadlines,
        signed_at: null,
        contacted_at: null,
        sign_overdue: false,
        reply_overdue: false,
        missed_reply_by: null,
        ...co?.patch,
      },
      payload: {
        department_code: input.department_code,
        area_code: input.area_code ?? row.area_code,
        category_code: categoryCode,
        note: input.note ?? null,
        ...(corrected ? { corrected_suggestion: true } : {}),
        ...deadlinePayload(deadlines),
        ...(co ? { co_department_codes: co.codes, co_sign_by: deadlines.sign_by.toISOString() } : {}),
      },
      outbox: [
        { topic: 'request.dispatched', payload: { department_code: input.department_code } },
        ...(co?.outbox ?? []),
      ],
      ...(co ? { coHandlers: co.change } : {}),
    };
  },

  sign: ({ now }) => ({ patch: { signed_at: now }, payload: {} }),

  contact: ({ row, now }, { note: text }) => ({
    patch: { contacted_at: row.contacted_at ?? now },
    payload: note(text),
  }),

  'add-note': (_env, { note: text }) => ({ payload: note(text) }),

  return: ({ row, config }, { reason }) => {
    const count = row.return_count + 1;
    const escalate = count >= config.returnEscalation;
    return {
      patch: {
        return_count: count,
        last_return_reason: reason,
        department_code: null,
        signed_at: null,
        contacted_at: null,
        sign_by: null,
        contact_by: null,
        reply_by: null,
        ...(escalate ? { escalated: true } : {}),
      },
      payload: { ...note(reason), from_department_code: row.department_code, return_count: count },
      followups: escalate ? [{ type: 'escalate', payload: { reason: 'returns', return_count: count } }] : [],
      outbox: escalate
        ? [{ topic: 'request.escalated', payload: { reason: 'returns', return_count: count } }]
        : [],
    };
  },

  'request-extension': async ({ tx, row, now }, { working_days, reason }) => {
    const profile = await slaProfileFor(tx, row.jurisdiction_id, row.category_code);
    if (working_days > profile.max_extension_working_days) {
      throw new AppError('validation_failed', {
        issues: [
          {
            path: 'working_days',
            message: `at most ${profile.max_extension_working_days} working days`,
            max: profile.max_extension_working_days,
          },
        ],
      });
    }
    return {
      patch: { extension_pending: JSON.stringify({ working_days, reason, requested_at: now.toISOString() }) },
      payload: { working_days, ...note(reason) },
    };
  },

  'approve-extension': ({ row, now, tz, calendar }) => {
    const pending = row.extension_pending!;
    const base = row.reply_by ?? now;
    if (!isReplyOverdue(row, now)) {
      const replyBy = extendDeadline(base, pending.working_days, tz, calendar);
      return {
        patch: { extension_pending: null, reply_by: replyBy, reply_overdue: false },
        payload: {
          working_days: pending.working_days,
          reply_by: replyBy.toISOString(),
          previous_reply_by: base.toISOString(),
        },
      };
    }
    // Granted while overdue (a supervisor's exception): a working deadline from now, the missed one kept for
    // the figures and the overdue mark left on.
    const replyBy = extendDeadline(now, pending.working_days, tz, calendar);
    const missed = row.missed_reply_by ?? base;
    return {
      patch: { extension_pending: null, reply_by: replyBy, missed_reply_by: missed, reply_overdue: true },
      payload: {
        working_days: pending.working_days,
        reply_by: replyBy.toISOString(),
        previous_reply_by: base.toISOString(),
        granted_while_overdue: true,
        overdue_days: Math.floor((now.getTime() - missed.getTime()) / 86_400_000),
        missed_reply_by: missed.toISOString(),
      },
    };
  },

  'refuse-extension': ({ row }, { reason }) => ({
    patch: { extension_pending: null },
    payload: { working_days: row.extension_pending!.working_days, ...note(reason) },
  }),

  reply: ({ now, reply }, { text }) => {
    const facts = reply!;
    const payload = {
      ...note(text),
      ...(facts.templateId !== undefined ? { template_id: facts.templateId } : {}),
      ...(facts.templateOnly ? { template_only: true as const } : {}),
      check: facts.check,
    };
    if (facts.reason === null)
      return {
        patch: { replied_at: now, reply_review: null, reply_approved_at: null },
        payload,
        outbox: [{ topic: 'request.replied', payload: { text } }],
      };
    // Held for review: the deadline is judged by this reply, the resident hears of it once approved.
    const held: ReplyReview = {
      state: 'pending',
      text,
      replied_at: now.toISOString(),
      reason: facts.reason,
      score: facts.check.score,
      failed: facts.check.failed,
      ...(facts.templateId !== undefined ? { template_id: facts.templateId } : {}),
      ...(facts.templateOnly ? { template_only: true } : {}),
    };
    return {
      patch: { replied_at: now, reply_review: JSON.stringify(held) },
      eventType: 'reply-held',
      payload: { ...payload, reason: facts.reason },
    };
  },

  'approve-reply': ({ row, now }, { note: reviewerNote }) => {
    const held = heldReply(row);
    return {
      patch: { reply_review: null, reply_approved_at: now },
      payload: {
        ...note(held.text),
        replied_at: held.replied_at,
        ...(reviewerNote ? { reviewer_note: reviewerNote } : {}),
        ...(held.template_only ? { template_only: true as const } : {}),
      },
      outbox: [{ topic: 'request.replied', payload: { text: held.text } }],
    };
  },

  'send-back-reply': ({ row }, { reasons, note: text }) => {
    const held = heldReply(row);
    const sentBack: ReplyReview = {
      ...held,
      state: 'sent_back',
      sent_back_reasons: reasons,
      sent_back_note: text,
    };
    return {
      // not answered after all: the reply deadline (unchanged) runs again
      patch: { replied_at: null, reply_review: JSON.stringify(sentBack) },
      payload: { ...note(text), reasons, reply_text: held.text },
    };
  },

  'follow-up': async ({ tx, actor, row, now, tz, calendar }, { resolved, satisfaction, note: text }) => {
    const by = isReporter(actor, row)
      ? 'reporter'
      : isRequesterDepartment(actor, row)
        ? 'community'
        : 'operator';
    // 差评复核: an unsatisfied or unresolved rating may be disputed by the department for N working days.
    const negative = satisfaction === 'unsatisfied' || !resolved;
    const disputeBy = negative
      ? addWorkingDays(now, await disputeWorkingDays(tx, row.jurisdiction_id), tz, calendar)
      : null;
    return {
      patch: {
        followed_up_at: now,
        followup_resolved: resolved,
        followup_satisfaction: satisfaction,
        followup_by: by,
        rating_dispute_by: disputeBy,
        rating_dispute: null,
        followup_excluded: false,
      },
      payload: {
        resolved,
        satisfaction,
        by,
        ...(text ? note(text) : {}),
        ...(row.rating_dispute?.state === 'pending' ? { superseded_dispute: true as const } : {}),
      },
    };
  },

  close: ({ now }) => ({
    patch: { closed_at: now },
    payload: {},
    outbox: [{ topic: 'request.closed', payload: {} }],
  }),

  'auto-dispatch': async (env, { department_code, category_code, confidence, model }) => {
    const effect = await EFFECTS.dispatch(env, {
      department_code,
      ...(category_code ? { category_code } : {}),
    });
    return { ...effect, payload: { ...effect.payload, auto: true, confidence, model } };
  },

  'auto-close': ({ now, config }) => ({
    patch: { closed_at: now },
    payload: { reason: 'no_follow_up', working_days: config.autoCloseDays },
    outbox: [{ topic: 'request.closed', payload: { auto: true } }],
  }),

  reopen: async ({ tx, row, now, tz, calendar }, { reason }) => {
    const profile = await slaProfileFor(tx, row.jurisdiction_id, row.category_code);
    const replyBy = row.urgent
      ? new Date(now.getTime() + profile.urgent_reply_hours * 3_600_000)
      : addWorkingDays(now, profile.reply_working_days, tz, calendar);
    return {
      patch: {
        reopen_count: row.reopen_count + 1,
        replied_at: null,
        reply_approved_at: null,
        closed_at: null,
        reply_overdue: false,
        missed_reply_by: null,
        ...(row.department_code ? { reply_by: replyBy } : {}),
      },
      payload: { ...note(reason), ...(row.department_code ? { reply_by: replyBy.toISOString() } : {}) },
      outbox: [{ topic: 'request.reopened', payload: {} }],
    };
  },

  supervise: (_env, { note: text }) => ({
    patch: { supervised: true },
    payload: note(text),
    outbox: [{ topic: 'request.supervised', payload: {} }],
  }),

  merge: async ({ tx, row }, { into_id }) => {
    if (into_id === row.id)
      throw new AppError('validation_failed', {
        issues: [{ path: 'into_id', message: 'cannot merge into itself' }],
      });
    const target = await tx
      .selectFrom('requests')
      .select(['id', 'ticket_no', 'status'])
      .where('jurisdiction_id', '=', row.jurisdiction_id)
      .where('id', '=', into_id)
      .executeTakeFirst();
    if (!target) throw new AppError('unknown_reference', { into_id });
    if (['merged', 'closed'].includes(target.status)) {
      throw new AppError('validation_failed', {
        issues: [{ path: 'into_id', message: `target is ${target.status}` }],
      });
    }
    return {
      patch: { merged_into_id: into_id },
      payload: { into_id, into_ticket_no: target.ticket_no },
    };
  },

  void: ({ now }, { reason }) => ({
    patch: { closed_at: now, extension_pending: null, new_info_at: null },
    payload: note(reason),
    outbox: [{ topic: 'request.closed', payload: { voided: true } }],
  }),

  withdraw: ({ row, actor, now }, { reason }) => ({
    patch: { closed_at: now, extension_pending: null, new_info_at: null },
    payload: { ...note(reason), by: residentSide(actor, row) },
    outbox: [{ topic: 'request.closed', payload: { withdrawn: true } }],
  }),

  chase: async (env, { note: text }) => {
    const { row, actor, now } = env;
    const last = await lastChaseBy(env);
    if (last && now.getTime() - last.getTime() < CHASE_INTERVAL_MS) {
      throw new AppError('chase_too_soon', {
        last_chased_at: last.toISOString(),
        retry_after_s: Math.ceil((last.getTime() + CHASE_INTERVAL_MS - now.getTime()) / 1000),
      });
    }
    const count = row.chase_count + 1;
    return {
      patch: { chase_count: count },
      payload: { count, by: residentSide(actor, row), ...(text ? note(text) : {}) },
      outbox: [{ topic: 'request.chased', payload: { count, department_code: row.department_code } }],
    };
  },

  'add-info': ({ row, actor, now }, { text }) => ({
    patch: { new_info_at: now },
    payload: { ...note(text), by: residentSide(actor, row) },
  }),

  'dispute-rating': async ({ tx, row, actor, now }, { reason, evidence_ids }) => {
    await requireEvidence(tx, row, evidence_ids);
    const dispute: RatingDispute = {
      state: 'pending',
      reason,
      evidence_ids,
      department_code: row.department_code,
      disputed_at: now.toISOString(),
      disputed_by: actor.label,
      followed_up_at: row.followed_up_at!.toISOString(),
    };
    return {
      patch: { rating_dispute: JSON.stringify(dispute) },
      payload: {
        ...note(reason),
        evidence_ids,
        followed_up_at: dispute.followed_up_at,
        satisfaction: row.followup_satisfaction!,
        resolved: row.followup_resolved!,
      },
    };
  },

  'decide-dispute': ({ row, actor, now }, { decision, reason }) => {
    const pending = row.rating_dispute!;
    const decided: RatingDispute = {
      ...pending,
      state: decision,
      decision_reason: reason,
      decided_at: now.toISOString(),
      decided_by: actor.label,
    };
    return {
      patch: { rating_dispute: JSON.stringify(decided), followup_excluded: decision === 'unreasonable' },
      payload: { ...note(reason), decision, dispute_reason: pending.reason },
    };
  },
  ...CO_EFFECTS,

  'reveal-contact': ({ row, vault }) => ({
    payload: { fields: ['name', 'phone'] },
    reveal: {
      name: row.reporter_name_enc ? vault.decrypt(row.reporter_name_enc) : null,
      phone: row.reporter_phone_enc ? vault.decrypt(row.reporter_phone_enc) : null,
    },
  }),
};

/** The reply a reviewer decides on: every request under review holds one. */
function heldReply(row: RequestRow): ReplyReview {
  if (row.reply_review?.state !== 'pending') throw new Error(`request ${row.id} holds no reply under review`);
  return row.reply_review;
}

/** The jurisdiction's working days to dispute a rating (its setting `rating_dispute_working_days`, default 5). */
async function disputeWorkingDays(tx: Transaction<DB>, jurisdictionId: string): Promise<number> {
  const j = await tx
    .selectFrom('jurisdictions')
    .select('settings')
    .where('jurisdiction_id', '=', jurisdictionId)
    .executeTakeFirst();
  const days = (j?.settings ?? {})['rating_dispute_working_days'];
  return Number.isInteger(days) && (days as number) >= 0 ? (days as number) : DEFAULT_DISPUTE_WORKING_DAYS;
}

/** The evidence of a dispute: files uploaded to this request as evidence (POST /requests/:id/evidence). */
async function requireEvidence(tx: Transaction<DB>, row: RequestRow, ids: readonly number[]) {
  if (ids.length === 0) return;
  const found = await ofRequest(tx, 'attachments', row.jurisdiction_id, row.id)
    .select('id')
    .where('purpose', '=', 'evidence')
    .where('id', 'in', ids)
    .execute();
  const known = new Set(found.map((f) => Number(f.id)));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length) throw new AppError('unknown_reference', { evidence_ids: missing });
}

async function lastChaseBy(env: EffectEnv): Promise<Date | null> {
  const { tx, row, actor } = env;
  if (actor.kind !== 'user') return null;
  const last = await ofRequest(tx, 'request_events', row.jurisdiction_id, row.id)
    .select('at')
    .where('type', '=', 'chase')
    .where('actor_user_id', '=', actor.userId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return last?.at ?? null;
}

function deadlinePayload(d: { sign_by: Date; contact_by: Date; reply_by: Date }) {
  return {
    sign_by: d.sign_by.toISOString(),
    contact_by: d.contact_by.toISOString(),
    reply_by: d.reply_by.toISOString(),
  };
}
