import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  countsOf,
  DEFAULT_RULES,
  detect,
  keyOf,
  poissonUpperTail,
  repeatedSignal,
  risingSignal,
  type KeySeries,
} from './warnings.js';

const series = (daily: number[], kind: KeySeries['kind'] = 'rising') =>
  countsOf({ kind, category: 'c1', area: 'a1', daily });
/** `days` days of `perWeek` requests a week spread evenly, then the window's counts. */
const history = (days: number, perWeek: number, recent: number[]) => [
  ...Array.from(
    { length: days },
    (_, i) => Math.floor(((i + 1) * perWeek) / 7) - Math.floor((i * perWeek) / 7),
  ),
  ...recent,
];

describe('poissonUpperTail', () => {
  test('matches the closed forms', () => {
    assert.equal(poissonUpperTail(0, 3), 1);
    assert.ok(Math.abs(poissonUpperTail(1, 2) - (1 - Math.exp(-2))) < 1e-12);
    assert.ok(Math.abs(poissonUpperTail(2, 1) - (1 - 2 * Math.exp(-1))) < 1e-12);
  });
  test('falls as k grows and rises with lambda', () => {
    for (let k = 1; k < 20; k++) assert.ok(poissonUpperTail(k + 1, 4) < poissonUpperTail(k, 4));
    for (const l of [0.5, 1, 2, 5]) assert.ok(poissonUpperTail(6, l) < poissonUpperTail(6, l * 1.5));
  });
});

describe('rising', () => {
  test('a quiet key that suddenly gets many requests in a week is rising', () => {
    const s = risingSignal(series(history(56, 1, [0, 1, 0, 2, 1, 1, 2])));
    assert.ok(s);
    assert.equal(s.observed, 7);
    assert.equal(s.expected, 1);
    assert.ok(s.p! < DEFAULT_RULES.pMax);
  });
  test('a busy key at its usual volume is not', () => {
    assert.equal(risingSignal(series(history(56, 14, [2, 2, 2, 2, 2, 2, 2]))), null);
  });
  test('a busy key needs far more to rise than a quiet one', () => {
    assert.equal(risingSignal(series(history(56, 14, [3, 3, 3, 3, 3, 3, 3]))), null); // 21 against 14
    assert.ok(risingSignal(series(history(56, 14, [5, 5, 5, 5, 5, 5, 5])))); // 35 against 14
  });
  test('too few requests never rise, however quiet the history', () => {
    assert.equal(risingSignal(series(history(56, 0, [0, 0, 1, 1, 0, 1, 1]))), null);
    assert.ok(risingSignal(series(history(56, 0, [0, 1, 1, 1, 0, 1, 1]))));
  });
  test('a key without history is taken as quiet, not as empty', () => {
    const s = risingSignal(series([1, 1, 1, 1, 1]));
    assert.ok(s);
    assert.equal(s.expected, DEFAULT_RULES.floor);
  });
  test('at least twice what was expected', () => {
    const rules = { ...DEFAULT_RULES, pMax: 1 };
    assert.equal(risingSignal(series(history(56, 4, [1, 1, 1, 1, 1, 1, 1])), rules), null); // 7 < 2 × 4
    assert.ok(risingSignal(series(history(56, 4, [2, 1, 1, 1, 1, 1, 1])), rules)); // 8 = 2 × 4
  });
});

describe('repeated', () => {
  test('three in a place within the period', () => {
    assert.ok(repeatedSignal(series([...Array(20).fill(0), 1, 0, 0, 1, 0, 1], 'repeated')));
    assert.equal(repeatedSignal(series([...Array(20).fill(0), 1, 0, 0, 1, 0, 0], 'repeated')), null);
  });
  test('a place where the category is usual does not repeat', () => {
    const busy = [
      ...Array(56)
        .fill(0)
        .map((_, i) => (i % 7 === 0 ? 1 : 0)),
      ...Array(14).fill(0),
    ];
    busy[60] = 1;
    busy[64] = 1;
    busy[68] = 1;
    assert.equal(repeatedSignal(series(busy, 'repeated')), null); // 3 against 2 expected
    busy[62] = 1;
    busy[65] = 1;
    busy[66] = 1;
    busy[67] = 2;
    assert.ok(repeatedSignal(series(busy, 'repeated'))); // 8 against 2
  });
  test('requests older than the period do not count', () => {
    const daily = [1, 1, 1, ...Array(DEFAULT_RULES.repeatDays).fill(0)];
    assert.equal(repeatedSignal(series(daily, 'repeated')), null);
  });
});

describe('detect', () => {
  const loud = series(history(56, 0, [2, 2, 2, 2, 0, 0, 0]));
  test('tests each series by its kind and orders the surest first', () => {
    const place = series([0, 0, 1, 1, 1], 'repeated');
    const louder = { ...series(history(56, 0, [3, 3, 3, 3, 3, 3, 3])), category: 'c2' };
    const out = detect([place, loud, louder], new Map());
    assert.deepEqual(
      out.map((s) => `${s.kind}:${s.category}`),
      ['rising:c2', 'rising:c1', 'repeated:c1'],
    );
  });
  test('a key warned within the quiet period is not warned again; after it, it is', () => {
    assert.equal(detect([loud], new Map([[keyOf(loud), 3]])).length, 0);
    assert.equal(detect([loud], new Map([[keyOf(loud), DEFAULT_RULES.quietDays]])).length, 1);
    assert.equal(detect([loud], new Map([[keyOf({ ...loud, kind: 'repeated' }), 3]])).length, 1);
  });
});

describe('countsOf', () => {
  test('the window of its kind, and the baseline days before it', () => {
    const daily = [...Array<number>(60).fill(0), 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 3];
    daily[0] = 5; // beyond both baselines
    daily[20] = 7; // within both
    assert.deepEqual(countsOf({ kind: 'rising', category: 'c', area: 'a', daily }), {
      kind: 'rising',
      category: 'c',
      area: 'a',
      recent: 3,
      history: 7 + 1 + 2,
    });
    const repeated = countsOf({ kind: 'repeated', category: 'c', area: 'a', daily });
    assert.deepEqual([repeated.recent, repeated.history], [2 + 3, 7 + 1]);
  });
});
