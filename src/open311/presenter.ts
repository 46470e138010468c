/**
 * Every field that leaves through Open311. Personal data (the reporter's name, phone, e-mail, account) is never
 * read here; free text is masked (phones and ID numbers typed into it) and stripped of what XML cannot carry.
 */
import { OPEN311_EVENT_TYPES, type EventType } from '../requests/events/catalogue.js';
import type { Vault } from '../privacy/crypto.js';
import { maskPublicText } from '../privacy/public-text.js';
import type { Catalogue } from './catalogue.js';
import { isoInZone } from './params.js';
import { baseStatus, extendedStatus, feedStatus } from './status-map.js';
import { xmlSafeText } from './xml.js';

export const MAX_DESCRIPTION = 4000;

/** What a request's public text goes through: its reporter's names and every phone or ID number masked. */
export type Mask = (text: string) => string;
const noMask: Mask = (t) => maskPublicText(t);

/** The reporter's own names, masked wherever they were typed into a text (我是张三丰 → 我是张**). */
export function nameMask(names: string[]): Mask {
  return (text) => maskPublicText(text, names);
}

/** The names to mask for one request, from the encrypted reporter name and the names posted via Open311. */
export function reporterMask(
  vault: Vault,
  reporterNameEnc: string | null,
  postedNamesEnc: string | null,
): Mask {
  const names: string[] = [];
  try {
    if (reporterNameEnc) names.push(vault.decrypt(reporterNameEnc));
    if (postedNamesEnc) {
      const posted = JSON.parse(vault.decrypt(postedNamesEnc)) as unknown;
      if (Array.isArray(posted)) names.push(...posted.filter((x): x is string => typeof x === 'string'));
    }
  } catch {
    // a value sealed under another key: nothing to mask with
  }
  // Names posted in parts (first_name, last_name) are also masked joined, in either order.
  const posted = names.slice(reporterNameEnc ? 1 : 0);
  return nameMask([...new Set(names), ...(posted.length > 1 ? [posted.join(' ')] : [])]);
}

/** Public text: the reporter's names and any phone or ID number masked, XML-safe, at most `max` characters. */
export function publicText(
  text: string | null | undefined,
  max = MAX_DESCRIPTION,
  mask: Mask = noMask,
): string | null {
  if (text === null || text === undefined) return null;
  const clean = xmlSafeText(mask(text)).trim();
  const chars = [...clean];
  return chars.length > max ? chars.slice(0, max).join('') : clean;
}

/** Events that the public may see, as updates in the feed; internal notes, returns' reasons, reveals stay in. */
export const FEED_EVENT_TYPES = OPEN311_EVENT_TYPES;

const REPLY_TYPES = new Set<string>([
  'reply',
  'answer-directly',
  'merged-reply',
  'approve-reply',
] satisfies EventType[]);

export type EventRow = {
  id: number;
  request_id: number;
  type: string;
  to_status: string;
  payload: Record<string, unknown>;
  at: Date;
};

const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** The public description of one event, in Chinese; never an actor's name nor an internal note. */
export function describeEvent(
  e: EventRow,
  departmentNames: Map<string, string>,
  ticketNo: string,
  mask: Mask = noMask,
): string {
  const p = e.payload;
  switch (e.type) {
    case 'register':
      return `诉求已登记受理，工单号 ${ticketNo}`;
    case 'dispatch':
    case 'auto-dispatch': {
      const code = str(p.department_code);
      const name = code ? (departmentNames.get(code) ?? code) : null;
      return name ? `已派单至${name}` : '已派单';
    }
    case 'sign':
      return '承办部门已签收';
    case 'contact':
      return '承办部门已联系诉求人，正在办理';
    case 'return':
      return '承办部门退回工单，12345热线正在重新派单';
    case 'answer-directly':
    case 'reply':
    case 'merged-reply':
    case 'approve-reply':
      return publicText(str(p.text), MAX_DESCRIPTION, mask) ?? '承办部门已答复';
    case 'follow-up':
      return p.resolved === true ? '已回访：诉求人反映问题已解决' : '已回访：诉求人反映问题未解决';
    case 'close':
      return '工单已办结';
    case 'auto-close':
      return '答复后未在期限内回访，工单自动办结';
    case 'reopen':
      return '工单已重新办理（重办）';
    case 'merge':
      return str(p.into_ticket_no) ? `已与工单 ${p.into_ticket_no} 合并办理` : '已与其他工单合并办理';
    case 'open311-update':
      return (
        publicText(str(p.text), MAX_DESCRIPTION, mask) ?? `对方平台更新状态：${str(p.external_status) ?? ''}`
      );
    default:
      return '';
  }
}

/** status_notes: the latest answer once answered, else what last happened (comments from clients excluded). */
export function statusNotes(
  status: string,
  events: EventRow[],
  departmentNames: Map<string, string>,
  ticketNo: string,
  mask: Mask = noMask,
): string | null {
  const d = (e: EventRow) => describeEvent(e, departmentNames, ticketNo, mask);
  const lifecycle = events.filter((e) => e.type !== 'open311-update');
  const lastReply = [...lifecycle].reverse().find((e) => REPLY_TYPES.has(e.type));
  if (status === 'merged') {
    const merge = [...lifecycle].reverse().find((e) => e.type === 'merge');
    const parts = [merge ? d(merge) : null];
    if (lastReply && merge && lastReply.id > merge.id) parts.push(d(lastReply));
    return parts.filter(Boolean).join('。') || null;
  }
  if (['replied', 'followed_up', 'closed'].includes(status) && lastReply) return d(lastReply);
  const last = lifecycle[lifecycle.length - 1];
  return last ? d(last) || null : null;
}

export type RequestRowForOpen311 = {
  id: number;
  ticket_no: string;
  status: string;
  channel: string;
  body: string;
  lat: number | null;
  lon: number | null;
  address: string | null;
  area_code: string | null;
  area_name: string | null;
  category_code: string | null;
  department_name: string | null;
  reply_by: Date | null;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  media_url: string | null;
  reporter_name_enc: string | null;
  name_enc: string | null;
};

const round = (n: number | null, digits: number) =>
  n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * One service request. Requests filed through Open311 show the place the client gave; those from the hotline
 * and other channels often carry the caller's home address, so they show the area (community) name and
 * coordinates rounded to about 100 m instead.
 */
export function presentRequest(
  r: RequestRowForOpen311,
  cat: Catalogue,
  notes: string | null,
  tz: string,
  mask: Mask = noMask,
): Record<string, string | number | null> {
  const fromOpen311 = r.channel === 'open311';
  const serviceCode = r.category_code ?? '';
  const finished = baseStatus(r.status) === 'closed';
  return {
    service_request_id: r.ticket_no,
    status: baseStatus(r.status),
    status_notes: notes,
    service_name: cat.serviceName(serviceCode),
    service_code: serviceCode,
    description: publicText(r.body, MAX_DESCRIPTION, mask),
    agency_responsible: r.department_name,
    service_notice: cat.notice(r.category_code),
    requested_datetime: isoInZone(r.created_at, tz),
    updated_datetime: isoInZone(finished && r.closed_at ? r.closed_at : r.updated_at, tz),
    expected_datetime: r.reply_by ? isoInZone(r.reply_by, tz) : null,
    address: fromOpen311 ? publicText(r.address, 500, mask) : r.area_name,
    address_id: r.area_code,
    zipcode: null,
    lat: fromOpen311 ? r.lat : round(r.lat, 3),
    long: fromOpen311 ? r.lon : round(r.lon, 3),
    media_url: r.media_url,
  };
}

export type FeedRow = EventRow & {
  ticket_no: string;
  followup_resolved: boolean | null;
  reporter_name_enc: string | null;
  name_enc: string | null;
};

/** One request_update of the mySociety/FixMyStreet extension. */
export function presentUpdate(
  e: FeedRow,
  departmentNames: Map<string, string>,
  tz: string,
  mask: Mask = noMask,
) {
  const resolved = e.type === 'follow-up' ? (e.payload.resolved as boolean | undefined) : e.followup_resolved;
  return {
    update_id: String(e.id),
    service_request_id: e.ticket_no,
    status: feedStatus(extendedStatus(e.to_status, resolved ?? null)),
    updated_datetime: isoInZone(e.at, tz),
    description: describeEvent(e, departmentNames, e.ticket_no, mask),
    media_url: e.type === 'open311-update' ? (str(e.payload.media_url) ?? '') : '',
    external_status_code: e.type,
  };
}
