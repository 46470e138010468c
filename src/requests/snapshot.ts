import type { RequestRow } from '../db/schema.js';
import type { Snapshot, Status } from './workflow.js';

export function snapshotOf(r: RequestRow): Snapshot {
  return {
    status: r.status as Status,
    hasDepartment: r.department_code !== null,
    extensionPending: r.extension_pending !== null,
    lastSatisfaction: r.followup_satisfaction,
    lastResolved: r.followup_resolved,
    supervised: r.supervised,
    replyReview: false,
  };
}
