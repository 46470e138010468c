/**
 * Reads a year's schedule as the State Council's notice words it (pure), e.g.
 *
 *   二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
 *
 * Each item names a holiday before its colon; a clause with 放假 gives a day or a range of days off, a clause
 * with 上班 the make-up working days. The weekday in brackets and the "共X天" count are checked against the
 * calendar, so a notice pasted under the wrong year, or mistyped, is caught before it is saved.
 */
import { isIsoDate, weekdayOf, nextIsoDate, type DayEntry } from '../calendar/working-calendar.js';
import { issue, settleDays, type ParsedSchedule, type ScheduleIssue } from './schedule-input.js';

const WEEKDAYS = '日一二三四五六';
const DATE = /(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:（([^）]*)）)?/g;
const ITEM = /^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．])?\s*([^：，。\d]{1,12})：/;

/** Full-width digits and brackets to their plain forms; spaces out. */
function plain(text: string): string {
  return text
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
    .replace(/:/g, '：')
    .replace(/[ \t\u3000]/g, '');
}

type Found = { date: string; weekday: string | null; text: string; explicitMonth: boolean };

/** The dates of a clause, each completed from the one before it (a range's end may omit its month). */
function datesIn(clause: string, year: number): Found[] | string {
  const out: Found[] = [];
  let y = year;
  let month: number | null = null;
  for (const m of clause.matchAll(DATE)) {
    if (m[1]) y = Number(m[1]);
    if (m[2]) {
      const next = Number(m[2]);
      // 12月31日至1月2日: the range runs into the next year.
      if (!m[1] && month !== null && next < month) y++;
      month = next;
    }
    if (month === null) return m[0];
    const date = `${y}-${String(month).padStart(2, '0')}-${String(Number(m[3])).padStart(2, '0')}`;
    if (!isIsoDate(date)) return m[0];
    const wd = m[4]?.match(/(?:周|星期|礼拜)([一二三四五六日天])/)?.[1] ?? null;
    out.push({ date, weekday: wd === '天' ? '日' : wd, text: m[0], explicitMonth: !!m[2] });
  }
  return out;
}

/** The year a notice says it is for ("关于2027年部分节假日安排的通知", "现将2027年…"), if it says. */
function noticeYear(text: string): number | null {
  const m = text.match(/(?:关于|现将)(\d{4})年/);
  return m ? Number(m[1]) : null;
}

export function parseNoticeText(text: string, year: number): ParsedSchedule {
  const issues: ScheduleIssue[] = [];
  const entries: (DayEntry & { line: number })[] = [];
  const src = plain(text);
  const said = noticeYear(src);
  if (said !== null && said !== year)
    issues.push(
      issue(
        'error',
        null,
        `通知写的是 ${said} 年，不是 ${year} 年`,
        `The notice is for ${said}, not ${year}`,
      ),
    );
  let name = '';
  src.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    let rest = raw;
    const item = rest.match(ITEM);
    if (item) {
      name = item[1]!;
      rest = rest.slice(item[0].length);
    }
    let lastOff: { count: number } | null = null;
    for (const clause of rest.split(/[，,。；;]/)) {
      if (!clause) continue;
      const off = clause.includes('放假');
      const on = !off && /上班|补班/.test(clause);
      const total = clause.match(/(?:共|放假)(\d+)天/);
      const found = datesIn(clause, year);
      if (typeof found === 'string') {
        issues.push(issue('error', line, `无法读出日期“${found}”`, `Cannot read the date "${found}"`));
        continue;
      }
      for (const f of found) {
        if (f.weekday && WEEKDAYS[weekdayOf(f.date)] !== f.weekday) {
          const actual = WEEKDAYS[weekdayOf(f.date)];
          issues.push(
            issue(
              'error',
              line,
              `${f.date} 是星期${actual}，通知写的是星期${f.weekday}（年份是否正确？）`,
              `${f.date} is a ${weekdayName(weekdayOf(f.date))}, not what the notice says (is the year right?)`,
            ),
          );
        }
      }
      if (off && found.length > 0) {
        const days = expand(found, clause);
        if (typeof days === 'string') {
          issues.push(issue('error', line, days, days));
          continue;
        }
        for (const date of days) entries.push({ date, working: false, name: name || '节假日', line });
        lastOff = { count: days.length };
      } else if (on && found.length > 0) {
        for (const f of found) {
          const wd = weekdayOf(f.date);
          if (wd !== 0 && wd !== 6)
            issues.push(
              issue(
                'warning',
                line,
                `${f.date} 本是工作日（星期${WEEKDAYS[wd]}），标为上班不改变什么`,
                `${f.date} is a weekday already; marking it a working day changes nothing`,
              ),
            );
          entries.push({ date: f.date, working: true, name: name || '调休', line });
        }
      } else if (found.length > 0) {
        issues.push(
          issue(
            'warning',
            line,
            `“${clause}”中的日期既未写放假也未写上班，已忽略`,
            `The dates in "${clause}" say neither 放假 nor 上班 and were left out`,
          ),
        );
      }
      if (total && lastOff && Number(total[1]) !== lastOff.count)
        issues.push(
          issue(
            'error',
            line,
            `通知写共 ${total[1]} 天，日期范围是 ${lastOff.count} 天`,
            `The notice says ${total[1]} days, the dates give ${lastOff.count}`,
          ),
        );
    }
  });
  const settled = settleDays(year, entries);
  if (settled.days.length === 0 && issues.length === 0)
    issues.push(issue('error', null, '没有读出任何放假或上班日期', 'No holiday or working day was found'));
  return { days: settled.days, issues: [...issues, ...settled.issues] };
}

/** A clause's days off: one date, or a range "A至B" (both ends included). */
function expand(found: Found[], clause: string): string[] | string {
  const ranged = /至|到|—|－|~|-/.test(clause);
  if (!ranged) return found.map((f) => f.date);
  if (found.length !== 2) return `“${clause}”不是一个日期范围`;
  const [from, to] = [found[0]!.date, found[1]!.date];
  if (to < from) return `“${clause}”的结束日期早于开始日期`;
  const out: string[] = [];
  for (let d = from; d <= to && out.length <= 31; d = nextIsoDate(d)) out.push(d);
  if (out.length > 31) return `“${clause}”超过 31 天`;
  return out;
}

function weekdayName(wd: number): string {
  return ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][wd]!;
}
