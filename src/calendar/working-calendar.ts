/**
 * The working-day calendar of one jurisdiction (pure: no I/O). Four layers decide a day, the first that knows
 * it wins: the jurisdiction's own overrides, the national overrides shared by every jurisdiction of the
 * deployment, the chinese-days package, and last Monday–Friday. The overrides are the State Council's yearly
 * schedule (and any local holiday) entered by an admin, so that a new year does not wait for a package release.
 */

export type DayEntry = { date: string; working: boolean; name: string };
export type Override = DayEntry & { source: string };

export type DaySource = 'local' | 'national' | 'package' | 'weekday';

export type DayVerdict = {
  date: string;
  working: boolean;
  /** Which layer decided. */
  source: DaySource;
  /** The holiday's name (元旦, 春节, …) or the make-up day's, from the deciding layer; null for a plain day. */
  name: string | null;
  /** The notice an override came from (its number and date). */
  notice: string | null;
};

export type CalendarLayers = {
  local?: readonly Override[];
  national?: readonly Override[];
  /** Days of the package (chinese-days), holidays and make-up working days. */
  package?: readonly DayEntry[];
  /** Years whose whole statutory schedule was entered as overrides (not just a local day), per layer. */
  localYears?: Iterable<number>;
  nationalYears?: Iterable<number>;
  /** Told once per year when a day of a year no layer knows is asked for (the Monday–Friday guess is used). */
  onUnknownYear?: (year: number) => void;
};

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(date: string): boolean {
  const m = DATE.exec(date);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export const yearOf = (date: string) => Number(date.slice(0, 4));

export class WorkingCalendar {
  private readonly local: Map<string, Override>;
  private readonly national: Map<string, Override>;
  private readonly pkg: Map<string, DayEntry>;
  private readonly packageYears: Set<number>;
  private readonly localYears: Set<number>;
  private readonly nationalYears: Set<number>;
  private readonly reported = new Set<number>();
  private readonly onUnknownYear: ((year: number) => void) | undefined;

  constructor(layers: CalendarLayers = {}) {
    this.local = new Map((layers.local ?? []).map((o) => [o.date, o]));
    this.national = new Map((layers.national ?? []).map((o) => [o.date, o]));
    this.pkg = new Map((layers.package ?? []).map((e) => [e.date, e]));
    this.packageYears = new Set([...this.pkg.keys()].map(yearOf));
    this.localYears = new Set(layers.localYears ?? []);
    this.nationalYears = new Set(layers.nationalYears ?? []);
    this.onUnknownYear = layers.onUnknownYear;
  }

  /** Does some layer carry the year's statutory schedule? */
  knows(year: number): boolean {
    return this.yearSource(year) !== null;
  }

  /** The layer that carries a year's schedule, the jurisdiction's first. */
  yearSource(year: number): Exclude<DaySource, 'weekday'> | null {
    if (this.localYears.has(year)) return 'local';
    if (this.nationalYears.has(year)) return 'national';
    if (this.packageYears.has(year)) return 'package';
    return null;
  }

  /** The last year whose schedule is known, or null when none is. */
  lastKnownYear(): number | null {
    const years = [...this.packageYears, ...this.localYears, ...this.nationalYears];
    return years.length ? Math.max(...years) : null;
  }

  day(date: string): DayVerdict {
    const local = this.local.get(date);
    if (local)
      return { date, working: local.working, source: 'local', name: local.name, notice: local.source };
    const national = this.national.get(date);
    if (national)
      return {
        date,
        working: national.working,
        source: 'national',
        name: national.name,
        notice: national.source,
      };
    const pkg = this.pkg.get(date);
    if (pkg) return { date, working: pkg.working, source: 'package', name: pkg.name, notice: null };
    const year = yearOf(date);
    const source = this.yearSource(year);
    if (!source && this.onUnknownYear && !this.reported.has(year)) {
      this.reported.add(year);
      this.onUnknownYear(year);
    }
    const w = weekdayOf(date);
    return { date, working: w !== 0 && w !== 6, source: source ?? 'weekday', name: null, notice: null };
  }

  isWorkingDay(date: string): boolean {
    return this.day(date).working;
  }

  /** Every date in [from, to] whose working status differs between this calendar and `other`. */
  changedDays(other: WorkingCalendar, from: string, to: string): string[] {
    const out: string[] = [];
    for (let d = from; d <= to; d = nextIsoDate(d))
      if (this.isWorkingDay(d) !== other.isWorkingDay(d)) out.push(d);
    return out;
  }
}

export function nextIsoDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** Every date of a year, 1 January to 31 December. */
export function datesOfYear(year: number): string[] {
  const out: string[] = [];
  for (let d = `${year}-01-01`; d.startsWith(String(year)); d = nextIsoDate(d)) out.push(d);
  return out;
}
