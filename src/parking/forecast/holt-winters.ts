/**
 * Daily levels smoothed with a weekly season (Holt–Winters, multiplicative season, additive damped trend; pure).
 * The state after each day is kept, so that a level can be forecast for any later day from any origin: the
 * evening-before forecast the model learns from, and several days ahead. Days without a level (no readings, or
 * too few) leave the state to run on.
 */

export type HoltWintersParams = { alpha: number; beta: number; gamma: number; phi: number };
export const DEFAULT_HW: HoltWintersParams = { alpha: 0.15, beta: 0.02, gamma: 0.35, phi: 0.9 };

export class HoltWinters {
  private readonly level: Float64Array;
  private readonly trend: Float64Array;
  /** The season of each weekday slot (day number mod 7), after each day. */
  private readonly season: Float64Array;

  /** Runs over the days first..until; a forecast may be asked from any origin in that span. */
  constructor(
    levels: ReadonlyMap<number, number>,
    readonly first: number,
    readonly until: number,
    private readonly p: HoltWintersParams = DEFAULT_HW,
  ) {
    const n = Math.max(0, until - first + 1);
    this.level = new Float64Array(n).fill(NaN);
    this.trend = new Float64Array(n);
    this.season = new Float64Array(n * 7);
    const known: number[] = [];
    const bySeason: number[][] = [[], [], [], [], [], [], []];
    for (let d = first; d < first + 21 && d <= until; d++) {
      const v = levels.get(d);
      if (v !== undefined && Number.isFinite(v)) {
        known.push(v);
        bySeason[d % 7]!.push(v);
      }
    }
    if (known.length === 0) return;
    let level = Math.max(1e-3, known.reduce((a, b) => a + b, 0) / known.length);
    const season = bySeason.map((xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length / level : 1));
    let trend = 0;
    for (let d = first; d <= until; d++) {
      const s = d % 7;
      const y = levels.get(d);
      if (y === undefined || !Number.isFinite(y) || !(season[s]! > 0)) {
        level += p.phi * trend;
        trend *= p.phi;
      } else {
        const previous = level;
        level = Math.max(1e-3, p.alpha * (y / season[s]!) + (1 - p.alpha) * (previous + p.phi * trend));
        trend = p.beta * (level - previous) + (1 - p.beta) * p.phi * trend;
        season[s] = p.gamma * (y / level) + (1 - p.gamma) * season[s]!;
      }
      const i = d - first;
      this.level[i] = level;
      this.trend[i] = trend;
      this.season.set(season, i * 7);
    }
  }

  /** The level expected on `day` as known the evening of `origin` (origin < day); NaN outside the run. */
  forecast(origin: number, day: number): number {
    const i = origin - this.first;
    if (i < 0 || i >= this.level.length || day <= origin) return NaN;
    let damped = 0;
    let f = 1;
    for (let h = 1; h <= day - origin; h++) {
      f *= this.p.phi;
      damped += f;
    }
    const level = this.level[i]! + damped * this.trend[i]!;
    return Math.max(0, level * this.season[i * 7 + (day % 7)]!);
  }
}
