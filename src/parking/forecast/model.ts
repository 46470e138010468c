/**
 * The occupancy forecast (pure): gradient-boosted trees correcting the seasonal-naive rate (the same minute on
 * the same weekday a week before) with what the site's recent history says — the latest day of the same weekday
 * group, the week-on-week change of the latest days, a Holt–Winters level with a weekly season, the usual shape
 * of the weekday — learnt over every site at once with an absolute loss (what a mean absolute error rewards).
 * Trained on day-ahead rows: each day of the history predicted from the days before it.
 */
import { DEFAULT_HW, type HoltWintersParams } from './holt-winters.js';
import { FEATURE_NAMES, featuresOf, SiteContext, type DayKind, type FeatureName } from './features.js';
import { seededRandom } from '../../text/seeded-random.js';
import { predictGbt, trainGbt, type GbtModel, type GbtParams } from './gbt.js';
import { SLOT_MINUTES, type SiteSeries } from './series.js';

export type ForecastModel = { gbt: GbtModel; hw: HoltWintersParams; columns: number[] };

export type TrainOptions = {
  gbt?: Partial<GbtParams>;
  hw?: HoltWintersParams;
  kind?: DayKind;
  /** The features the trees see. */
  features?: readonly FeatureName[];
  /** At most this many rows, drawn evenly from all (a city's thousands of sites need not all teach it). */
  maxRows?: number;
};

/** Chosen by cross-validation on the Birmingham training weeks (bench/parking-forecast.ts). */
export const DEFAULT_FEATURES: readonly FeatureName[] = FEATURE_NAMES.filter(
  (f) => f !== 'holiday' && f !== 'horizon',
);
export const DEFAULT_TREES: Partial<GbtParams> = {
  trees: 200,
  depth: 3,
  minLeaf: 50,
  lambda: 20,
  learningRate: 0.05,
  subsample: 0.8,
  loss: 'l1',
};

export const noHolidays: DayKind = () => 'normal';

/** The highest rate a forecast says: counters run a little past capacity, a forecast need not. */
const MAX_RATE = 1;

/** Learns from every known slot of every site that has a base to correct, each from the days before its own. */
export function trainModel(sites: readonly SiteSeries[], opts: TrainOptions = {}): ForecastModel {
  const kind = opts.kind ?? noHolidays;
  const hw = opts.hw ?? DEFAULT_HW;
  const columns = (opts.features ?? DEFAULT_FEATURES).map((f) => FEATURE_NAMES.indexOf(f));
  const rows: number[][] = [];
  const targets: number[] = [];
  for (const series of sites) {
    const ctx = new SiteContext(series, series.last, kind, hw);
    for (const [day, slots] of series.days)
      for (const k of series.usual) {
        const rate = slots[k]!;
        if (!Number.isFinite(rate)) continue;
        const row = featuresOf(ctx, day, k * SLOT_MINUTES, day - 1);
        if (!Number.isFinite(row.base)) continue;
        rows.push(columns.map((c) => row.features[c]!));
        targets.push(rate - row.base);
      }
  }
  const keep = sample(rows.length, opts.maxRows ?? Infinity);
  const x = columns.map((_, j) => Float64Array.from(keep, (i) => rows[i]![j]!));
  const y = Float64Array.from(keep, (i) => targets[i]!);
  return { gbt: trainGbt(x, y, { ...DEFAULT_TREES, ...opts.gbt }), hw, columns };
}

/** Indexes of `n` rows, or of `max` of them drawn with a seeded generator. */
function sample(n: number, max: number): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  if (n <= max) return all;
  const random = seededRandom(11);
  for (let i = n - 1; i > 0; i--) {
    const k = Math.floor(random() * (i + 1));
    [all[i], all[k]] = [all[k]!, all[i]!];
  }
  return all.slice(0, max).sort((a, b) => a - b);
}

/** Forecasts for one site from its history (the days up to `origin`). */
export class SiteForecaster {
  private readonly ctx: SiteContext;
  constructor(
    private readonly model: ForecastModel,
    series: SiteSeries,
    private readonly origin: number,
    kind: DayKind = noHolidays,
    /** The last day forecasts are asked for (Holt–Winters runs on to it). */
    until = origin + 7,
  ) {
    this.ctx = new SiteContext(series, Math.max(until, origin + 1), kind, model.hw);
  }

  /** The rate expected at `minute` of `day`, or NaN when the history says nothing of that minute. */
  rate(day: number, minute: number): number {
    const row = featuresOf(this.ctx, day, minute, Math.min(this.origin, day - 1));
    if (!Number.isFinite(row.base)) return NaN;
    const r =
      row.base +
      predictGbt(
        this.model.gbt,
        this.model.columns.map((c) => row.features[c]!),
      );
    return Math.min(MAX_RATE, Math.max(0, r));
  }
}
