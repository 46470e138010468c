/**
 * A share window's hours in OpenStreetMap's opening_hours syntax (`Mo-Fr 07:00-08:30,16:00-17:30; PH off`),
 * parsed and evaluated by the opening_hours library, on the jurisdiction's working-day calendar (pure).
 *
 * The library knows China's public holidays only as a few fixed dates (元旦, 劳动节, 国庆节 …), not the State
 * Council's yearly schedule, and takes no holiday list from its caller. So each local day is evaluated on a
 * stand-in day that the library reads as the calendar reads the real one:
 *   - a statutory holiday (法定节假日: the calendar's rest day with a holiday's name) is PH, on its weekday;
 *   - a 调休 working Saturday or Sunday is a working weekday: it keeps Friday's hours (a Saturday) or Monday's
 *     (a Sunday), the weekdays beside it; every other day keeps its own weekday, not PH.
 * A range past midnight (`Mo-Fr 19:00-07:00`) opens the next morning by the previous day's rule, so the stand-in
 * is the second of two consecutive days of the same kinds as the real day and the day before it: a day of a
 * reference week without holidays, 1 January (after a plain 31 December), 2 October (after 1 October) or
 * 2 January (after 1 January) of a year in which it falls on the right weekday. Only a 调休 day breaks the
 * order of weekdays; the day before it then stands in as the weekday before.
 *
 * This holds for hours that depend on the weekday and PH only, so hours reading dates, months, weeks, school
 * holidays (SH) or the sun are refused (a window's dates are its valid_from and valid_to): every kind of day is
 * evaluated on two different stand-ins, which must agree. The stand-ins are in the process's time zone and only
 * their wall-clock minutes are used; the real days are placed in the jurisdiction's time zone.
 */
import OpeningHours, { type nominatim_object } from 'opening_hours';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import { localDate, nextDate, startOfLocalDay } from '../requests/deadlines.js';

/** A span of a local day in minutes from its midnight: [from, to). */
export type Span = readonly [from: number, to: number];
export type Interval = { from: Date; to: Date };

/** What the calendar says of a day for share hours: a public holiday, and the weekday whose hours it keeps. */
export type ShareDay = { holiday: boolean; weekday: number };

const DAY_MINUTES = 1440;
const MINUTE = 60_000;
/**
 * China, for the library's PH; a place for sunrise and sunset, which then vary and are refused. The library
 * reads the coordinates only as strings (its typings say numbers).
 */
const PLACE = {
  lat: '31.3',
  lon: '120.6',
  address: { country_code: 'cn', state: '' },
} as unknown as nominatim_object;

/** A day of the calendar as share hours read it. */
export function shareDay(calendar: WorkingCalendar, date: string): ShareDay {
  const verdict = calendar.day(date);
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (!verdict.working && verdict.name !== null) return { holiday: true, weekday };
  if (verdict.working && weekday === 6) return { holiday: false, weekday: 5 };
  if (verdict.working && weekday === 0) return { holiday: false, weekday: 1 };
  return { holiday: false, weekday };
}

const localMidnight = (y: number, m: number, d: number) => new Date(y, m - 1, d);

/** Reference weeks (from a Monday) in which the library sees no holiday, in February and in August. */
const REFERENCE_WEEKS = [
  [2025, 2, 10],
  [2027, 8, 9],
] as const;

/** `month`-`day` of the first year from 2010 in which it falls on `weekday`. */
function dayOnWeekday(month: number, day: number, weekday: number): Date {
  for (let y = 2010; ; y++) {
    const d = localMidnight(y, month, day);
    if (d.getDay() === weekday) return d;
  }
}

/**
 * A day the library reads as `day` after a day it reads as `previous` (or, after a 调休 day, as the weekday
 * before), in one of two variants.
 */
function standIn(previous: ShareDay, day: ShareDay, variant: 0 | 1): Date {
  const w = day.weekday;
  if (day.holiday && previous.holiday) return variant ? dayOnWeekday(10, 3, w) : dayOnWeekday(10, 2, w);
  if (day.holiday) return variant ? dayOnWeekday(5, 1, w) : dayOnWeekday(1, 1, w);
  if (previous.holiday) return variant ? dayOnWeekday(10, 4, w) : dayOnWeekday(1, 2, w);
  const [y, m, d] = REFERENCE_WEEKS[variant];
  return localMidnight(y, m, d + ((w + 6) % 7));
}

const KINDS: ShareDay[] = [false, true].flatMap((holiday) =>
  [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ holiday, weekday })),
);

export type HoursError = { message: string; message_en: string };

const DATED =
  /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|week|easter|sunrise|sunset|dawn|dusk)\b|\b\d{4}\b/;
const DATED_ERROR: HoursError = {
  message: '共享时段只能按星期和法定节假日（PH）书写，日期范围请填在有效期里',
  message_en:
    'Share hours may depend on the weekday and public holidays (PH) only: give dates as valid_from and valid_to',
};

export class ShareHours {
  private readonly cache = new Map<number, Span[]>();

  private constructor(
    readonly hours: string,
    private readonly oh: OpeningHours,
  ) {}

  /** The hours, or why they cannot be a share window's. */
  static parse(hours: string): ShareHours | HoursError {
    // The library knows no school holidays for China and reports it as its own bug on the console.
    if (/\bSH\b/.test(hours))
      return {
        message: '共享时段不支持学校假期（SH），放假期间请用有效期或另设时段',
        message_en:
          'School holidays (SH) are not known for China: use valid_from and valid_to, or another window',
      };
    let parsed: ShareHours;
    try {
      const oh = new OpeningHours(hours, PLACE);
      // The library's own rewriting names every date, week and solar selector in English.
      if (DATED.test(oh.prettifyValue())) return DATED_ERROR;
      parsed = new ShareHours(hours, oh);
      for (const previous of KINDS)
        for (const day of KINDS) {
          const a = parsed.spansOf(standIn(previous, day, 0));
          const b = parsed.spansOf(standIn(previous, day, 1));
          if (JSON.stringify(a) !== JSON.stringify(b)) return DATED_ERROR;
        }
    } catch (err) {
      const reason = String(err).split('\n')[0]!.slice(0, 300);
      return { message: `开放时段无法识别：${reason}`, message_en: `The hours cannot be read: ${reason}` };
    }
    return parsed;
  }

  /** The open spans of a stand-in's day, as the library says (a range from its eve included). */
  private spansOf(midnight: Date): Span[] {
    const key = midnight.getTime();
    let spans = this.cache.get(key);
    if (spans) return spans;
    const end = new Date(midnight.getFullYear(), midnight.getMonth(), midnight.getDate() + 1);
    const minutes = (t: Date) => Math.round((t.getTime() - key) / MINUTE);
    spans = this.oh
      .getOpenIntervals(midnight, end)
      .map(([a, b]) => [minutes(a), minutes(b)] as const)
      .filter(([a, b]) => b > a);
    this.cache.set(key, spans);
    return spans;
  }

  /** The open spans of a local day, given what the calendar says of it and of the day before it. */
  daySpans(previous: ShareDay, day: ShareDay): Span[] {
    return this.spansOf(standIn(previous, day, 0));
  }

  /** The open intervals meeting [from, to), joined across midnights, in the jurisdiction's time zone. */
  intervals(from: Date, to: Date, tz: string, calendar: WorkingCalendar): Interval[] {
    const out: Interval[] = [];
    let date = dateOf(new Date(from.getTime() - DAY_MINUTES * MINUTE), tz);
    const last = dateOf(to, tz);
    let previous = shareDay(calendar, prevDate(date));
    for (; date <= last; date = nextDate(date)) {
      const day = shareDay(calendar, date);
      const midnight = midnightOf(date, tz);
      for (const [a, b] of this.daySpans(previous, day)) {
        const span = { from: new Date(midnight + a * MINUTE), to: new Date(midnight + b * MINUTE) };
        const tail = out[out.length - 1];
        if (tail && tail.to.getTime() >= span.from.getTime()) {
          if (span.to > tail.to) tail.to = span.to;
        } else out.push(span);
      }
      previous = day;
    }
    return out.filter((i) => i.to > from && i.from < to);
  }

  /** The open interval holding the instant `at` (whole, however far it runs), or null when closed then. */
  intervalAt(at: Date, tz: string, calendar: WorkingCalendar): Interval | null {
    const around = this.intervals(
      new Date(at.getTime() - 2 * DAY_MINUTES * MINUTE),
      new Date(at.getTime() + 3 * DAY_MINUTES * MINUTE),
      tz,
      calendar,
    );
    return around.find((i) => i.from <= at && at < i.to) ?? null;
  }

  isOpen(at: Date, tz: string, calendar: WorkingCalendar): boolean {
    return this.intervalAt(at, tz, calendar) !== null;
  }
}

/**
 * Time-zone arithmetic remembered (Intl's formatting is most of the cost of reading a window's hours, and the
 * nearby query reads every window of fifty sites): local dates by quarter hour (offsets are whole quarters),
 * local midnights by date.
 */
const QUARTER_MS = 15 * MINUTE;
const datesByQuarter = new Map<string, string>();
const midnights = new Map<string, number>();
const REMEMBERED = 20_000;

function dateOf(at: Date, tz: string): string {
  const key = `${tz}|${Math.floor(at.getTime() / QUARTER_MS)}`;
  let date = datesByQuarter.get(key);
  if (date === undefined) {
    if (datesByQuarter.size > REMEMBERED) datesByQuarter.clear();
    datesByQuarter.set(key, (date = localDate(at, tz)));
  }
  return date;
}

function midnightOf(date: string, tz: string): number {
  const key = `${tz}|${date}`;
  let midnight = midnights.get(key);
  if (midnight === undefined) {
    if (midnights.size > REMEMBERED) midnights.clear();
    midnights.set(key, (midnight = startOfLocalDay(date, tz).getTime()));
  }
  return midnight;
}

function prevDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - DAY_MINUTES * MINUTE).toISOString().slice(0, 10);
}

const parsedCache = new Map<string, ShareHours | HoursError>();

/** Parsed hours, kept per text (windows are read again and again; parsing and stand-ins cost the library). */
export function shareHours(hours: string): ShareHours | HoursError {
  let p = parsedCache.get(hours);
  if (!p) {
    if (parsedCache.size > 2000) parsedCache.clear();
    parsedCache.set(hours, (p = ShareHours.parse(hours)));
  }
  return p;
}

export const isHoursError = (p: ShareHours | HoursError): p is HoursError => !(p instanceof ShareHours);
