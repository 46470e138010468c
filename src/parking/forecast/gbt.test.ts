import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { seededRandom } from '../../text/seeded-random.js';
import { predictGbt, trainGbt } from './gbt.js';

const columns = (rows: number[][]) => rows[0]!.map((_, j) => Float64Array.from(rows, (r) => r[j]!));

describe('gradient-boosted trees', () => {
  const random = seededRandom(3);
  const rows = Array.from({ length: 2000 }, () => [random() * 10, random() * 10]);
  const truth = (x: number[]) => (x[0]! > 5 ? 3 : 0) + 0.2 * x[1]!;
  const y = Float64Array.from(rows, truth);

  test('fits a step and a slope (squared loss)', () => {
    const m = trainGbt(columns(rows), y, { trees: 200, depth: 3, minLeaf: 10, lambda: 1, learningRate: 0.1 });
    for (const x of [
      [2, 2],
      [8, 2],
      [8, 9],
    ])
      assert.ok(Math.abs(predictGbt(m, x) - truth(x)) < 0.25, `${x}: ${predictGbt(m, x)}`);
  });

  test('absolute loss follows the median, not the mean, of skewed noise', () => {
    const noisy = Float64Array.from(rows, (x, i) => truth(x) + (i % 10 === 0 ? 50 : 0));
    const l2 = trainGbt(columns(rows), noisy, { trees: 100, loss: 'l2', minLeaf: 10 });
    const l1 = trainGbt(columns(rows), noisy, { trees: 300, loss: 'l1', minLeaf: 10, learningRate: 0.1 });
    const x = [8, 5];
    assert.ok(Math.abs(predictGbt(l1, x) - truth(x)) < 0.5, `l1 ${predictGbt(l1, x)}`);
    assert.ok(predictGbt(l2, x) - truth(x) > 3, `l2 ${predictGbt(l2, x)}`);
  });

  test('missing values go to the side that fits them', () => {
    const xs = rows.map((x, i) => [i % 4 === 0 ? NaN : x[0]!]);
    const target = Float64Array.from(xs, (x) => (Number.isNaN(x[0]!) ? 10 : x[0]! > 5 ? 3 : 0));
    const m = trainGbt(columns(xs), target, {
      trees: 200,
      depth: 2,
      minLeaf: 10,
      lambda: 1,
      learningRate: 0.1,
    });
    assert.ok(Math.abs(predictGbt(m, [NaN]) - 10) < 0.5, `${predictGbt(m, [NaN])}`);
    assert.ok(Math.abs(predictGbt(m, [7]) - 3) < 0.5);
    assert.ok(Math.abs(predictGbt(m, [1])) < 0.5);
  });

  test('the same seed trains the same model', () => {
    const a = trainGbt(columns(rows), y, { trees: 20, seed: 9 });
    const b = trainGbt(columns(rows), y, { trees: 20, seed: 9 });
    assert.deepEqual(a, b);
  });

  test('no rows, no trees: a model that says the base', () => {
    const m = trainGbt([new Float64Array(0)], new Float64Array(0), { trees: 5 });
    assert.equal(predictGbt(m, [1]), 0);
  });
});
