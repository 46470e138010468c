/** Which articles are flagged to their owners (pure): past their valid-to date, or unchanged for a year. */
import type { StaleReason } from '../db/schema.js';

export const UNTOUCHED_DAYS = 365;
const DAY_MS = 86_400_000;

export function staleReason(
  a: { status: string; valid_to: string | null; updated_at: Date },
  today: string,
  now: Date,
): StaleReason | null {
  if (a.status !== 'published') return null;
  if (a.valid_to !== null && a.valid_to < today) return 'expired';
  if (now.getTime() - a.updated_at.getTime() > UNTOUCHED_DAYS * DAY_MS) return 'untouched';
  return null;
}

/** Whether an article is in force on a day (no bounds: always). */
export const inForce = (a: { valid_from: string | null; valid_to: string | null }, today: string) =>
  (a.valid_from === null || a.valid_from <= today) && (a.valid_to === null || a.valid_to >= today);
