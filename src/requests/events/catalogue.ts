/**
 * Every event a request's timeline can hold: one zod schema per type for its payload, and who outside the
 * staff sees it (the resident on their own request, the public through Open311's update feed). The write path
 * checks each payload against its schema; the presenters derive their lists from here, so an event type that
 * is not in this catalogue is a type error wherever it is written or read.
 */
import { z } from 'zod';
import { CHECKS, SEND_BACK_REASONS } from '../review/checks.js';
import { REVIEW_REASONS } from '../review/sampling.js';
import { DISPUTE_DECISIONS } from '../workflow.js';

const text = z.object({ text: z.string(), text_normalised: z.string() });
const iso = z.string();
const code = z.string();

/** The automatic check of a reply (../review/reply-score.ts). */
const replyCheck = z.object({ score: z.number(), failed: z.array(z.enum(CHECKS)), coverage: z.number() });
/** A department's reply: the template it started from, whether it is only that template, its automatic check. */
const reply = text.extend({
  template_id: z.number().int().optional(),
  template_only: z.literal(true).optional(),
  check: replyCheck.optional(),
});

const dispatch = z.object({
  department_code: code,
  area_code: code.nullable(),
  category_code: code.nullable(),
  note: z.string().nullable(),
  corrected_suggestion: z.literal(true).optional(),
  sign_by: iso,
  contact_by: iso,
  reply_by: iso,
  /** 社区点单: dispatched as the community ordered it. */
  via: z.literal('community_order').optional(),
  requester_department_code: code.optional(),
  /** 吹哨报到: co-handling departments named with the dispatch, and their sign deadline. */
  co_department_codes: z.array(code).optional(),
  co_sign_by: iso.optional(),
});

/** What an Open311 client's update carries onto the event it causes. */
const external = {
  external_status: z.string(),
  external_update_id: z.string(),
  external_updated_datetime: iso,
  media_url: z.string().nullable(),
  media_urls: z.array(z.string()).optional(),
};

const openFromOutside = Object.fromEntries(Object.keys(external).map((k) => [k, true])) as {
  [K in keyof typeof external]: true;
};

type Audience = { resident: boolean; open311: boolean };
const staffOnly: Audience = { resident: false, open311: false };
const everyone: Audience = { resident: true, open311: true };

const event = <S extends z.ZodType>(payload: S, audience: Audience) => ({ payload, ...audience });

export const EVENTS = {
  register: event(
    z.object({
      channel: z.enum(['hotline', 'web', 'app', 'visit', 'open311', 'community', 'lecture']),
      requester_department_code: code.optional(),
      visit_id: z.number().optional(),
      activity_session_id: z.number().optional(),
    }),
    everyone,
  ),
  /** The 知识库 article it was answered from, in the version read. */
  'answer-directly': event(
    text.extend({ article_id: z.number().int().optional(), article_version: z.number().int().optional() }),
    everyone,
  ),
  dispatch: event(dispatch, everyone),
  'auto-dispatch': event(
    dispatch.extend({ auto: z.literal(true), confidence: z.number(), model: z.string() }),
    everyone,
  ),
  sign: event(z.object({}), everyone),
  contact: event(text, everyone),
  'add-note': event(text, staffOnly),
  return: event(text.extend({ from_department_code: code.nullable(), return_count: z.number().int() }), {
    resident: false,
    open311: true,
  }),
  'request-extension': event(text.extend({ working_days: z.number().int() }), staffOnly),
  /** Granted while the reply was overdue: a supervisor's exception, with the days overdue and the missed deadline. */
  'approve-extension': event(
    z.object({
      working_days: z.number().int(),
      reply_by: iso,
      previous_reply_by: iso,
      granted_while_overdue: z.literal(true).optional(),
      overdue_days: z.number().int().optional(),
      missed_reply_by: iso.optional(),
    }),
    staffOnly,
  ),
  'refuse-extension': event(text.extend({ working_days: z.number().int() }), staffOnly),
  reply: event(reply, everyone),
  /** 回复审核: the reply held for a reviewer, with why it was drawn; the resident sees it once approved. */
  'reply-held': event(reply.extend({ reason: z.enum(REVIEW_REASONS) }), staffOnly),
  /** 审核通过: the held reply reaches the resident, as the handler wrote it then. */
  'approve-reply': event(
    text.extend({
      replied_at: iso,
      reviewer_note: z.string().optional(),
      template_only: z.literal(true).optional(),
    }),
    everyone,
  ),
  /** 审核退回: back to the handler with the reasons (the automatic checks' names, or 'other') and a note. */
  'send-back-reply': event(
    text.extend({ reasons: z.array(z.enum(SEND_BACK_REASONS)), reply_text: z.string() }),
    staffOnly,
  ),
  'follow-up': event(
    z.object({
      resolved: z.boolean(),
      satisfaction: z.enum(['satisfied', 'basically_satisfied', 'unsatisfied']),
      by: z.enum(['reporter', 'community', 'operator']),
      /** Given by the resident through the signed link of their SMS (回访 by link). */
      channel: z.literal('sms_link').optional(),
      text: z.string().optional(),
      text_normalised: z.string().optional(),
      /** 差评复核: the previous follow-up's dispute was still pending; this follow-up replaces the rating. */
      superseded_dispute: z.literal(true).optional(),
    }),
    everyone,
  ),
  close: event(z.object({}), everyone),
  'auto-close': event(
    z.object({ reason: z.literal('no_follow_up'), working_days: z.number().int() }),
    everyone,
  ),
  /** Reopened by staff or the resident, or by an Open311 client's update (with what it sent). */
  reopen: event(
    text.extend({ reply_by: iso.optional() }).extend(external).partial(openFromOutside),
    everyone,
  ),
  supervise: event(text, staffOnly),
  merge: event(z.object({ into_id: z.number().int(), into_ticket_no: z.string() }), everyone),
  'reveal-contact': event(z.object({ fields: z.array(z.enum(['name', 'phone'])) }), staffOnly),
  /** 作废: junk or a test; the resident sees it on their own request, the public never. */
  void: event(text, { resident: true, open311: false }),
  /** 撤单 by the resident, or by the desk on the resident's behalf. */
  withdraw: event(text.extend({ by: z.enum(['reporter', 'operator']) }), { resident: true, open311: false }),
  /** 催办: the resident (or the desk for them) chases the request; `count` is the request's chase count after it. */
  chase: event(
    z.object({
      count: z.number().int(),
      by: z.enum(['reporter', 'operator']),
      text: z.string().optional(),
      text_normalised: z.string().optional(),
    }),
    { resident: true, open311: false },
  ),
  /** 补充信息: the resident (or the desk for them) adds to the request; the department sees a new-information mark. */
  'add-info': event(text.extend({ by: z.enum(['reporter', 'operator']) }), {
    resident: true,
    open311: false,
  }),
  /** 差评复核: the department disputes the last follow-up's rating, with its reason and evidence files. */
  'dispute-rating': event(
    text.extend({
      evidence_ids: z.array(z.number().int()),
      followed_up_at: iso,
      satisfaction: z.enum(['satisfied', 'basically_satisfied', 'unsatisfied']),
      resolved: z.boolean(),
    }),
    staffOnly,
  ),
  /** 差评复核 decided: 合理 (the rating stands) or 不合理 (out of 满意率 and 解决率), with the reviewer's reason. */
  'decide-dispute': event(
    text.extend({ decision: z.enum(DISPUTE_DECISIONS), dispute_reason: z.string() }),
    staffOnly,
  ),
  /** Escalated to the supervisors after too many returns. */
  escalate: event(z.object({ reason: z.literal('returns'), return_count: z.number().int() }), staffOnly),
  /** A deadline passed (the sweep). */
  overdue: event(z.object({ deadline: z.enum(['sign', 'reply']) }), staffOnly),
  /** Another request was merged into this one. */
  'merge-in': event(z.object({ source_id: z.number().int(), source_ticket_no: z.string() }), staffOnly),
  /** The request this one was merged into was answered: the answer is this one's too. */
  'merged-reply': event(z.object({ text: z.string().nullable(), from_ticket_no: z.string() }), everyone),
  'link-project': event(
    z.object({
      project_id: z.number().int(),
      project_code: z.string(),
      project_title: z.string(),
      note: z.string().nullable(),
    }),
    { resident: true, open311: false },
  ),
  /** A department answered a community order by opening a share window at one of its sites (锡慧停). */
  'parking-window': event(
    z.object({
      window_id: z.number().int(),
      site_id: z.number().int(),
      site_name: z.string(),
      audience: z.string(),
      spaces: z.number().int(),
      hours: z.string(),
      valid_from: z.string(),
    }),
    { resident: true, open311: false },
  ),
  /** An Open311 client (the platform the request came from) posted an update. */
  'open311-update': event(z.object({ text: z.string(), ...external }), { resident: false, open311: true }),
  /** The working-day calendar changed: pending deadlines counted again. */
  'deadlines-recounted': event(
    z.object({
      reason: z.literal('calendar'),
      scope: z.string(),
      year: z.number().int(),
      source: z.string(),
      changes: z.partialRecord(
        z.enum(['sign_by', 'contact_by', 'reply_by']),
        z.object({ from: iso, to: iso }),
      ),
    }),
    staffOnly,
  ),
  /** 吹哨: co-handling departments (协办) added, each to sign by `sign_by`. */
  whistle: event(
    z.object({
      department_codes: z.array(code),
      sign_by: iso,
      text: z.string().optional(),
      text_normalised: z.string().optional(),
    }),
    staffOnly,
  ),
  /** 报到: a co-department signed. */
  'co-sign': event(z.object({ department_code: code, sign_by: iso, late: z.boolean() }), staffOnly),
  /** A co-department's part: its note and photos, for the lead, who replies for all. */
  'co-submit': event(
    text.extend({
      department_code: code,
      attachment_ids: z.array(z.number().int()),
      resubmitted: z.boolean(),
    }),
    staffOnly,
  ),
  /** The centre no longer waits for a co-department's part. */
  'release-co-handler': event(text.extend({ department_code: code, signed: z.boolean() }), staffOnly),
  /** 附议: a resident added their voice instead of filing; `reporter_count` is the request's count after it. */
  support: event(z.object({ reporter_count: z.number().int() }), { resident: true, open311: false }),
} as const;

export type EventType = keyof typeof EVENTS;
export type EventPayload<T extends EventType> = z.input<(typeof EVENTS)[T]['payload']>;
/** One event as written: its type and a payload of that type's shape. */
export type RequestEvent = { [T in EventType]: { type: T; payload: EventPayload<T> } }[EventType];

export const EVENT_TYPES = Object.keys(EVENTS) as EventType[];
export const isEventType = (t: string): t is EventType => Object.hasOwn(EVENTS, t);

/** Events a resident sees on their own request; internal notes, returns and reveals stay inside. */
export const RESIDENT_EVENT_TYPES = EVENT_TYPES.filter((t) => EVENTS[t].resident);
/** Events the public sees as updates in the Open311 feed. */
export const OPEN311_EVENT_TYPES = EVENT_TYPES.filter((t) => EVENTS[t].open311);

/** The payload checked against its type's schema (a programming error, not bad input, when it fails). */
export function checkedPayload(e: RequestEvent): Record<string, unknown> {
  return EVENTS[e.type].payload.parse(e.payload) as Record<string, unknown>;
}
