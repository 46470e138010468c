/**
 * An assessment scheme (考核办法): how a month's rates and counts become a unit's score. Schemes are versioned per
 * jurisdiction; a month is scored with the version in force on its first day.
 */

export const RATES = ['response', 'resolution', 'satisfaction', 'on_time'] as const;
export type Rate = (typeof RATES)[number];

export const DEDUCTIONS = ['returned', 'reopened', 'overdue', 'sent_back'] as const;
export type Deduction = (typeof DEDUCTIONS)[number];

/** What decides between equal scores, in order; `code` (the unit's code) always comes last, so ranks are stable. */
export const TIE_BREAKS = ['response', 'resolution', 'satisfaction', 'on_time', 'volume'] as const;
export type TieBreak = (typeof TIE_BREAKS)[number];

export type Scheme = {
  /** Weights of the rates (their Wilson lower bounds), summing to 1; a rate whose base is empty passes its weight
   * to the others in proportion. */
  weights: Record<Rate, number>;
  /** Points off per request: returned by the unit, reopened, replied late or still overdue, reply sent back. */
  deductions: Record<Deduction, number>;
  /** At most this many points off in a month. */
  deduction_cap: number;
  /** Units with fewer dispatched requests in the month are listed but not ranked. */
  min_sample: number;
  /** The z of the Wilson bound (1.96: 95 % confidence). */
  confidence: number;
  tie_breaks: TieBreak[];
  /** A month is provisional until this many days into the next one (late follow-ups still arrive), then frozen. */
  close_after_days: number;
};

/** The default: 30 % / 35 % / 35 % on 响应率 / 解决率 / 满意率 as published local rules weight them. */
export const DEFAULT_SCHEME: Scheme = {
  weights: { response: 0.3, resolution: 0.35, satisfaction: 0.35, on_time: 0 },
  deductions: { returned: 0.5, reopened: 1, overdue: 0.5, sent_back: 0.5 },
  deduction_cap: 20,
  min_sample: 10,
  confidence: 1.96,
  tie_breaks: ['satisfaction', 'resolution', 'response', 'volume'],
  close_after_days: 5,
};

/** What is wrong with a scheme, as field → problem (empty when it can be used). */
export function schemeProblems(s: Scheme): Record<string, string> {
  const problems: Record<string, string> = {};
  const sum = RATES.reduce((acc, r) => acc + s.weights[r], 0);
  if (RATES.some((r) => s.weights[r] < 0)) problems.weights = 'negative';
  else if (Math.abs(sum - 1) > 1e-9) problems.weights = 'sum_not_one';
  if (DEDUCTIONS.some((d) => s.deductions[d] < 0)) problems.deductions = 'negative';
  if (new Set(s.tie_breaks).size !== s.tie_breaks.length) problems.tie_breaks = 'repeated';
  return problems;
}
