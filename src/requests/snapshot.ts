import type { RequestRow } from '../db/schema.js';
import type { CoHandlerState, Snapshot, Status } from './workflow.js';

/** What the state machine knows of a request's co-handlers (./co-handling.ts); none when not read. */
export type CoFacts = { coPartsOutstanding: boolean; coHandler: CoHandlerState };
const NO_CO_HANDLING: CoFacts = { coPartsOutstanding: false, coHandler: 'none' };

/**
 * What the state machine reads of a request. Without `now`, the dispute window counts as open while the row
 * holds one (the presenter, which has no clock: the command checks it against the clock).
 */
export function snapshotOf(r: RequestRow, co: CoFacts = NO_CO_HANDLING, now?: Date): Snapshot {
  const disputeBy = r.rating_dispute_by;
  return {
    status: r.status as Status,
    hasDepartment: r.department_code !== null,
    extensionPending: r.extension_pending !== null,
    lastSatisfaction: r.followup_satisfaction,
    lastResolved: r.followup_resolved,
    supervised: r.supervised,
    replyReview: false,
    ratingDispute:
      r.rating_dispute === null ? 'none' : r.rating_dispute.state === 'pending' ? 'pending' : 'decided',
    disputeWindowOpen: disputeBy !== null && (now === undefined || now.getTime() <= disputeBy.getTime()),
    ...co,
  };
}
