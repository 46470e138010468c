import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HoltWinters } from './holt-winters.js';

const levels = (n: number, f: (d: number) => number) =>
  new Map(Array.from({ length: n }, (_, d) => [d, f(d)]));

describe('Holt–Winters daily levels', () => {
  test('a constant series forecasts itself, one day or a week ahead', () => {
    const hw = new HoltWinters(
      levels(60, () => 0.4),
      0,
      70,
    );
    assert.ok(Math.abs(hw.forecast(59, 60) - 0.4) < 1e-6);
    assert.ok(Math.abs(hw.forecast(59, 66) - 0.4) < 1e-6);
  });

  test('a weekly pattern is learnt: weekends low', () => {
    const weekly = (d: number) => (d % 7 === 3 || d % 7 === 4 ? 0.2 : 0.6);
    const hw = new HoltWinters(levels(70, weekly), 0, 80);
    for (let d = 70; d < 77; d++) assert.ok(Math.abs(hw.forecast(69, d) - weekly(d)) < 0.03, `${d}`);
  });

  test('missing days leave the state to run; forecasts are never negative; nothing before the run', () => {
    const m = levels(40, (d) => 0.5 - d * 0.012);
    for (let d = 10; d < 20; d++) m.delete(d);
    const hw = new HoltWinters(m, 0, 60);
    assert.ok(hw.forecast(39, 55) >= 0);
    assert.ok(Number.isNaN(hw.forecast(-1, 0)));
    assert.ok(Number.isNaN(hw.forecast(10, 10)));
  });

  test('no level at all: no forecast', () => {
    assert.ok(Number.isNaN(new HoltWinters(new Map(), 0, 10).forecast(5, 6)));
  });
});
