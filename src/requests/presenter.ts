import type { RequestRow } from '../db/schema.js';
import type { Actor } from '../http/actor.js';
import { mayPerform, readsAsStaff } from '../http/policies.js';
import { maskPhone } from '../privacy/mask.js';
import { allowedActions, SYSTEM_ACTIONS, type Action } from './workflow.js';
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

export function presentRequest(r: RequestRow, actor: Actor, timeline?: TimelineRow[]) {
  const snapshot = snapshotOf(r);
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
    ...(timeline ? { timeline: presentTimeline(timeline, resident) } : {}),
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
