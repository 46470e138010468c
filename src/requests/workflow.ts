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

export const ACTIONS = [
  'answer-directly',
  'dispatch',
  'sign',
  'contact',
  'add-note',
  'return',
  'request-extension',
  'approve-extension',
  'refuse-extension',
  'reply',
  'approve-reply',
  'send-back-reply',
  'follow-up',
  'close',
  'auto-close',
  'auto-dispatch',
  'reopen',
  'supervise',
  'merge',
  'reveal-contact',
  'void',
  'withdraw',
  'chase',
  'add-info',
] as const;
export type Action = (typeof ACTIONS)[number];

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
};

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
    guard: (s) => !s.extensionPending,
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
