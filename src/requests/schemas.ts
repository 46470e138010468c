/** What the requests API takes and answers (the 诉求 and its timeline, as ./presenter.ts writes them). */
import { z } from 'zod';
import { CHANNELS, REQUEST_TYPES, ROLES, SATISFACTIONS } from '../db/schema.js';
import {
  BboxQuery,
  BooleanQuery,
  commaList,
  DateTimeQuery,
  IdParams,
  LatLonFields,
  pairedLatLon,
  paging,
  PhoneInput,
  RequestTypeInput,
} from '../http/inputs.js';
import { ERRORS, type ErrorCode } from '../http/errors.js';
import { Instant, pageOf } from '../http/responses.js';
import { CHECKS, SEND_BACK_REASONS } from './review/checks.js';
import { REVIEW_REASONS } from './review/sampling.js';
import { ACTIONS, DISPUTE_DECISIONS, STATUSES } from './workflow.js';

export const MAX_BODY_CHARS = 4000;

export { PhoneInput };

export const RegisterBody = pairedLatLon(
  z
    .object({
      body: z.string().trim().min(1).max(MAX_BODY_CHARS),
      title: z.string().trim().max(200).optional(),
      type: RequestTypeInput.optional(),
      ...LatLonFields,
      address: z.string().trim().max(300).optional(),
      area_code: z.string().min(1).max(100).optional(),
      category_code: z.string().min(1).max(100).optional(),
      urgent: z.boolean().optional(),
      /** Shown on the public pages with personal data taken out (default) or not at all. */
      public_consent: z.boolean().optional(),
      reporter: z
        .object({ name: z.string().trim().max(50).optional(), phone: PhoneInput })
        .strict()
        .optional(),
    })
    .strict(),
);

export const ListQuery = z
  .object({
    status: commaList(STATUSES).optional(),
    department: z.string().min(1).optional(),
    area: z.string().min(1).optional(),
    category: z.string().min(1).optional(),
    overdue: BooleanQuery.optional(),
    /** 超期未办 as the metrics count it (../metrics/definitions.ts isOverdueOpen): dispatched, not replied, reply deadline passed. */
    overdue_open: BooleanQuery.optional(),
    /** 严重超期: overdue_open, and more than 5 working days past the reply deadline (./long-overdue.ts). */
    long_overdue: BooleanQuery.optional(),
    channel: commaList(CHANNELS).optional(),
    type: commaList(REQUEST_TYPES).optional(),
    /** Registered at or after this instant (a date: its midnight UTC), as the metrics' period. */
    registered_from: DateTimeQuery.optional(),
    /** Registered before this instant. */
    registered_to: DateTimeQuery.optional(),
    escalated: BooleanQuery.optional(),
    supervised: BooleanQuery.optional(),
    text: z.string().trim().min(1).max(100).optional(),
    /** The reporter's phone, as typed: their requests (staff who may look callers up; each search is logged). */
    phone: PhoneInput.optional(),
    /** Placed inside the map view `west,south,east,north` (a click on a cluster of the map's pins). */
    bbox: BboxQuery.optional(),
    sort: z.enum(['deadline', 'created', 'urgency']).default('created'),
    ...paging({ defaultSize: 20, maxSize: 200 }),
  })
  .strict();
export type ListFilter = z.output<typeof ListQuery>;

export { IdParams };
export const ActionParams = IdParams.extend({ action: z.string() });

/** An action's own fields are checked by the action (../requests/action-inputs.ts); here only the version. */
export const ActionBody = z.looseObject({ expected_version: z.number().int().positive().optional() });

// ── answers ──────────────────────────────────────────────────────────────────────────────────────────────

export const Status = z.enum(STATUSES);
export const ActorRole = z.enum([...ROLES, 'api_key', 'system']);

export const TimelineItem = z
  .strictObject({
    seq: z.number().int(),
    type: z.string(),
    /** The member of staff by name; for a resident, the role that acted (12345热线, 承办部门 …). */
    actor: z.string(),
    actor_role: ActorRole,
    from_status: Status.nullable(),
    to_status: Status,
    payload: z.record(z.string(), z.unknown()),
    at: Instant,
  })
  .meta({ id: 'TimelineEvent' });

const Suggestions = z.strictObject({
  model: z.string(),
  categories: z.array(
    z.strictObject({ code: z.string().nullable(), name: z.string(), confidence: z.number() }),
  ),
  department_code: z.string().nullable(),
  department_rule: z.enum(['category_keywords', 'category_default', 'area_street_office']).nullable(),
  department_confidence: z.number().optional(),
  category_code: z.string().nullable().optional(),
  duplicates: z.array(z.unknown()).optional(),
});

/** Where a request (or a visit) is: its point, its address and its area, each null when unknown. */
export const PlaceAnswer = z.strictObject({
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  address: z.string().nullable(),
  area_code: z.string().nullable(),
});

const requestFields = {
  id: z.number().int(),
  ticket_no: z.string(),
  status: Status,
  version: z.number().int(),
  channel: z.enum(CHANNELS),
  type: z.enum(REQUEST_TYPES),
  title: z.string(),
  body: z.string(),
  body_normalised: z.string(),
  title_normalised: z.string(),
  place: PlaceAnswer,
  category_code: z.string().nullable(),
  department_code: z.string().nullable(),
  urgent: z.boolean(),
  /** The reporter's choice: shown publicly, anonymised (true), or not at all. */
  public_consent: z.boolean(),
  supervised: z.boolean(),
  escalated: z.boolean(),
  return_count: z.number().int(),
  reopen_count: z.number().int(),
  /** 催办: how many times the resident (or the desk for them) chased it up. */
  chase_count: z.number().int(),
  /** 补充信息: when the resident added information the handling department has not acted on since. */
  new_info_at: Instant.nullable(),
  /** Null for residents. */
  last_return_reason: z.string().nullable(),
  /** Null for residents. */
  extension_pending: z
    .strictObject({ working_days: z.number().int(), reason: z.string(), requested_at: Instant })
    .nullable(),
  merged_into_id: z.number().int().nullable(),
  requester_department_code: z.string().nullable(),
  visit_id: z.number().int().nullable(),
  /** The 宣讲/学习 session whose need this request records (channel lecture). */
  activity_session_id: z.number().int().nullable(),
  project_id: z.number().int().nullable(),
  deadlines: z.strictObject({
    sign_by: Instant.nullable(),
    contact_by: Instant.nullable(),
    reply_by: Instant.nullable(),
  }),
  overdue: z.strictObject({ sign: z.boolean(), reply: z.boolean() }),
  dispatched_at: Instant.nullable(),
  signed_at: Instant.nullable(),
  contacted_at: Instant.nullable(),
  replied_at: Instant.nullable(),
  closed_at: Instant.nullable(),
  followup: z
    .strictObject({
      at: Instant.nullable(),
      resolved: z.boolean().nullable(),
      satisfaction: z.enum(SATISFACTIONS).nullable(),
      by: z.enum(['reporter', 'community', 'operator']).nullable(),
    })
    .nullable(),
  /** Masked: 张**, 138****5678. */
  reporter: z.strictObject({ name: z.string().nullable(), phone: z.string().nullable() }),
  /** 回复审核: the reply under review, or the last one sent back with the reviewer's reasons; null for residents. */
  reply_review: z
    .strictObject({
      state: z.enum(['pending', 'sent_back']),
      text: z.string(),
      replied_at: Instant,
      reason: z.enum(REVIEW_REASONS),
      score: z.number(),
      failed: z.array(z.enum(CHECKS)),
      template_id: z.number().int().optional(),
      template_only: z.boolean().optional(),
      sent_back_reasons: z.array(z.enum(SEND_BACK_REASONS)).optional(),
      sent_back_note: z.string().optional(),
    })
    .nullable(),
  /** 差评复核: until when the last (unsatisfied or unresolved) follow-up may be disputed; null for residents. */
  rating_dispute_by: Instant.nullable(),
  /** 差评复核: the dispute of the last follow-up, pending or decided; null for residents. */
  rating_dispute: z
    .strictObject({
      state: z.enum(['pending', ...DISPUTE_DECISIONS]),
      reason: z.string(),
      evidence_ids: z.array(z.number().int()),
      department_code: z.string().nullable(),
      disputed_at: Instant,
      disputed_by: z.string(),
      followed_up_at: Instant,
      decision_reason: z.string().optional(),
      decided_at: Instant.optional(),
      decided_by: z.string().optional(),
    })
    .nullable(),
  /** The classifier's suggestions once triaged; null for residents. */
  suggestions: Suggestions.nullable(),
  triaged: z.boolean(),
  created_at: Instant,
  updated_at: Instant,
  /** What the caller may do now (state and policy), in the order of the workflow's ACTIONS. */
  allowed_actions: z.array(z.enum(ACTIONS)),
  /** 吹哨报到: the co-handling departments (协办) still involved; empty for residents. */
  co_department_codes: z.array(z.string()),
  /** The caller's department's part in it: 主办 (lead) or 协办 (co); null for anyone else. */
  handling_role: z.enum(['lead', 'co']).nullable(),
};

/** 吹哨报到: a co-handling department (协办), its sign (报到) and its part. */
export const CoHandler = z
  .strictObject({
    department_code: z.string(),
    state: z.enum(['awaiting_sign', 'signed', 'submitted', 'released']),
    added_via: z.enum(['dispatch', 'whistle']),
    added_at: Instant,
    added_by: z.string(),
    sign_by: Instant,
    signed_at: Instant.nullable(),
    signed_by: z.string().nullable(),
    /** Signed after its deadline (one not signed yet is late once `sign_by` has passed). */
    sign_late: z.boolean(),
    part: z
      .strictObject({
        text: z.string(),
        attachment_ids: z.array(z.number().int()),
        submitted_at: Instant,
        by: z.string().nullable(),
      })
      .nullable(),
    released_at: Instant.nullable(),
    released_reason: z.string().nullable(),
  })
  .meta({ id: 'CoHandler' });

/** A request as a list shows it. */
export const RequestItem = z.strictObject(requestFields).meta({ id: 'Request' });

/** A request with its timeline (a resident's shows the public steps only). */
export const RequestWithTimeline = z
  .strictObject({ ...requestFields, timeline: z.array(TimelineItem), co_handlers: z.array(CoHandler) })
  .meta({ id: 'RequestWithTimeline' });

export const DuplicateCandidate = z
  .strictObject({
    id: z.number().int(),
    ticket_no: z.string(),
    score: z.number(),
    text_similarity: z.number(),
    distance_m: z.number().nullable(),
    same_area: z.boolean(),
    status: Status,
    created_at: Instant,
  })
  .meta({ id: 'DuplicateCandidate' });

export const RequestDetail = z.strictObject({
  ...RequestWithTimeline.shape,
  /** For dispatchers, while the request may still be dispatched or merged. */
  duplicate_candidates: z.array(DuplicateCandidate).optional(),
});

export const ActionAnswer = z.strictObject({
  ...RequestWithTimeline.shape,
  /** reveal-contact only: the reporter's name and phone in full (the reveal is on the timeline). */
  contact: z.strictObject({ name: z.string().nullable(), phone: z.string().nullable() }).optional(),
});

export const RequestPage = pageOf(RequestItem);

export const CallerHistoryQuery = z.object({ phone: PhoneInput }).strict();

/** A caller's latest requests, beside the registration form. */
export const CallerHistory = z.strictObject({
  /** The number as staff see it, masked. */
  phone: z.string(),
  total: z.number().int(),
  items: z.array(
    z.strictObject({
      id: z.number().int(),
      ticket_no: z.string(),
      status: Status,
      type: z.enum(REQUEST_TYPES),
      title: z.string(),
      created_at: Instant,
    }),
  ),
});

/** The staff's list of requests: a page, and where 严重超期 begins today. */
export const RequestListPage = RequestPage.extend({
  /** A waiting request whose reply deadline is earlier than this is 严重超期 (./long-overdue.ts). */
  long_overdue_before: Instant,
});

/** 工单查询: a ticket number, or a fragment of it or of the text, typed in the top bar. */
export const LookupQuery = z.strictObject({ q: z.string().trim().min(2).max(100) });

export const LookupItem = RequestItem.pick({
  id: true,
  ticket_no: true,
  title: true,
  status: true,
  department_code: true,
  created_at: true,
}).meta({ id: 'LookupItem' });

/** 批量操作: the actions a list applies to the rows selected. */
export const BATCH_ACTIONS = ['dispatch', 'supervise'] as const;
export type BatchAction = (typeof BATCH_ACTIONS)[number];
/** The most requests one batch may name. */
export const MAX_BATCH = 100;

export const BatchBody = z.strictObject({
  action: z.enum(BATCH_ACTIONS),
  ids: z
    .array(z.number().int().positive())
    .min(1)
    .max(MAX_BATCH)
    .refine((ids) => new Set(ids).size === ids.length, { message: 'each id once' }),
  /** The action's own fields (as for one request), the same for each. */
  input: z.record(z.string(), z.unknown()).default({}),
});

export const BatchAnswer = z
  .strictObject({
    action: z.enum(BATCH_ACTIONS),
    results: z.array(
      z.discriminatedUnion('ok', [
        z.strictObject({
          id: z.number().int(),
          ok: z.literal(true),
          ticket_no: z.string(),
          status: Status,
          version: z.number().int(),
        }),
        z.strictObject({
          id: z.number().int(),
          ok: z.literal(false),
          code: z.enum(Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]]),
          message: z.string(),
          message_en: z.string(),
        }),
      ]),
    ),
  })
  .meta({ id: 'BatchAnswer' });

// ── the map's pins ─────────────────────────────────────────────────────────────────────────────────────

/** At most this many pins in one answer: a map asks again for its new view when it moves. */
export const MAX_PINS = 2000;

/** The list's filters (a caller's phone, the order and the page aside) over the map's view, and how many pins. */
export const PinsQuery = ListQuery.omit({ phone: true, sort: true, page: true, page_size: true }).extend({
  bbox: BboxQuery,
  limit: z.coerce.number().int().min(1).max(MAX_PINS).default(500),
});

export const RequestPins = z
  .strictObject({
    /** The newest requests placed in the view, at most `limit`. */
    items: z.array(
      z.strictObject({
        id: z.number().int(),
        ticket_no: z.string(),
        lat: z.number(),
        lon: z.number(),
        status: Status,
        type: z.enum(REQUEST_TYPES),
        area_code: z.string().nullable(),
        urgent: z.boolean(),
      }),
    ),
    /** How many requests in the view match: more than the items when `clipped`. */
    total: z.number().int(),
    clipped: z.boolean(),
    limit: z.number().int(),
  })
  .meta({ id: 'RequestPins' });
