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
const row = (base: BaseStatus, extended: ExtendedStatus, why: string): Row => ({ base, extended, why });

/**
 * Our status → Open311. `returned` is OPEN, not INTERNAL_REFERRAL: FixMyStreet files "internal referral"
 * among its closed states, while a returned request goes back to the dispatchers and is dispatched again.
 * `replied` is FIXED in the feed but still `open` in GET requests: the answer awaits the follow-up (回访).
 */
export const STATUS_TABLE: Readonly<Record<Status, Row>> = {
  registered: row('open', 'OPEN', '登记: waiting in the dispatchers’ queue'),
  returned: row('open', 'OPEN', '退单: back in the queue, to be dispatched again'),
  dispatched: row('open', 'ACTION_SCHEDULED', '派单: a department is assigned, with deadlines'),
  signed: row('open', 'INVESTIGATING', '签收: the department has accepted it'),
  in_progress: row('open', 'IN_PROGRESS', '办理中: resident contacted or work under way'),
  /** The reply is not public until a reviewer approves it. */
  reviewing: row('open', 'IN_PROGRESS', '回复审核: the reply waits for a reviewer'),
  replied: row('open', 'FIXED', '答复: the department has answered; follow-up pending'),
  followed_up: row(
    'open',
    'FIXED',
    '回访: FIXED when the resident said resolved, else OPEN (may be reopened)',
  ),
  closed: row('closed', 'CLOSED', '办结'),
  merged: row('closed', 'DUPLICATE', '合并: handled under another request'),
  withdrawn: row('closed', 'CANCELLED', '撤单: withdrawn by the resident'),
  /** Never published: voided requests are left out of every public output (src/privacy/publication.ts). */
  voided: row('closed', 'CANCELLED', '作废: junk or a test, never public'),
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

/** What most statuses do: a plain comment, no alert. */
const COMMENT = { effect: 'comment', alert: null };

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
  OPEN: COMMENT,
  IN_PROGRESS: COMMENT,
  ACTION_SCHEDULED: COMMENT,
  INVESTIGATING: COMMENT,
  DUPLICATE: COMMENT,
  NOT_COUNCILS_RESPONSIBILITY: COMMENT,
  NO_FURTHER_ACTION: COMMENT,
  INTERNAL_REFERRAL: COMMENT,
  FOR_TRIAGE: COMMENT,
};

export function planIncomingUpdate(status: ExtendedStatus, snapshot: Snapshot): IncomingPlan {
  if (status === 'REOPEN' && isAllowed(snapshot, 'reopen')) return { kind: 'reopen' };
  return { kind: 'comment', alert: INCOMING_TABLE[status].alert };
}
