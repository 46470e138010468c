/**
 * The one table between our lifecycle and Open311: the base status (open/closed) of GET requests, the
 * extended status of the update feed (mySociety/FixMyStreet extension), and what a POSTed update does to a
 * request. Pure; the README section of src/open311 reproduces these tables.
 */
import { isAllowed, type Snapshot, type Status } from '../requests/workflow.js';

export type BaseStatus = 'open' | 'closed';

export const EXTENDED_STATUSES = [
  'OPEN',
  'CLOSED',
  'FIXED',
  'IN_PROGRESS',
  'ACTION_SCHEDULED',
  'INVESTIGATING',
  'DUPLICATE',
  'NOT_COUNCILS_RESPONSIBILITY',
  'NO_FURTHER_ACTION',
  'INTERNAL_REFERRAL',
  'CANCELLED',
  'REOPEN',
  'FOR_TRIAGE',
] as const;
export type ExtendedStatus = (typeof EXTENDED_STATUSES)[number];

type Row = { base: BaseStatus; extended: ExtendedStatus; why: string };

/**
 * Our status → Open311. `returned` is OPEN, not INTERNAL_REFERRAL: FixMyStreet files "internal referral"
 * among its closed states, while a returned request goes back to the dispatchers and is dispatched again.
 * `replied` is FIXED in the feed but still `open` in GET requests: the answer awaits the follow-up (回访).
 */
export const STATUS_TABLE: Readonly<Record<Status, Row>> = {
  registered: { base: 'open', extended: 'OPEN', why: '登记: waiting in the dispatchers’ queue' },
  returned: { base: 'open', extended: 'OPEN', why: '退单: back in the queue, to be dispatched again' },
  dispatched: {
    base: 'open',
    extended: 'ACTION_SCHEDULED',
    why: '派单: a department is assigned, with deadlines',
  },
  signed: { base: 'open', extended: 'INVESTIGATING', why: '签收: the department has accepted it' },
  in_progress: { base: 'open', extended: 'IN_PROGRESS', why: '办理中: resident contacted or work under way' },
  replied: { base: 'open', extended: 'FIXED', why: '答复: the department has answered; follow-up pending' },
  followed_up: {
    base: 'open',
    extended: 'FIXED',
    why: '回访: FIXED when the resident said resolved, else OPEN (may be reopened)',
  },
  closed: { base: 'closed', extended: 'CLOSED', why: '办结' },
  merged: { base: 'closed', extended: 'DUPLICATE', why: '合并: handled under another request' },
  withdrawn: { base: 'closed', extended: 'CANCELLED', why: '撤单: withdrawn by the resident' },
  /** Never published: voided requests are left out of every public output (src/privacy/publication.ts). */
  voided: { base: 'closed', extended: 'CANCELLED', why: '作废: junk or a test, never public' },
};

export const OPEN_STATUSES = (Object.keys(STATUS_TABLE) as Status[]).filter(
  (s) => STATUS_TABLE[s].base === 'open',
);
export const CLOSED_STATUSES = (Object.keys(STATUS_TABLE) as Status[]).filter(
  (s) => STATUS_TABLE[s].base === 'closed',
);

function known(status: string): status is Status {
  return Object.hasOwn(STATUS_TABLE, status);
}

/** The GeoReport v2 status of one of ours; anything unknown counts as open (never claims to be done). */
export function baseStatus(status: string): BaseStatus {
  return known(status) ? STATUS_TABLE[status].base : 'open';
}

/** The extended status (upper case, as in the mySociety extension) of one of ours. */
export function extendedStatus(status: string, followupResolved?: boolean | null): ExtendedStatus {
  if (!known(status)) return 'OPEN';
  if (status === 'followed_up' && followupResolved === false) return 'OPEN';
  return STATUS_TABLE[status].extended;
}

/** The feed spells statuses in lower case like the mySociety reference server; FixMyStreet reads either. */
export const feedStatus = (s: ExtendedStatus) => s.toLowerCase();

/** Parses a POSTed status: case-insensitive, spaces or underscores (`in progress` = IN_PROGRESS). */
export function parseExtendedStatus(input: string): ExtendedStatus | null {
  const s = input
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
  return (EXTENDED_STATUSES as readonly string[]).includes(s) ? (s as ExtendedStatus) : null;
}

/**
 * What a POSTed update does. The calling integration cannot vouch for who the resident is, so an update never
 * records a follow-up rating (满意率 counts only the reporter's own answer); it becomes a public comment on the
 * request, and two statuses also alert the operators through the outbox.
 */
export type Alert = 'reopen_requested' | 'fixed_reported' | 'cancel_requested';
export type IncomingPlan = { kind: 'reopen' } | { kind: 'comment'; alert: Alert | null };

export const INCOMING_TABLE: Readonly<Record<ExtendedStatus, { effect: string; alert: Alert | null }>> = {
  REOPEN: {
    effect:
      '重办 reopen when the workflow allows it (followed up, unresolved or unsatisfied); else a comment',
    alert: 'reopen_requested',
  },
  FIXED: {
    effect: 'comment; operators alerted so the 回访 can confirm it — never recorded as a rating',
    alert: 'fixed_reported',
  },
  CLOSED: {
    effect: 'comment; operators alerted — closing (办结) stays with the 12345 centre',
    alert: 'fixed_reported',
  },
  CANCELLED: {
    effect: 'comment; operators alerted — a withdrawal (撤单) is confirmed by the hotline',
    alert: 'cancel_requested',
  },
  OPEN: { effect: 'comment', alert: null },
  IN_PROGRESS: { effect: 'comment', alert: null },
  ACTION_SCHEDULED: { effect: 'comment', alert: null },
  INVESTIGATING: { effect: 'comment', alert: null },
  DUPLICATE: { effect: 'comment', alert: null },
  NOT_COUNCILS_RESPONSIBILITY: { effect: 'comment', alert: null },
  NO_FURTHER_ACTION: { effect: 'comment', alert: null },
  INTERNAL_REFERRAL: { effect: 'comment', alert: null },
  FOR_TRIAGE: { effect: 'comment', alert: null },
};

export function planIncomingUpdate(status: ExtendedStatus, snapshot: Snapshot): IncomingPlan {
  if (status === 'REOPEN' && isAllowed(snapshot, 'reopen')) return { kind: 'reopen' };
  return { kind: 'comment', alert: INCOMING_TABLE[status].alert };
}
