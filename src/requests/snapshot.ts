import type { RequestRow } from '../db/schema.js';
import type { CoHandlerState, Snapshot, Status } from './workflow.js';

/** What the state machine knows of a request's co-handlers (./co-handling.ts); none when not read. */
export type CoFacts = { coPartsOutstanding: boolean; coHandler: CoHandlerState };
const NO_CO_HANDLING: CoFacts = { coPartsOutstanding: false, coHandler: 'none' };

export function snapshotOf(r: RequestRow, co: CoFacts = NO_CO_HANDLING): Snapshot {
  return {
    status: r.status as Status,
    hasDepartment: r.department_code !== null,
    extensionPending: r.extension_pending !== null,
    lastSatisfaction: r.followup_satisfaction,
    lastResolved: r.followup_resolved,
    supervised: r.supervised,
    replyReview: false,
    ...co,
  };
}
