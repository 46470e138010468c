import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { campaignProgress, inArea, matches, type Target, type VisitFact } from './progress.js';

const t = (seq: number, visitor: number | null, area: string | null, planned: number): Target => ({
  seq,
  visitor_user_id: visitor,
  area_code: area,
  planned_visits: planned,
});
const v = (visitor: number, area: string | null, needs = 0): VisitFact => ({
  visitor_user_id: visitor,
  area_code: area,
  needs,
});

describe('campaign progress', () => {
  test('areas include their sub-areas, and only whole code segments', () => {
    assert.equal(inArea('xc-wangting-guoyuan-g1', 'xc-wangting'), true);
    assert.equal(inArea('xc-wangting', 'xc-wangting'), true);
    assert.equal(inArea('xc-wangtingx', 'xc-wangting'), false);
    assert.equal(inArea(null, 'xc'), false);
  });

  test('a target matches on visitor, area, or both', () => {
    assert.equal(matches(t(1, 7, null, 5), v(7, null)), true);
    assert.equal(matches(t(1, 7, null, 5), v(8, 'xc')), false);
    assert.equal(matches(t(1, null, 'xc-yuanhe', 5), v(8, 'xc-yuanhe-yuyao')), true);
    assert.equal(matches(t(1, null, 'xc-yuanhe', 5), v(8, null)), false);
    assert.equal(matches(t(1, 7, 'xc-yuanhe', 5), v(7, 'xc-wangting')), false);
    assert.equal(matches(t(1, 7, 'xc-yuanhe', 5), v(7, 'xc-yuanhe')), true);
  });

  test('per target, per visitor, per area and totals', () => {
    const targets = [t(1, 7, 'xc-yuanhe', 4), t(2, 8, 'xc-wangting', 2)];
    const visits = [
      v(7, 'xc-yuanhe-yuyao', 3),
      v(7, 'xc-yuanhe', 1),
      v(8, 'xc-wangting-guoyuan', 0),
      v(8, 'xc-wangting', 2),
      v(8, 'xc-wangting', 0),
      v(9, 'xc-huangdai', 1),
    ];
    const p = campaignProgress(targets, visits);
    assert.deepEqual(
      p.targets.map((x) => [x.seq, x.done, x.rate]),
      [
        [1, 2, 0.5],
        [2, 3, 1.5],
      ],
    );
    assert.deepEqual(p.totals, { planned: 6, done: 6, needs: 7, rate: 1 });
    assert.deepEqual(
      p.by_visitor.map((x) => [x.visitor_user_id, x.planned, x.done, x.needs, x.rate]),
      [
        [7, 4, 2, 4, 0.5],
        [8, 2, 3, 2, 1.5],
        [9, 0, 1, 1, null],
      ],
    );
    assert.deepEqual(
      p.by_area.map((x) => [x.area_code, x.planned, x.done]),
      [
        ['xc-wangting', 2, 3],
        ['xc-yuanhe', 4, 2],
      ],
    );
  });

  test('no plan and no visits', () => {
    const p = campaignProgress([], []);
    assert.deepEqual(p.totals, { planned: 0, done: 0, needs: 0, rate: null });
    assert.deepEqual(p.by_visitor, []);
  });
});
