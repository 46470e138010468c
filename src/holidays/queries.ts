/** A year of a jurisdiction's calendar as the month view shows it, with the schedules entered for it. */
import type { AppContext } from '../context.js';
import { NATIONAL } from '../calendar/layers.js';
import { datesOfYear } from '../calendar/working-calendar.js';
import { referenceCache } from '../routing/reference-cache.js';

export async function yearView(ctx: AppContext, jurisdictionId: string, year: number) {
  const { calendar } = await referenceCache(ctx.db).get(jurisdictionId);
  const schedules = await ctx.db
    .selectFrom('calendar_schedules')
    .select(['scope', 'complete', 'source', 'input_format', 'input_text', 'entered_by', 'entered_at'])
    .where('scope', 'in', [NATIONAL, jurisdictionId])
    .where('year', '=', year)
    .execute();
  return {
    year,
    known: calendar.knows(year),
    year_source: calendar.yearSource(year),
    last_known_year: calendar.lastKnownYear(),
    schedules: schedules.map((s) => ({
      scope: s.scope === NATIONAL ? ('national' as const) : ('jurisdiction' as const),
      complete: s.complete,
      source: s.source,
      input_format: s.input_format,
      input_text: s.input_text,
      entered_by: s.entered_by,
      entered_at: new Date(s.entered_at).toISOString(),
    })),
    days: datesOfYear(year).map((d) => calendar.day(d)),
  };
}
