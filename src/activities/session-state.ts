/**
 * A session's state on a moment: planned, running (check-in open: from 30 minutes before it starts until two
 * hours after it ends), ended, or cancelled. Pure.
 */
export const SESSION_STATES = ['planned', 'running', 'ended', 'cancelled'] as const;
export type SessionState = (typeof SESSION_STATES)[number];

/** Check-in opens this long before the start. */
export const OPENS_BEFORE_MS = 30 * 60_000;
/** … and closes this long after the end (late arrivals, the organiser's offline names). */
export const CLOSES_AFTER_MS = 2 * 3_600_000;

export type SessionTimes = { starts_at: Date; ends_at: Date; cancelled_at: Date | null };

export function sessionState(s: SessionTimes, now: Date): SessionState {
  if (s.cancelled_at) return 'cancelled';
  const t = now.getTime();
  if (t < s.starts_at.getTime() - OPENS_BEFORE_MS) return 'planned';
  if (t <= s.ends_at.getTime() + CLOSES_AFTER_MS) return 'running';
  return 'ended';
}

/** Whether a check-in at `at` falls in the session's check-in window (cancellation aside). */
export const withinCheckIn = (s: Omit<SessionTimes, 'cancelled_at'>, at: Date) =>
  sessionState({ ...s, cancelled_at: null }, at) === 'running';
