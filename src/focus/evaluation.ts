/**
 * How good the early warnings were (pure), judged after the fact on the requests that followed them:
 * - a warning was *followed* when at least FOLLOW_MIN requests of its key came in the FOLLOW_DAYS after it, and
 *   more than its history makes likely (Poisson upper tail < FOLLOW_P at the key's usual rate): it pointed at a
 *   problem still growing, not at a busy key's ordinary weeks;
 * - precision = followed / judged (a warning is judged once FOLLOW_DAYS have passed);
 * - lead time of a followed warning = days from the warning to the peak of its key's 7-day volume within the
 *   PEAK_DAYS after it (0 when the volume was highest on the day itself): how early the department heard.
 * A department that acts on a warning may prevent the requests that would have followed it; precision so measured
 * is a lower bound once warnings are acted on, and the reports say so.
 */

import { poissonUpperTail } from './warnings.js';

export const FOLLOW_DAYS = 14;
export const FOLLOW_MIN = 2;
export const FOLLOW_P = 0.05;
export const PEAK_DAYS = 30;
const ROLLING = 7;

export type JudgedWarning = { judged: boolean; followed: boolean; after: number; leadDays: number | null };

/**
 * One warning raised on day index `day` of its key's daily counts (`daily`, oldest first, continuing up to
 * `today`'s index), whose window expected `expectedPerDay` requests a day.
 */
export function judgeWarning(daily: readonly number[], day: number, expectedPerDay: number): JudgedWarning {
  const lastIndex = daily.length - 1;
  const judged = lastIndex - day >= FOLLOW_DAYS;
  const after = daily.slice(day + 1, day + 1 + FOLLOW_DAYS).reduce((a, b) => a + b, 0);
  const followed =
    judged && after >= FOLLOW_MIN && poissonUpperTail(after, expectedPerDay * FOLLOW_DAYS) < FOLLOW_P;
  if (!followed) return { judged, followed, after, leadDays: null };
  let best = -1;
  let leadDays = 0;
  for (let d = day; d <= Math.min(lastIndex, day + PEAK_DAYS); d++) {
    const rolling = daily.slice(Math.max(0, d - ROLLING + 1), d + 1).reduce((a, b) => a + b, 0);
    if (rolling > best) {
      best = rolling;
      leadDays = d - day;
    }
  }
  return { judged, followed, after, leadDays };
}

export type WarningQuality = {
  raised: number;
  judged: number;
  followed: number;
  /** followed / judged; null before any warning could be judged. */
  precision: number | null;
  /** Median lead time of the followed warnings, in days. */
  medianLeadDays: number | null;
};

export function warningQuality(judgements: readonly JudgedWarning[]): WarningQuality {
  const judged = judgements.filter((j) => j.judged);
  const followed = judged.filter((j) => j.followed);
  const leads = followed.map((j) => j.leadDays ?? 0).sort((a, b) => a - b);
  const mid = leads.length >> 1;
  return {
    raised: judgements.length,
    judged: judged.length,
    followed: followed.length,
    precision: judged.length ? followed.length / judged.length : null,
    medianLeadDays: leads.length
      ? leads.length % 2
        ? leads[mid]!
        : (leads[mid - 1]! + leads[mid]!) / 2
      : null,
  };
}
