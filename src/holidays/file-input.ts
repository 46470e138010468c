/**
 * A year's schedule from a file (pure): an iCalendar feed (RFC 5545, read with ical.js: all-day events named
 * like "元旦(休)" or "春节(班)", as the published Chinese holiday calendars are), or a CSV of `date,kind,name`
 * rows (kind 休/放假/holiday or 班/上班/workday; a header row is optional).
 */
import { parse as parseCsvRows } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { isIsoDate, nextIsoDate, type DayEntry } from '../calendar/working-calendar.js';
import { issue, settleDays, type ParsedSchedule, type ScheduleIssue } from './schedule-input.js';

const WORKING = /班/;
const MARKS = /[（(]\s*(休|班|放假|上班|补班)\s*[)）]|补班|上班|放假/g;

/** Only the schedule's own year is taken from a file (a feed carries several); the rest is counted and left. */
function ofYear(year: number, entries: (DayEntry & { line: number | null })[], issues: ScheduleIssue[]) {
  const mine = entries.filter((e) => e.date.startsWith(`${year}-`));
  const others = entries.length - mine.length;
  if (others > 0)
    issues.push(
      issue(
        'warning',
        null,
        `${others} 个其他年份的日期已略过`,
        `${others} days of other years were left out`,
      ),
    );
  const settled = settleDays(year, mine);
  if (settled.days.length === 0)
    issues.push(issue('error', null, `没有 ${year} 年的日期`, `No day of ${year} was found`));
  return { days: settled.days, issues: [...issues, ...settled.issues] };
}

/** A file the reader could not read at all: one error, no day. */
const unreadable = (zh: string, en: string, err: unknown): ParsedSchedule => {
  const reason = (err as Error).message;
  return { days: [], issues: [issue('error', null, `${zh}：${reason}`, `${en}: ${reason}`)] };
};

export function parseIcal(text: string, year: number): ParsedSchedule {
  const issues: ScheduleIssue[] = [];
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch (err) {
    return unreadable('不是有效的 iCalendar 文件', 'Not a valid iCalendar file', err);
  }
  const entries: (DayEntry & { line: number | null })[] = [];
  for (const vevent of root.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(vevent);
    const summary = event.summary ?? '';
    if (!event.startDate) continue;
    if (!event.startDate.isDate) {
      issues.push(
        issue(
          'warning',
          null,
          `“${summary}”不是全天事件，已略过`,
          `"${summary}" is not an all-day event and was left out`,
        ),
      );
      continue;
    }
    const description = event.description ?? '';
    const working = WORKING.test(summary) || (!/休/.test(summary) && WORKING.test(description));
    const name = summary.replace(MARKS, '').trim() || (working ? '调休' : '节假日');
    const start = event.startDate.toString().slice(0, 10);
    // DTEND of an all-day event is exclusive; without one the event is the one day.
    const end = event.endDate ? event.endDate.toString().slice(0, 10) : nextIsoDate(start);
    let n = 0;
    for (let d = start; d < end || d === start; d = nextIsoDate(d)) {
      if (++n > 31) {
        issues.push(issue('error', null, `“${summary}”超过 31 天`, `"${summary}" is longer than 31 days`));
        break;
      }
      entries.push({ date: d, working, name, line: null });
      if (nextIsoDate(d) >= end) break;
    }
  }
  return ofYear(year, entries, issues);
}

const OFF = new Set(['休', '放假', '假', 'holiday', 'off', 'rest']);
const ON = new Set(['班', '上班', '补班', 'workday', 'work', 'working']);

export function parseCsv(text: string, year: number): ParsedSchedule {
  const issues: ScheduleIssue[] = [];
  let rows: string[][];
  try {
    rows = parseCsvRows(text, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true });
  } catch (err) {
    return unreadable('CSV 无法读取', 'The CSV cannot be read', err);
  }
  const entries: (DayEntry & { line: number })[] = [];
  rows.forEach((row, i) => {
    const line = i + 1;
    const [date = '', kind = '', name = ''] = row;
    if (i === 0 && !isIsoDate(date)) return; // a header
    if (!isIsoDate(date)) {
      issues.push(
        issue(
          'error',
          line,
          `第 ${line} 行：“${date}”不是 YYYY-MM-DD 日期`,
          `Row ${line}: "${date}" is not a YYYY-MM-DD date`,
        ),
      );
      return;
    }
    const k = kind.toLowerCase();
    if (!OFF.has(k) && !ON.has(k)) {
      issues.push(
        issue(
          'error',
          line,
          `第 ${line} 行：类型应为“休”或“班”`,
          `Row ${line}: the kind must be 休 (holiday) or 班 (working day)`,
        ),
      );
      return;
    }
    const working = ON.has(k);
    entries.push({ date, working, name: name || (working ? '调休' : '节假日'), line });
  });
  return ofYear(year, entries, issues);
}
