/**
 * A month's scores of units (departments or streets) under a scheme. Pure: the counts come from the database
 * (./month-inputs.ts), the reference implementation in the tests counts them from requests one by one.
 *
 * score = 100 × Σ weightᵢ × boundᵢ / Σ weightᵢ (over the rates whose base is not empty)
 *         − min(cap, Σ deductionₖ × countₖ)
 * boundᵢ is the Wilson lower bound of the rate (./wilson.ts), so that a small sample cannot rank first.
 */
import { DEDUCTIONS, RATES, type Deduction, type Rate, type Scheme, type TieBreak } from './scheme.js';
import { wilsonLowerBound } from './wilson.js';

export type UnitKind = 'department' | 'street';

/** Each rate's successes and base: the counts that hold them. */
const RATE_PARTS = {
  response: ['responded', 'dispatched'],
  resolution: ['resolved', 'followed_up'],
  satisfaction: ['satisfied', 'followed_up'],
  on_time: ['replied_on_time', 'replies_due'],
} as const satisfies Record<Rate, readonly [string, string]>;

/** What is counted of a unit in a month: the rates' successes and bases, then each deduction. */
export const COUNTS = [...new Set([...RATES.flatMap((r) => RATE_PARTS[r]), ...DEDUCTIONS])];
export type UnitCounts = Record<(typeof RATE_PARTS)[Rate][number] | Deduction, number>;

export type UnitInput = { kind: UnitKind; code: string; name: string; counts: UnitCounts };

export type RateComponent = {
  rate: Rate;
  successes: number;
  base: number;
  raw: number | null;
  bound: number | null;
  /** The weight it carried after empty rates passed theirs on. */
  weight: number;
  points: number;
};

export type DeductionComponent = { kind: Deduction; count: number; points: number };

export type UnitScore = {
  kind: UnitKind;
  code: string;
  name: string;
  counts: UnitCounts;
  components: RateComponent[];
  deductions: DeductionComponent[];
  /** Points off after the cap. */
  deduction_points: number;
  /** Null when no rate had a base. */
  score: number | null;
  ranked: boolean;
  rank: number | null;
  previous: { score: number | null; rank: number | null } | null;
  /** Rank places gained since the previous month (positive = up), when both months ranked the unit. */
  rank_change: number | null;
  score_change: number | null;
};

const round2 = (x: number) => Math.round(x * 100) / 100;

export function scoreUnit(
  scheme: Scheme,
  unit: UnitInput,
): Omit<UnitScore, 'rank' | 'previous' | 'rank_change' | 'score_change'> {
  const parts = RATES.map((rate) => {
    const [successes, base] = RATE_PARTS[rate].map((count) => unit.counts[count]) as [number, number];
    return { rate, successes, base, bound: wilsonLowerBound(successes, base, scheme.confidence) };
  });
  const carried = parts.reduce((acc, p) => acc + (p.bound === null ? 0 : scheme.weights[p.rate]), 0);
  const components: RateComponent[] = parts.map((p) => {
    const weight = p.bound === null || carried === 0 ? 0 : scheme.weights[p.rate] / carried;
    return {
      ...p,
      raw: p.base === 0 ? null : p.successes / p.base,
      weight,
      points: p.bound === null ? 0 : 100 * weight * p.bound,
    };
  });
  const deductions = DEDUCTIONS.map((kind) => ({
    kind,
    count: unit.counts[kind],
    points: scheme.deductions[kind] * unit.counts[kind],
  }));
  const deduction_points = Math.min(
    scheme.deduction_cap,
    deductions.reduce((acc, d) => acc + d.points, 0),
  );
  const score =
    carried === 0 ? null : round2(components.reduce((acc, c) => acc + c.points, 0) - deduction_points);
  return {
    kind: unit.kind,
    code: unit.code,
    name: unit.name,
    counts: unit.counts,
    components,
    deductions,
    deduction_points: round2(deduction_points),
    score,
    ranked: score !== null && unit.counts.dispatched >= scheme.min_sample,
  };
}

const tieValue = (s: ReturnType<typeof scoreUnit>, t: TieBreak) =>
  t === 'volume' ? s.counts.dispatched : (s.components.find((c) => c.rate === t)!.bound ?? -1);

/**
 * Every unit's score, ranked within its kind: by score, then the scheme's tie-breaks (higher first), then the code
 * for a stable order; units equal on score and every tie-break share a rank (1, 2, 2, 4). Unranked units follow,
 * by volume. `previous` holds last month's scores by `${kind}:${code}`.
 */
export function scoreMonth(
  scheme: Scheme,
  units: readonly UnitInput[],
  previous: ReadonlyMap<string, { score: number | null; rank: number | null }> = new Map(),
): UnitScore[] {
  const scored = units.map((u) => scoreUnit(scheme, u));
  const out: UnitScore[] = [];
  for (const kind of ['department', 'street'] as const) {
    const ofKind = scored.filter((s) => s.kind === kind);
    const compare = (a: (typeof ofKind)[number], b: (typeof ofKind)[number]) => {
      const byScore = (b.score ?? -Infinity) - (a.score ?? -Infinity);
      if (byScore !== 0) return byScore;
      for (const t of scheme.tie_breaks) {
        const d = tieValue(b, t) - tieValue(a, t);
        if (d !== 0) return d;
      }
      return 0;
    };
    const ranked = ofKind
      .filter((s) => s.ranked)
      .sort((a, b) => compare(a, b) || a.code.localeCompare(b.code));
    const unranked = ofKind
      .filter((s) => !s.ranked)
      .sort((a, b) => b.counts.dispatched - a.counts.dispatched || a.code.localeCompare(b.code));
    ranked.forEach((s, i) => {
      const rank = i > 0 && compare(ranked[i - 1]!, s) === 0 ? out[out.length - 1]!.rank! : i + 1;
      out.push(withPrevious({ ...s, rank }, previous));
    });
    for (const s of unranked) out.push(withPrevious({ ...s, rank: null }, previous));
  }
  return out;
}

function withPrevious(
  s: Omit<UnitScore, 'previous' | 'rank_change' | 'score_change'>,
  previous: ReadonlyMap<string, { score: number | null; rank: number | null }>,
): UnitScore {
  const before = previous.get(`${s.kind}:${s.code}`) ?? null;
  return {
    ...s,
    previous: before,
    rank_change: before?.rank != null && s.rank !== null ? before.rank - s.rank : null,
    score_change: before?.score != null && s.score !== null ? round2(s.score - before.score) : null,
  };
}
