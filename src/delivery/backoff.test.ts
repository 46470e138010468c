import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { testCases } from '../../test/support/cases.js';
import { DEFAULT_BACKOFF, retryDelayMs } from './backoff.js';

const b = { baseMs: 1000, capMs: 60_000 };

testCases(([failures, random]: [number, number]) => retryDelayMs(failures, random, b), {
  'half the step is fixed, half is jitter': [
    [[1, 0], 500],
    [[1, 0.5], 750],
    [[1, 0.999], 1000],
  ],
  'the step doubles with each failure': [
    [[2, 0], 1000],
    [[3, 0], 2000],
    [[4, 0], 4000],
  ],
  'and stops at the cap': [
    [[7, 0], 30_000],
    [[8, 0.999], 59_970],
    [[1000, 0], 30_000],
  ],
});

test('the delay is within [step/2, step] and never decreases in the lower bound', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 0.9999, noNaN: true }), (n, r) => {
      const d = retryDelayMs(n, r);
      const step = Math.min(DEFAULT_BACKOFF.capMs, DEFAULT_BACKOFF.baseMs * 2 ** (n - 1));
      return d >= step / 2 && d <= step && retryDelayMs(n + 1, 0) >= retryDelayMs(n, 0);
    }),
  );
});

test('nonsense is refused', () => {
  for (const [n, r] of [
    [0, 0.5],
    [1.5, 0.5],
    [1, 1],
    [1, -0.1],
    [1, Number.NaN],
  ] as const)
    assert.throws(() => retryDelayMs(n, r), RangeError);
});
