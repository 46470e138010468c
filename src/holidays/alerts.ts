/**
 * The alert raised when a deadline needs a year that no calendar layer knows (the Monday–Friday guess is then
 * used): 2027年节假日安排尚未录入. The sweep looks a month ahead, so it is raised before the year begins.
 */
import { raiseAlert } from '../alerts/store.js';
import type { AppContext } from '../context.js';
import { localDate, nextDate } from '../requests/deadlines.js';
import { referenceCache } from '../routing/reference-cache.js';

export const missingYearKey = (year: number) => `calendar-missing:${year}`;

/** How far ahead of today the sweep asks the calendar: deadlines of a month reach into the next year. */
export const LOOKAHEAD_DAYS = 31;

/** Raises an alert for each unknown year a deadline asked about, or that begins within the look-ahead. */
export async function alertMissingYears(ctx: AppContext, jurisdictionId: string): Promise<number> {
  const cache = referenceCache(ctx.db);
  const { calendar, timezone } = await cache.get(jurisdictionId);
  let day = localDate(ctx.now(), timezone);
  for (let i = 0; i < LOOKAHEAD_DAYS; i++) day = nextDate(day);
  calendar.isWorkingDay(day);
  let raised = 0;
  // A year asked about while unknown may have been entered since: only what is still unknown alerts.
  for (const year of cache.takeUnknownYears(jurisdictionId).filter((y) => !calendar.knows(y))) {
    const last = calendar.lastKnownYear();
    const fresh = await raiseAlert(ctx.db, {
      jurisdictionId,
      key: missingYearKey(year),
      kind: 'calendar_year_missing',
      message: `${year}年节假日安排尚未录入`,
      messageEn: `The ${year} holiday schedule has not been entered`,
      details: { year, last_known_year: last },
      at: ctx.now(),
    });
    if (fresh) {
      raised++;
      ctx.log.warn(
        `calendar: ${year} is not known to any calendar layer of ${jurisdictionId} (Monday–Friday until entered)`,
      );
    }
  }
  return raised;
}

/** The check for every jurisdiction: at start, and at each sweep. Never throws (it is a warning, not a duty). */
export async function alertMissingYearsEverywhere(ctx: AppContext): Promise<void> {
  try {
    const js = await ctx.db.selectFrom('jurisdictions').select('jurisdiction_id').execute();
    for (const j of js) await alertMissingYears(ctx, j.jurisdiction_id);
  } catch (err) {
    ctx.log.error(`calendar check failed: ${(err as Error).message}`);
  }
}
