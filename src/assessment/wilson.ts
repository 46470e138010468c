/**
 * The Wilson score interval's lower bound of a proportion: what a rate is at least, with the confidence z stands
 * for (1.96 → 95 %). A unit with 1 success of 1 gets ≈ 0.21, one with 95 of 100 ≈ 0.89: a ranking by the bound
 * does not put a body that solved one problem first (FixMyStreet issue #1957).
 */
export function wilsonLowerBound(successes: number, trials: number, z: number): number | null {
  if (trials <= 0) return null;
  if (successes < 0 || successes > trials) throw new RangeError(`${successes} successes of ${trials} trials`);
  const p = successes / trials;
  const z2 = z * z;
  const centre = p + z2 / (2 * trials);
  const spread = z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return Math.max(0, (centre - spread) / (1 + z2 / trials));
}
