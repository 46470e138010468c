/** What the request state machine knows of a request, for the tests of what reads it. */
import type { Snapshot } from '../../src/requests/workflow.js';

/** A new registration (no department, nothing pending, no follow-up yet), with what a test changes of it. */
export const snapshot = (changes: Partial<Snapshot> = {}): Snapshot => ({
  status: 'registered',
  hasDepartment: false,
  extensionPending: false,
  lastSatisfaction: null,
  lastResolved: null,
  supervised: false,
  replyReview: false,
  ratingDispute: 'none',
  disputeWindowOpen: false,
  coPartsOutstanding: false,
  coHandler: 'none',
  ...changes,
});
