/**
 * A past request's lifecycle rebuilt from its record (pure): the columns the metrics roll-up reads (dispatch,
 * deadlines on the working-day calendar, sign, contact, reply, follow-up, close) and its timeline as events of
 * the catalogue, checked like any other. The events must lead to the status the record gives; a record without
 * events may only be registered, or closed, withdrawn or voided as it stands.
 */
import type { WorkingCalendar } from '../../calendar/working-calendar.js';
import { normalise } from '../../text/normalise.js';
import { computeDeadlines, type SlaProfile } from '../deadlines.js';
import { EVENTS, type EventType } from '../events/catalogue.js';
import type { ImportEvent, ImportRecord } from './record.js';

export type ImportEnv = {
  now: Date;
  tz: string;
  calendar: WorkingCalendar;
  profileOf: (categoryCode: string | null) => SlaProfile;
  departments: ReadonlySet<string>;
  areas: ReadonlySet<string>;
  categories: ReadonlySet<string>;
};

export type ImportedEvent = {
  type: EventType;
  at: Date;
  from_status: string | null;
  to_status: string;
  payload: Record<string, unknown>;
};

/** The lifecycle columns of the request's row. */
export type Lifecycle = {
  status: string;
  department_code: string | null;
  dispatched_at: Date | null;
  sign_by: Date | null;
  contact_by: Date | null;
  reply_by: Date | null;
  signed_at: Date | null;
  contacted_at: Date | null;
  replied_at: Date | null;
  followed_up_at: Date | null;
  followup_resolved: boolean | null;
  followup_satisfaction: string | null;
  followup_by: string | null;
  closed_at: Date | null;
  return_count: number;
  last_return_reason: string | null;
  updated_at: Date;
  triaged_at: Date | null;
};

export type Rebuilt = { lifecycle: Lifecycle; events: ImportedEvent[] } | { reasons: string[] };

const LEADS_TO: Record<ImportEvent['type'], string> = {
  dispatch: 'dispatched',
  sign: 'signed',
  contact: 'in_progress',
  return: 'returned',
  reply: 'replied',
  'follow-up': 'followed_up',
  close: 'closed',
  withdraw: 'withdrawn',
  void: 'voided',
};
/** Statuses a record may hold without events: nothing happened to it, or it ended as it stands. */
const WITHOUT_EVENTS = new Set(['registered', 'closed', 'withdrawn', 'voided']);
const FINISHED = new Set(['closed', 'withdrawn', 'voided']);
/** A source system's clock may run a little ahead of ours. */
const SKEW_MS = 5 * 60_000;

const text = (t: string | undefined) => ({ text: t ?? '', text_normalised: normalise(t ?? '') });

export function rebuildLifecycle(r: ImportRecord, env: ImportEnv): Rebuilt {
  const reasons: string[] = [];
  const latest = env.now.getTime() + SKEW_MS;
  if (r.created_at.getTime() > latest) reasons.push('created_at 晚于当前时间');
  for (const [field, set] of [
    ['department_code', env.departments],
    ['area_code', env.areas],
    ['category_code', env.categories],
  ] as const)
    if (r[field] !== undefined && !set.has(r[field]!)) reasons.push(`${field} ${r[field]} 不存在`);
  if (r.events.length === 0 && !WITHOUT_EVENTS.has(r.status))
    reasons.push(`状态 ${r.status} 须附其经过（events，至少含派单）`);

  const row: Lifecycle = {
    status: r.status,
    department_code: r.department_code ?? null,
    dispatched_at: null,
    sign_by: null,
    contact_by: null,
    reply_by: null,
    signed_at: null,
    contacted_at: null,
    replied_at: null,
    followed_up_at: null,
    followup_resolved: null,
    followup_satisfaction: null,
    followup_by: null,
    closed_at: r.status === 'closed' && r.events.length === 0 ? r.created_at : null,
    return_count: 0,
    last_return_reason: null,
    updated_at: r.created_at,
    triaged_at: FINISHED.has(r.status) ? env.now : null,
  };
  const events: ImportedEvent[] = [
    {
      type: 'register',
      at: r.created_at,
      from_status: null,
      to_status: 'registered',
      payload: { channel: r.channel ?? 'hotline' },
    },
  ];
  let status = 'registered';
  let previous = r.created_at.getTime();
  r.events.forEach((e, i) => {
    const where = `events.${i}（${e.type}）`;
    if (e.at.getTime() < previous) reasons.push(`${where} 早于前一步`);
    if (e.at.getTime() > latest) reasons.push(`${where} 晚于当前时间`);
    previous = e.at.getTime();
    let payload: Record<string, unknown> = {};
    switch (e.type) {
      case 'dispatch': {
        const department = e.department_code ?? r.department_code;
        if (!department) {
          reasons.push(`${where} 缺少承办部门 department_code`);
          break;
        }
        if (!env.departments.has(department)) reasons.push(`${where} 部门 ${department} 不存在`);
        const deadlines = computeDeadlines({
          from: e.at,
          profile: env.profileOf(r.category_code ?? null),
          urgent: r.urgent ?? false,
          tz: env.tz,
          calendar: env.calendar,
        });
        Object.assign(row, { department_code: department, dispatched_at: e.at, ...deadlines });
        row.signed_at = row.contacted_at = null;
        payload = {
          department_code: department,
          area_code: r.area_code ?? null,
          category_code: r.category_code ?? null,
          note: e.text ?? null,
          sign_by: deadlines.sign_by.toISOString(),
          contact_by: deadlines.contact_by.toISOString(),
          reply_by: deadlines.reply_by.toISOString(),
        };
        break;
      }
      case 'sign':
        row.signed_at ??= e.at;
        break;
      case 'contact':
        row.contacted_at ??= e.at;
        payload = text(e.text);
        break;
      case 'return':
        row.return_count++;
        row.last_return_reason = e.text ?? null;
        payload = {
          ...text(e.text),
          from_department_code: row.department_code,
          return_count: row.return_count,
        };
        break;
      case 'reply':
        row.replied_at = e.at;
        payload = text(e.text);
        break;
      case 'follow-up':
        if (e.resolved === undefined || e.satisfaction === undefined)
          reasons.push(`${where} 须有 resolved 与 satisfaction`);
        Object.assign(row, {
          followed_up_at: e.at,
          followup_resolved: e.resolved ?? null,
          followup_satisfaction: e.satisfaction ?? null,
          followup_by: 'operator',
        });
        payload = {
          resolved: e.resolved ?? false,
          satisfaction: e.satisfaction ?? 'unsatisfied',
          by: 'operator',
          ...(e.text ? text(e.text) : {}),
        };
        break;
      case 'close':
        row.closed_at = e.at;
        break;
      case 'withdraw':
        payload = { ...text(e.text), by: 'operator' };
        break;
      case 'void':
        payload = text(e.text);
        break;
    }
    const parsed = EVENTS[e.type].payload.safeParse(payload);
    if (!parsed.success) reasons.push(`${where} 内容不合规：${parsed.error.issues[0]?.message ?? ''}`);
    const to = LEADS_TO[e.type];
    events.push({ type: e.type, at: e.at, from_status: status, to_status: to, payload });
    status = to;
    row.updated_at = e.at;
  });
  if (r.events.length > 0 && status !== r.status)
    reasons.push(`经过（events）止于 ${status}，与状态 ${r.status} 不符`);
  return reasons.length ? { reasons } : { lifecycle: row, events };
}
