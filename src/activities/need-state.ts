/**
 * What became of a need raised at a session, from its request's status: raised (waiting or being handled),
 * answered (the department replied, the resident has not confirmed), resolved (followed up or closed). A need
 * merged into another, withdrawn or voided counts as resolved: nothing is left to do on it. Pure.
 */
export const NEED_STATES = ['raised', 'answered', 'resolved'] as const;
export type NeedState = (typeof NEED_STATES)[number];

/** The request statuses of a resolved need. */
export const NEED_RESOLVED_STATUSES = ['followed_up', 'closed', 'merged', 'withdrawn', 'voided'] as const;
/** The request status of an answered need. */
export const NEED_ANSWERED_STATUSES = ['replied'] as const;

const RESOLVED: ReadonlySet<string> = new Set(NEED_RESOLVED_STATUSES);
const ANSWERED: ReadonlySet<string> = new Set(NEED_ANSWERED_STATUSES);

export function needState(status: string): NeedState {
  if (RESOLVED.has(status)) return 'resolved';
  return ANSWERED.has(status) ? 'answered' : 'raised';
}
