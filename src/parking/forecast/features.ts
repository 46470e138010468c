/**
 * What the forecast model sees of a site's history when it predicts the rate at a minute of a day from the days
 * up to an origin before it (pure): the same minute in the latest weeks and on the latest day, the site's usual
 * shape of that weekday, daily levels and their week-on-week change, a Holt–Winters level for the day, and —
 * as differences to the base the model corrects — what each of those simpler forecasts would say.
 */
import { HoltWinters, type HoltWintersParams } from './holt-winters.js';
import { rateAt, weekdayOfNumber, type SiteSeries } from './series.js';

/** A day's kind for the model: a public holiday or not (weekdays come from the date). */
export type DayKind = (day: number) => 'holiday' | 'normal';

export const FEATURE_NAMES = [
  'minute',
  'weekday',
  'holiday',
  'horizon',
  'lag_week',
  'level_week',
  'hw',
  'wow_same',
  'wow_all',
  'wow_latest',
  'base_kind',
  'hw_over_level_week',
  'lag_week_minus_previous',
  'd_rescaled',
  'd_shape',
  'd_profile',
  'd_latest_ratio',
  'd_latest',
  'd_group_recent',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

/** Weeks the usual shape of a weekday is averaged over. */
const SHAPE_WEEKS = 4;

const mean = (xs: readonly number[]) => {
  let s = 0;
  let n = 0;
  for (const x of xs)
    if (Number.isFinite(x)) {
      s += x;
      n++;
    }
  return n ? s / n : NaN;
};

/** Weekday groups whose levels move together: Monday–Thursday, Friday, Saturday, Sunday and holidays. */
function group(day: number, kind: DayKind): number {
  if (kind(day) === 'holiday') return 3;
  const w = weekdayOfNumber(day);
  return w === 0 ? 3 : w === 6 ? 2 : w === 5 ? 1 : 0;
}

/** A site's history prepared for features: its Holt–Winters run up to `until`, its days and levels. */
export class SiteContext {
  readonly hw: HoltWinters;
  private readonly shapes = new Map<number, Float64Array>();

  constructor(
    readonly series: SiteSeries,
    until: number,
    readonly kind: DayKind,
    hwParams?: HoltWintersParams,
  ) {
    this.hw = new HoltWinters(series.levels, series.first, Math.max(until, series.first), hwParams);
  }

  level(day: number): number {
    return this.series.levels.get(day) ?? NaN;
  }

  /** The usual rate over level by slot of the weekday of `last`, from it and the weeks before it. */
  shape(last: number): Float64Array {
    let s = this.shapes.get(last);
    if (s) return s;
    const slots = this.series.days.values().next().value?.length ?? 0;
    s = new Float64Array(slots);
    const n = new Float64Array(slots);
    for (let k = 0; k < SHAPE_WEEKS; k++) {
      const day = this.series.days.get(last - 7 * k);
      const level = this.level(last - 7 * k);
      if (!day || !(level > 0)) continue;
      for (let i = 0; i < slots; i++)
        if (Number.isFinite(day[i]!)) {
          s[i] = s[i]! + day[i]! / level;
          n[i] = n[i]! + 1;
        }
    }
    for (let i = 0; i < slots; i++) s[i] = n[i] ? s[i]! / n[i]! : NaN;
    this.shapes.set(last, s);
    return s;
  }
}

export type FeatureRow = { features: number[]; base: number };

/**
 * Features of the rate at `minute` of `day` as known the evening of `origin` (origin < day), and the base the
 * model corrects: the rate at that minute on the same weekday of the latest week, else the weekday's usual
 * shape at the forecast level.
 */
export function featuresOf(ctx: SiteContext, day: number, minute: number, origin: number): FeatureRow {
  const past = (d: number) => (d <= origin ? ctx.series.days.get(d) : undefined);
  const at = (d: number) => rateAt(past(d), minute);
  const level = (d: number) => (d <= origin ? ctx.level(d) : NaN);
  const horizon = day - origin;
  const week = day - 7 * Math.ceil(horizon / 7);
  const lagWeek = at(week);
  const lagPrevious = at(week - 7);
  const levelWeek = level(week);
  const hw = ctx.hw.forecast(origin, day);
  const shapeLevel = rateAt(ctx.shape(week), minute) * hw;
  const base = Number.isFinite(lagWeek) ? lagWeek : shapeLevel;
  const g = group(day, ctx.kind);
  const same: number[] = [];
  const all: number[] = [];
  let recent = NaN;
  for (let d = origin; d > origin - 7; d--) {
    const change = level(d) - level(d - 7);
    all.push(change);
    if (group(d, ctx.kind) !== g) continue;
    same.push(change);
    // The latest day of the same weekday group, at this minute, scaled to the forecast level.
    if (!Number.isFinite(recent) && level(d) > 0) recent = (at(d) / level(d)) * hw;
  }
  const latest = level(origin);
  const latestWeekBefore = level(origin - 7);
  return {
    base,
    features: [
      minute,
      weekdayOfNumber(day),
      ctx.kind(day) === 'holiday' ? 1 : 0,
      horizon,
      lagWeek,
      levelWeek,
      hw,
      mean(same),
      mean(all),
      latest - latestWeekBefore,
      Number.isFinite(lagWeek) ? 0 : 1,
      levelWeek > 0 ? hw / levelWeek : NaN,
      lagWeek - lagPrevious,
      levelWeek > 0 ? (lagWeek * hw) / levelWeek - base : NaN,
      shapeLevel - base,
      mean([lagPrevious, at(week - 14), at(week - 21)]) - base,
      latestWeekBefore > 0 ? (base * latest) / latestWeekBefore - base : NaN,
      at(origin) - base,
      recent - base,
    ],
  };
}
