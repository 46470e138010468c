/** How the holiday schedule tests read what a parser gave. */
import assert from 'node:assert/strict';
import { packageDays } from '../../src/calendar/package-days.js';
import type { ParsedSchedule } from '../../src/holidays/schedule-input.js';

/** A day written `YYYY-MM-DD 班` (working) or `YYYY-MM-DD 休` (off). */
const dayLine = (d: { date: string; working: boolean }) => `${d.date} ${d.working ? '班' : '休'}`;

/** Days as dayLine writes them, sorted. */
export const dayLines = (days: readonly { date: string; working: boolean }[]) => days.map(dayLine).sort();

/** The days chinese-days carries for a year, as dayLines writes them. */
export const packageYear = (year: number) =>
  dayLines(packageDays().filter((d) => d.date.startsWith(`${year}-`)));

/** The days of a schedule that was read without any issue, in its order, written `YYYY-MM-DD 休 name`. */
export function cleanDays(r: ParsedSchedule) {
  assert.deepEqual(r.issues, []);
  return r.days.map((d) => `${dayLine(d)} ${d.name}`);
}
