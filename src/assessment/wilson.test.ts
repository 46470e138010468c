import assert from 'node:assert/strict';
import { test } from 'node:test';
import { wilsonLowerBound } from './wilson.js';

test('the bound of an empty base is null; of impossible counts an error', () => {
  assert.equal(wilsonLowerBound(0, 0, 1.96), null);
  assert.throws(() => wilsonLowerBound(3, 2, 1.96), RangeError);
  assert.throws(() => wilsonLowerBound(-1, 2, 1.96), RangeError);
});

test('known values (95 %): 1 of 1 ≈ 0.2065, 95 of 100 ≈ 0.8882, 0 of 10 = 0', () => {
  assert.ok(Math.abs(wilsonLowerBound(1, 1, 1.96)! - 0.2065) < 1e-4);
  assert.ok(Math.abs(wilsonLowerBound(95, 100, 1.96)! - 0.8882) < 1e-4);
  assert.equal(wilsonLowerBound(0, 10, 1.96), 0);
});

test('the bound lies below the rate, rises with the sample at the same rate and falls with the confidence', () => {
  for (const n of [1, 2, 5, 10, 50, 100, 1000])
    for (let k = 0; k <= n; k += Math.max(1, Math.floor(n / 7))) {
      const b = wilsonLowerBound(k, n, 1.96)!;
      assert.ok(b >= 0 && b <= k / n + 1e-12, `${k}/${n}: ${b}`);
      assert.ok(wilsonLowerBound(k, n, 2.58)! <= b + 1e-12);
      assert.ok(wilsonLowerBound(k * 10, n * 10, 1.96)! >= b - 1e-12, `${k}/${n} ×10`);
    }
  assert.equal(wilsonLowerBound(7, 10, 0), 0.7);
});
