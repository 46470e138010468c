/** What an admin's entry of a year's schedule turns into, whatever its format (pure). */
import type { DayEntry } from '../calendar/working-calendar.js';

export type ScheduleIssue = {
  severity: 'error' | 'warning';
  /** 1-based line (or row) of the input it is about, when there is one. */
  line: number | null;
  message: string;
  message_en: string;
};

export type ParsedSchedule = { days: DayEntry[]; issues: ScheduleIssue[] };

export const issue = (
  severity: ScheduleIssue['severity'],
  line: number | null,
  message: string,
  message_en: string,
): ScheduleIssue => ({ severity, line, message, message_en });

/**
 * Days given twice must agree; a day given once is kept once. Days of another year than the schedule's are kept
 * only next to it (a notice may name the make-up day of 31 December before), others are reported.
 */
export function settleDays(year: number, entries: (DayEntry & { line: number | null })[]): ParsedSchedule {
  const issues: ScheduleIssue[] = [];
  const byDate = new Map<string, DayEntry & { line: number | null }>();
  for (const e of entries) {
    const y = Number(e.date.slice(0, 4));
    if (Math.abs(y - year) > 1) {
      issues.push(
        issue('error', e.line, `${e.date} 不在 ${year} 年前后`, `${e.date} is not in or next to ${year}`),
      );
      continue;
    }
    const seen = byDate.get(e.date);
    if (seen && seen.working !== e.working) {
      issues.push(
        issue(
          'error',
          e.line,
          `${e.date} 既是放假日又是上班日`,
          `${e.date} is given both as a holiday and as a working day`,
        ),
      );
      continue;
    }
    if (!seen) byDate.set(e.date, e);
  }
  const days = [...byDate.values()]
    .sort((a, b) => a.date.localeCompare(b.date))
    .map(({ date, working, name }) => ({ date, working, name }));
  return { days, issues };
}
