/**
 * 吹哨报到 co-handling, the pure rules: where a co-handling department (协办) stands, what the state machine
 * knows of a request's co-handlers, and which departments may be added to a request as co-handlers. No I/O.
 */
import type { CoHandlerState } from './workflow.js';

/** What these rules read of a co-handler (a row of `request_co_handlers`). */
export type CoHandlerFacts = {
  department_code: string;
  signed_at: Date | null;
  part_submitted_at: Date | null;
  released_at: Date | null;
};

/** A co-handler's own state; a released one is no longer asked for anything. */
export function coHandlerState(c: CoHandlerFacts): CoHandlerState {
  if (c.released_at !== null) return 'none';
  if (c.signed_at === null) return 'awaiting_sign';
  return c.part_submitted_at === null ? 'signed' : 'submitted';
}

/** A co-handler the lead still waits for: not released, its part not in. */
export const isOutstanding = (c: CoHandlerFacts) => c.released_at === null && c.part_submitted_at === null;

/**
 * What the state machine knows of the co-handlers for one acting department: whether any part is still
 * outstanding, and where the acting department stands (none when it is not a co-handler, or acts for no
 * department).
 */
export function coFactsFor(
  coHandlers: readonly CoHandlerFacts[],
  departmentCode: string | null,
): { coPartsOutstanding: boolean; coHandler: CoHandlerState } {
  const own =
    departmentCode === null ? undefined : coHandlers.find((c) => c.department_code === departmentCode);
  return {
    coPartsOutstanding: coHandlers.some(isOutstanding),
    coHandler: own ? coHandlerState(own) : 'none',
  };
}

/** Why a department cannot be added as a co-handler. */
export type CoDepartmentRefusal = 'duplicate' | 'lead' | 'already_co_handler';

/**
 * The departments asked for as co-handlers, checked against the lead and the request's co-handlers (released
 * ones included: a department released once is not whistled again): each refusal with its index.
 */
export function coDepartmentRefusals(
  codes: readonly string[],
  leadCode: string | null,
  existing: readonly { department_code: string }[],
): { index: number; code: string; refusal: CoDepartmentRefusal }[] {
  const out: { index: number; code: string; refusal: CoDepartmentRefusal }[] = [];
  const had = new Set(existing.map((c) => c.department_code));
  codes.forEach((code, index) => {
    if (codes.indexOf(code) !== index) out.push({ index, code, refusal: 'duplicate' });
    else if (code === leadCode) out.push({ index, code, refusal: 'lead' });
    else if (had.has(code)) out.push({ index, code, refusal: 'already_co_handler' });
  });
  return out;
}

/** The co-departments still involved: every co-handler not released, in the order they were added. */
export function involvedCodes(coHandlers: readonly CoHandlerFacts[]): string[] {
  return coHandlers.filter((c) => c.released_at === null).map((c) => c.department_code);
}
