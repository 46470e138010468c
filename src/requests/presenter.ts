import type { CoHandlerRow, RequestRow } from '../db/schema.js';
import type { Actor } from '../http/actor.js';
import { mayPerform, readsAsStaff } from '../http/policies.js';
import { maskPhone } from '../privacy/mask.js';
import { allowedActions, SYSTEM_ACTIONS, type Action, type CoHandlerState } from './workflow.js';
import { coFactsFor, coHandlerState } from './co-handling.js';
import { snapshotOf } from './snapshot.js';
import { RESIDENT_EVENT_TYPES } from './events/catalogue.js';

type TimelineRow = {
  seq: number;
  type: string;
  actor_role: string;
  actor_label: string;
  from_status: string | null;
  to_status: string;
  payload: Record<string, unknown>;
  at: Date;
};

const RESIDENT_EVENTS = new Set<string>(RESIDENT_EVENT_TYPES);
/** What of a shown event's payload a resident reads: the words and names, never an internal field. */
const RESIDENT_PAYLOAD_KEYS = new Set([
  'text',
  'department_code',
  'department_name',
  'resolved',
  'satisfaction',
  'into_ticket_no',
  'project_title',
]);

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * A request as the actor sees it; with its timeline and co-handlers (the detail, an action's answer), its allowed
 * actions know where the actor's department stands among the co-handlers (吹哨报到).
 */
export function presentRequest(
  r: RequestRow,
  actor: Actor,
  reading?: { timeline: TimelineRow[]; coHandlers: readonly CoHandlerRow[] },
) {
  const department = actor.kind === 'user' ? actor.departmentCode : null;
  const snapshot = snapshotOf(r, reading ? coFactsFor(reading.coHandlers, department) : undefined);
  const actions = allowedActions(snapshot).filter(
    (a: Action) => !SYSTEM_ACTIONS.includes(a) && mayPerform(actor, a, r),
  );
  const resident = !readsAsStaff(actor);
  // A reply under review has not reached the resident: to them the request is still being handled.
  const held = resident && r.status === 'reviewing';
  return {
    id: r.id,
    ticket_no: r.ticket_no,
    status: held ? 'in_progress' : r.status,
    version: r.version,
    channel: r.channel,
    type: r.type,
    title: r.title,
    body: r.body,
    body_normalised: r.body_norm,
    title_normalised: r.title_norm,
    place: { lat: r.lat, lon: r.lon, address: r.address, area_code: r.area_code },
    category_code: r.category_code,
    department_code: r.department_code,
    urgent: r.urgent,
    public_consent: r.public_consent,
    supervised: r.supervised,
    escalated: r.escalated,
    return_count: r.return_count,
    reopen_count: r.reopen_count,
    chase_count: r.chase_count,
    new_info_at: iso(r.new_info_at),
    last_return_reason: resident ? null : r.last_return_reason,
    extension_pending: resident ? null : r.extension_pending,
    merged_into_id: r.merged_into_id,
    requester_department_code: r.requester_department_code,
    visit_id: r.visit_id,
    activity_session_id: r.activity_session_id,
    project_id: r.project_id,
    deadlines: { sign_by: iso(r.sign_by), contact_by: iso(r.contact_by), reply_by: iso(r.reply_by) },
    overdue: { sign: r.sign_overdue, reply: r.reply_overdue },
    dispatched_at: iso(r.dispatched_at),
    signed_at: iso(r.signed_at),
    contacted_at: iso(r.contacted_at),
    replied_at: held ? null : iso(r.replied_at),
    closed_at: iso(r.closed_at),
    followup: r.followed_up_at
      ? {
          at: iso(r.followed_up_at),
          resolved: r.followup_resolved,
          satisfaction: r.followup_satisfaction,
          by: r.followup_by,
        }
      : null,
    reporter: { name: r.reporter_name_mask, phone: r.reporter_phone_mask },
    suggestions: resident ? null : r.suggestions,
    /** 回复审核: the reply under review or the last one sent back; staff only. */
    reply_review: resident ? null : r.reply_review,
    /** 差评复核: internal to the centre and the department; the resident sees their rating as they gave it. */
    rating_dispute_by: resident ? null : iso(r.rating_dispute_by),
    rating_dispute: resident ? null : r.rating_dispute,
    /** Triage (classification, duplicate check, auto-dispatch) has run; until then there are no suggestions. */
    triaged: r.triaged_at !== null,
    created_at: iso(r.created_at),
    updated_at: iso(r.updated_at),
    allowed_actions: actions,
    co_department_codes: resident ? [] : r.co_department_codes,
    handling_role: handlingRole(r, department),
    ...(reading
      ? {
          timeline: presentTimeline(reading.timeline, resident),
          co_handlers: resident ? [] : reading.coHandlers.map(presentCoHandler),
        }
      : {}),
  };
}

/** 主办 or 协办: the part of the actor's department in the request, if any. */
function handlingRole(r: RequestRow, department: string | null): 'lead' | 'co' | null {
  if (department === null) return null;
  if (r.department_code === department) return 'lead';
  return r.co_department_codes.includes(department) ? 'co' : null;
}

function presentCoHandler(c: CoHandlerRow) {
  return {
    department_code: c.department_code,
    state: c.released_at ? 'released' : (coHandlerState(c) as Exclude<CoHandlerState, 'none'>),
    added_via: c.added_via,
    added_at: c.added_at.toISOString(),
    added_by: c.added_by_label,
    sign_by: c.sign_by.toISOString(),
    signed_at: iso(c.signed_at),
    signed_by: c.signed_by_label,
    sign_late: c.signed_at !== null && c.signed_at > c.sign_by,
    part:
      c.part_submitted_at && c.part_text !== null
        ? {
            text: c.part_text,
            attachment_ids: c.part_attachment_ids,
            submitted_at: c.part_submitted_at.toISOString(),
            by: c.part_by_label,
          }
        : null,
    released_at: iso(c.released_at),
    released_reason: c.released_reason,
  };
}

function presentTimeline(rows: TimelineRow[], resident: boolean) {
  return rows
    .filter((e) => !resident || RESIDENT_EVENTS.has(e.type))
    .map((e) => ({
      seq: e.seq,
      type: e.type,
      actor: resident ? roleLabel(e.actor_role) : e.actor_label,
      actor_role: e.actor_role,
      from_status: resident ? residentStatus(e.from_status) : e.from_status,
      to_status: resident ? residentStatus(e.to_status)! : e.to_status,
      payload: resident
        ? Object.fromEntries(Object.entries(e.payload).filter(([k]) => RESIDENT_PAYLOAD_KEYS.has(k)))
        : e.payload,
      at: e.at.toISOString(),
    }));
}

/** The review of a reply is internal: a resident reads 'reviewing' as still in progress. */
const residentStatus = (s: string | null) => (s === 'reviewing' ? 'in_progress' : s);

/** Residents see the role that acted, not the member of staff by name. */
function roleLabel(role: string): string {
  const labels: Record<string, string> = {
    resident: '您',
    operator: '12345热线',
    dispatcher: '12345热线',
    handler: '承办部门',
    department_head: '承办部门',
    supervisor: '督办',
    system: '系统',
    api_key: '外部平台',
    field_worker: '网格员',
  };
  return labels[role] ?? role;
}

export type PresentedRequest = ReturnType<typeof presentRequest>;

/** A caller's latest requests beside the registration form: the number masked, each request in a line. */
export function presentCallerHistory(
  phone: string,
  total: number,
  rows: Pick<RequestRow, 'id' | 'ticket_no' | 'status' | 'type' | 'title' | 'body' | 'created_at'>[],
) {
  return {
    phone: maskPhone(phone),
    total,
    items: rows.map((r) => ({
      id: r.id,
      ticket_no: r.ticket_no,
      status: r.status,
      type: r.type,
      title: r.title || [...r.body].slice(0, 40).join(''),
      created_at: r.created_at.toISOString(),
    })),
  };
}
