/**
 * The 接诉即办 lifecycle as a pure state machine: which action is allowed from which state, under which
 * guard, and where it leads. No I/O; the commands in ./commands apply its decisions to the database.
 */

export const STATUSES = [
  'registered', // 登记: waiting in the dispatchers' queue
  'returned', // 退单: sent back by a department, waiting to be re-dispatched
  'dispatched', // 派单: waiting for the department to sign
  'signed', // 签收
  'in_progress', // 办理中: resident contacted or work noted
  'reviewing', // 回复审核中: the department's reply waits for a reviewer before the resident sees it
  'replied', // 答复: waiting for the follow-up
  'followed_up', // 回访 done: waiting to be closed (or reopened when unsatisfied)
  'closed', // 办结
  'merged', // 合并 into another request
  'withdrawn', // 撤单: the resident (or the desk for them) withdrew it before it was answered
  'voided', // 作废: junk or a test, voided by the centre; in no figure and never public
] as const;
export type Status = (typeof STATUSES)[number];

/**
 * Every action, in the order the staff's pages offer them (a request's `allowed_actions` keep this order): a new
 * action takes its place here once.
 */
export const ACTIONS = [
  'dispatch',
  'auto-dispatch',
  'sign',
  'contact',
  'add-note',
  'reply',
  'approve-reply',
  'send-back-reply',
  'answer-directly',
  'request-extension',
  'approve-extension',
  'refuse-extension',
  'return',
  'merge',
  'follow-up',
  'close',
  'auto-close',
  'reopen',
  'supervise',
  'reveal-contact',
  'add-info',
  'chase',
  'withdraw',
  'void',
  'dispute-rating',
  'decide-dispute',
  'whistle',
  'co-sign',
  'co-submit',
  'release-co-handler',
] as const;
export type Action = (typeof ACTIONS)[number];

/** 差评复核: a reviewer's decision on a disputed rating: 合理 (it stands) or 不合理 (out of 满意率 and 解决率). */
export const DISPUTE_DECISIONS = ['reasonable', 'unreasonable'] as const;
export type DisputeDecision = (typeof DISPUTE_DECISIONS)[number];

/** What the guards need to know about a request besides its status. */
export type Snapshot = {
  status: Status;
  hasDepartment: boolean;
  extensionPending: boolean;
  lastSatisfaction: 'satisfied' | 'basically_satisfied' | 'unsatisfied' | null;
  lastResolved: boolean | null;
  supervised: boolean;
  /**
   * A reply now would be held for review (回复审核: the jurisdiction's sample, a reopened request, a low
   * automatic score). Decided by the reply command before it asks; false everywhere else.
   */
  replyReview: boolean;
  /** 差评复核: whether the last follow-up is disputed, and whether its dispute is pending or decided. */
  ratingDispute: 'none' | 'pending' | 'decided';
  /** 差评复核: the last follow-up may still be disputed (within the jurisdiction's working days after it). */
  disputeWindowOpen: boolean;
  /**
   * 吹哨报到: a co-handling department (协办), not released by the centre, has not submitted its part yet: the
   * lead department's reply waits for it.
   */
  coPartsOutstanding: boolean;
  /** 吹哨报到: where the acting department stands as a co-handler of the request ('none' for everyone else). */
  coHandler: CoHandlerState;
};

export const CO_HANDLER_STATES = ['none', 'awaiting_sign', 'signed', 'submitted'] as const;
export type CoHandlerState = (typeof CO_HANDLER_STATES)[number];

/**
 * Open and not yet answered: what a resident may still withdraw, chase up or add to (a reply under review has
 * not reached them).
 */
const UNANSWERED: readonly Status[] = [
  'registered',
  'returned',
  'dispatched',
  'signed',
  'in_progress',
  'reviewing',
];
const OPEN: readonly Status[] = [...UNANSWERED, 'replied', 'followed_up'];
const HANDLING: readonly Status[] = ['signed', 'in_progress'];
/** With a lead department and not yet replied: co-handlers may be added (吹哨) or released. */
const WITH_LEAD: readonly Status[] = ['dispatched', 'signed', 'in_progress'];
/** A co-department signs and submits its part while the request waits for its reply, a return included. */
const CO_HANDLING: readonly Status[] = ['returned', ...WITH_LEAD];

type Rule = {
  from: readonly Status[];
  guard?: (s: Snapshot) => boolean;
  /** Where the action leads; undefined keeps the current status. */
  to?: (s: Snapshot) => Status;
};

const unsatisfied = (s: Snapshot) => s.lastSatisfaction === 'unsatisfied' || s.lastResolved === false;

const RULES: Record<Action, Rule> = {
  'answer-directly': { from: ['registered', 'returned'], to: () => 'replied' },
  dispatch: { from: ['registered', 'returned', 'dispatched'], to: () => 'dispatched' },
  sign: { from: ['dispatched'], to: () => 'signed' },
  contact: { from: HANDLING, to: () => 'in_progress' },
  'add-note': { from: OPEN },
  return: {
    from: ['dispatched', 'signed', 'in_progress'],
    guard: (s) => !s.extensionPending,
    to: () => 'returned',
  },
  'request-extension': { from: HANDLING, guard: (s) => !s.extensionPending },
  'approve-extension': { from: HANDLING, guard: (s) => s.extensionPending },
  'refuse-extension': { from: HANDLING, guard: (s) => s.extensionPending },
  reply: {
    from: HANDLING,
    guard: (s) => !s.extensionPending && !s.coPartsOutstanding,
    to: (s) => (s.replyReview ? 'reviewing' : 'replied'),
  },
  /** 审核通过: the resident sees the reply (its deadline counted from the handler's reply). */
  'approve-reply': { from: ['reviewing'], to: () => 'replied' },
  /** 审核退回: back to the handler with reasons, the deadline unchanged. */
  'send-back-reply': { from: ['reviewing'], to: () => 'in_progress' },
  'follow-up': { from: ['replied'], to: () => 'followed_up' },
  close: { from: ['followed_up'], to: () => 'closed' },
  'auto-close': { from: ['replied'], to: () => 'closed' },
  'auto-dispatch': { from: ['registered'], to: () => 'dispatched' },
  reopen: {
    from: ['followed_up'],
    guard: unsatisfied,
    to: (s) => (s.hasDepartment ? 'in_progress' : 'registered'),
  },
  supervise: { from: OPEN },
  merge: { from: ['registered', 'returned', 'dispatched'], to: () => 'merged' },
  'reveal-contact': { from: [...OPEN, 'closed'], guard: (s) => s.hasDepartment },
  void: { from: OPEN, to: () => 'voided' },
  withdraw: { from: UNANSWERED, to: () => 'withdrawn' },
  chase: { from: UNANSWERED },
  'add-info': { from: UNANSWERED },
  /**
   * 差评复核: the department disputes an unsatisfied or unresolved follow-up, once, within the window. A pending
   * dispute blocks nothing: the centre still closes or reopens the request as it would.
   */
  'dispute-rating': {
    from: ['followed_up', 'closed'],
    guard: (s) => unsatisfied(s) && s.ratingDispute === 'none' && s.disputeWindowOpen,
  },
  /** 合理 or 不合理: whatever became of the request since, as long as the disputed follow-up is its last. */
  'decide-dispute': { from: [...OPEN, 'closed'], guard: (s) => s.ratingDispute === 'pending' },
  /** 吹哨: co-handling departments added by the lead department or the centre. */
  whistle: { from: WITH_LEAD },
  /** 报到: the co-department signs once. */
  'co-sign': { from: CO_HANDLING, guard: (s) => s.coHandler === 'awaiting_sign' },
  /** Its part (a note and photos), once signed; submitted again, it replaces the earlier one. */
  'co-submit': { from: CO_HANDLING, guard: (s) => s.coHandler === 'signed' || s.coHandler === 'submitted' },
  /** The centre stops waiting for a co-department's part, so that the lead may reply. */
  'release-co-handler': { from: WITH_LEAD, guard: (s) => s.coPartsOutstanding },
};

export type Decision = { ok: true; to: Status } | { ok: false; status: Status; allowed: Action[] };

export function isAllowed(s: Snapshot, action: Action): boolean {
  const rule = RULES[action];
  return rule.from.includes(s.status) && (rule.guard?.(s) ?? true);
}

export function allowedActions(s: Snapshot): Action[] {
  return ACTIONS.filter((a) => isAllowed(s, a));
}

export function decide(s: Snapshot, action: Action): Decision {
  if (!isAllowed(s, action)) return { ok: false, status: s.status, allowed: allowedActions(s) };
  return { ok: true, to: RULES[action].to?.(s) ?? s.status };
}

export function isOpen(status: Status): boolean {
  return OPEN.includes(status);
}

/** Actions only the system takes (sweeps, the classifier); they are not offered over HTTP. */
export const SYSTEM_ACTIONS: readonly Action[] = ['auto-close', 'auto-dispatch'];

export function isAction(x: string): x is Action {
  return (ACTIONS as readonly string[]).includes(x);
}
