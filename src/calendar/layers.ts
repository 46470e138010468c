/** A jurisdiction's calendar from its override rows, and those rows after a change (pure). */
import { packageDays } from './package-days.js';
import { WorkingCalendar, type DayEntry, type Override } from './working-calendar.js';

/** The scope of the overrides shared by every jurisdiction of the deployment. */
export const NATIONAL = '*';

export type CalendarRows = {
  jurisdictionId: string;
  days: { scope: string; day: string; year: number; working: boolean; name: string }[];
  schedules: { scope: string; year: number; complete: boolean; source: string }[];
};

/** A year's schedule of one scope entered anew (days given), or taken away (days null). */
export type ScheduleChange = {
  scope: string;
  year: number;
  days: readonly DayEntry[] | null;
  complete: boolean;
  source: string;
};

export function applyChange(rows: CalendarRows, change: ScheduleChange): CalendarRows {
  const { scope, year } = change;
  const given = new Set((change.days ?? []).map((d) => d.date));
  // A day belongs to one schedule of its scope: the new schedule takes it from another year's.
  const days = rows.days.filter((d) => d.scope !== scope || (d.year !== year && !given.has(d.day)));
  const schedules = rows.schedules.filter((s) => s.scope !== scope || s.year !== year);
  if (change.days) {
    days.push(...change.days.map((d) => ({ scope, day: d.date, year, working: d.working, name: d.name })));
    schedules.push({ scope, year, complete: change.complete, source: change.source });
  }
  return { jurisdictionId: rows.jurisdictionId, days, schedules };
}

export function calendarOf(rows: CalendarRows, onUnknownYear?: (year: number) => void): WorkingCalendar {
  const source = new Map(rows.schedules.map((s) => [`${s.scope}|${s.year}`, s.source]));
  const layer = (scope: string): Override[] =>
    rows.days
      .filter((d) => d.scope === scope)
      .map((d) => ({
        date: d.day,
        working: d.working,
        name: d.name,
        source: source.get(`${scope}|${d.year}`) ?? '',
      }));
  const complete = (scope: string) =>
    rows.schedules.filter((s) => s.scope === scope && s.complete).map((s) => s.year);
  return new WorkingCalendar({
    package: packageDays(),
    local: layer(rows.jurisdictionId),
    national: layer(NATIONAL),
    localYears: complete(rows.jurisdictionId),
    nationalYears: complete(NATIONAL),
    ...(onUnknownYear ? { onUnknownYear } : {}),
  });
}
