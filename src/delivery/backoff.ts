/**
 * When a failed delivery is tried again: exponential backoff with "equal jitter" (half the step fixed, half
 * random), so that messages failing together do not retry together, and a retry never comes at once. Pure.
 */
export type Backoff = { baseMs: number; capMs: number };

export const DEFAULT_BACKOFF: Backoff = { baseMs: 30_000, capMs: 6 * 3_600_000 };

/** The delay before the attempt after `failures` failed ones (1 = the first failure); `random` in [0, 1). */
export function retryDelayMs(failures: number, random: number, b: Backoff = DEFAULT_BACKOFF): number {
  if (!Number.isInteger(failures) || failures < 1) throw new RangeError(`failures must be ≥ 1: ${failures}`);
  if (!(random >= 0 && random < 1)) throw new RangeError(`random must be in [0, 1): ${random}`);
  // 2 ** 52 already exceeds any cap; the exponent is bounded so the step stays a finite number.
  const step = Math.min(b.capMs, b.baseMs * 2 ** Math.min(failures - 1, 52));
  return Math.round(step / 2 + (random * step) / 2);
}
