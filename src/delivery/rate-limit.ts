/**
 * Per-phone rate limits: how many SMS one number may receive in a minute, an hour and a day (the providers'
 * own defaults are 1, 5 and 10 for one template; banshi keeps under them for all its messages together). A
 * message over a limit is deferred until the oldest send in that window leaves it. Pure.
 */
export type RateLimit = { windowMs: number; max: number };

export const PHONE_LIMITS: readonly RateLimit[] = [
  { windowMs: 60_000, max: 1 },
  { windowMs: 3_600_000, max: 5 },
  { windowMs: 86_400_000, max: 10 },
];

export type RateDecision = { ok: true } | { ok: false; retryAt: Date };

/** Whether one more message may go now, given the instants of the earlier sends to the same phone. */
export function rateDecision(
  sentAt: readonly Date[],
  now: Date,
  limits: readonly RateLimit[] = PHONE_LIMITS,
): RateDecision {
  let retryAt = 0;
  for (const { windowMs, max } of limits) {
    const inWindow = sentAt
      .map((d) => d.getTime())
      .filter((t) => t > now.getTime() - windowMs && t <= now.getTime())
      .sort((a, b) => a - b);
    if (inWindow.length < max) continue;
    // The send that must leave the window for one more to fit.
    retryAt = Math.max(retryAt, inWindow[inWindow.length - max]! + windowMs);
  }
  return retryAt === 0 ? { ok: true } : { ok: false, retryAt: new Date(retryAt) };
}

/** The longest window: how far back the earlier sends are read. */
export const longestWindowMs = (limits: readonly RateLimit[] = PHONE_LIMITS) =>
  Math.max(...limits.map((l) => l.windowMs));
