import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_SCHEME, schemeProblems, type Scheme } from './scheme.js';
import { scoreMonth, scoreUnit, type UnitCounts, type UnitInput } from './score.js';
import { wilsonLowerBound } from './wilson.js';

const counts = (over: Partial<UnitCounts> = {}): UnitCounts => ({
  dispatched: 100,
  responded: 90,
  followed_up: 80,
  resolved: 70,
  satisfied: 72,
  replies_due: 100,
  replied_on_time: 95,
  returned: 0,
  reopened: 0,
  overdue: 0,
  sent_back: 0,
  ...over,
});
const unit = (
  code: string,
  over: Partial<UnitCounts> = {},
  kind: UnitInput['kind'] = 'department',
): UnitInput => ({
  kind,
  code,
  name: `单位${code}`,
  counts: counts(over),
});
const scheme = (over: Partial<Scheme> = {}): Scheme => ({ ...DEFAULT_SCHEME, ...over });

describe('schemes', () => {
  test('the default is usable; weights must be ≥ 0 and sum to 1, deductions ≥ 0, tie-breaks not repeated', () => {
    assert.deepEqual(schemeProblems(DEFAULT_SCHEME), {});
    const w = DEFAULT_SCHEME.weights;
    assert.deepEqual(schemeProblems(scheme({ weights: { ...w, on_time: 0.1 } })), { weights: 'sum_not_one' });
    assert.deepEqual(schemeProblems(scheme({ weights: { ...w, response: -0.3, on_time: 0.6 } })), {
      weights: 'negative',
    });
    assert.deepEqual(schemeProblems(scheme({ deductions: { ...DEFAULT_SCHEME.deductions, reopened: -1 } })), {
      deductions: 'negative',
    });
    assert.deepEqual(schemeProblems(scheme({ tie_breaks: ['volume', 'volume'] })), {
      tie_breaks: 'repeated',
    });
  });
});

describe('a unit’s score', () => {
  test('is 100 × the weighted Wilson bounds minus the deductions', () => {
    const s = scoreUnit(DEFAULT_SCHEME, unit('a', { returned: 2, reopened: 1, overdue: 4 }));
    const b = (k: number, n: number) => wilsonLowerBound(k, n, 1.96)!;
    const expected = 100 * (0.3 * b(90, 100) + 0.35 * b(70, 80) + 0.35 * b(72, 80)) - (2 * 0.5 + 1 + 4 * 0.5);
    assert.equal(s.score, Math.round(expected * 100) / 100);
    assert.equal(s.deduction_points, 4);
    assert.deepEqual(
      s.components.map((c) => [c.rate, c.successes, c.base, Math.round(c.weight * 1e9) / 1e9]),
      [
        ['response', 90, 100, 0.3],
        ['resolution', 70, 80, 0.35],
        ['satisfaction', 72, 80, 0.35],
        ['on_time', 95, 100, 0],
      ],
    );
    assert.equal(s.components[0]!.raw, 0.9);
  });

  test('an empty base passes its weight to the other rates; no base at all leaves no score', () => {
    const s = scoreUnit(DEFAULT_SCHEME, unit('a', { followed_up: 0, resolved: 0, satisfied: 0 }));
    assert.deepEqual(
      s.components.map((c) => [c.rate, Math.round(c.weight * 1e9) / 1e9, c.bound === null]),
      [
        ['response', 1, false],
        ['resolution', 0, true],
        ['satisfaction', 0, true],
        ['on_time', 0, false],
      ],
    );
    assert.equal(s.score, Math.round(100 * wilsonLowerBound(90, 100, 1.96)! * 100) / 100);
    const none = scoreUnit(
      DEFAULT_SCHEME,
      unit('b', { dispatched: 0, responded: 0, followed_up: 0, resolved: 0, satisfied: 0 }),
    );
    assert.equal(none.score, null);
    assert.equal(none.ranked, false);
  });

  test('deductions stop at the cap', () => {
    const s = scoreUnit(scheme({ deduction_cap: 5 }), unit('a', { reopened: 40, sent_back: 3 }));
    assert.equal(s.deduction_points, 5);
    assert.deepEqual(
      s.deductions.map((d) => [d.kind, d.count, d.points]),
      [
        ['returned', 0, 0],
        ['reopened', 40, 40],
        ['overdue', 0, 0],
        ['sent_back', 3, 1.5],
      ],
    );
  });

  test('a unit under the minimum sample is scored but not ranked', () => {
    assert.equal(scoreUnit(scheme({ min_sample: 101 }), unit('a')).ranked, false);
    assert.equal(scoreUnit(scheme({ min_sample: 100 }), unit('a')).ranked, true);
  });
});

describe('a month’s ranking', () => {
  test('one solved problem of one does not rank first (the bound, not the raw rate)', () => {
    const perfectOfOne = unit('tiny', {
      dispatched: 1,
      responded: 1,
      followed_up: 1,
      resolved: 1,
      satisfied: 1,
    });
    const good = unit('big', {
      dispatched: 400,
      responded: 380,
      followed_up: 300,
      resolved: 270,
      satisfied: 280,
    });
    const out = scoreMonth(scheme({ min_sample: 1 }), [perfectOfOne, good]);
    assert.deepEqual(
      out.map((s) => [s.code, s.rank]),
      [
        ['big', 1],
        ['tiny', 2],
      ],
    );
  });

  test('departments and streets are ranked apart; unranked units follow by volume', () => {
    const out = scoreMonth(scheme({ min_sample: 50 }), [
      unit('d1', { responded: 80 }),
      unit('s1', {}, 'street'),
      unit('d2'),
      unit('d3', {
        dispatched: 10,
        responded: 10,
        followed_up: 5,
        resolved: 5,
        satisfied: 5,
        replies_due: 10,
        replied_on_time: 10,
      }),
      unit('d4', {
        dispatched: 20,
        responded: 20,
        followed_up: 5,
        resolved: 5,
        satisfied: 5,
        replies_due: 10,
        replied_on_time: 10,
      }),
    ]);
    assert.deepEqual(
      out.map((s) => [s.kind, s.code, s.rank]),
      [
        ['department', 'd2', 1],
        ['department', 'd1', 2],
        ['department', 'd4', null],
        ['department', 'd3', null],
        ['street', 's1', 1],
      ],
    );
  });

  test('ties break by the scheme’s order, then share a rank when nothing tells them apart', () => {
    const same = scoreMonth(DEFAULT_SCHEME, [unit('b'), unit('a'), unit('c', { responded: 50 })]);
    assert.deepEqual(
      same.map((s) => [s.code, s.rank]),
      [
        ['a', 1],
        ['b', 1],
        ['c', 3],
      ],
    );
    // same score by construction: zero weight on the one rate that differs, which the tie-break then reads
    const w = { response: 0, resolution: 0.5, satisfaction: 0.5, on_time: 0 };
    const byOnTime = scoreMonth(scheme({ weights: w, tie_breaks: ['on_time'] }), [
      unit('x', { replied_on_time: 60 }),
      unit('y', { replied_on_time: 99 }),
    ]);
    assert.deepEqual(
      byOnTime.map((s) => [s.code, s.rank]),
      [
        ['y', 1],
        ['x', 2],
      ],
    );
    const byVolume = scoreMonth(scheme({ weights: w, tie_breaks: ['volume'] }), [
      unit('x', { dispatched: 100 }),
      unit('y', { dispatched: 120, responded: 90 }),
    ]);
    assert.deepEqual(
      byVolume.map((s) => s.code),
      ['y', 'x'],
    );
  });

  test('the change against the previous month: places gained and points', () => {
    const [first, second] = scoreMonth(
      DEFAULT_SCHEME,
      [unit('a'), unit('b', { satisfied: 40 })],
      new Map([
        ['department:a', { score: 50, rank: 2 }],
        ['department:b', { score: null, rank: null }],
      ]),
    );
    assert.equal(first!.rank_change, 1);
    assert.equal(first!.score_change, Math.round((first!.score! - 50) * 100) / 100);
    assert.equal(second!.rank_change, null);
    assert.equal(second!.score_change, null);
  });
});
