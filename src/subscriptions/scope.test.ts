import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testCases } from '../../test/support/cases.js';
import { candidateBox, inScope, scopeKey, type Candidate, type Scope } from './scope.js';

const at = (lat: number | null, lon: number | null, more: Partial<Candidate> = {}): Candidate => ({
  area_code: 'xc-wangting-guoyuan',
  category_code: '010201',
  lat,
  lon,
  ...more,
});
const area = (area_code: string, category_code: string | null = null): Scope => ({
  area_code,
  circle: null,
  category_code,
});
const circle = (radius_m: number, category_code: string | null = null): Scope => ({
  area_code: null,
  circle: { lat: 31.42, lon: 120.43, radius_m },
  category_code,
});
// 0.001° of latitude is about 111 m.
const north = (m: number) => 31.42 + m / 111_195;

testCases(([s, c]: [Scope, Candidate]) => inScope(s, c), {
  'an area holds its own requests and those of the areas in it, not its neighbours with a longer name': [
    [[area('xc-wangting-guoyuan'), at(null, null)], true],
    [[area('xc-wangting'), at(null, null)], true],
    [[area('xc-wangting-guoyuan-g1'), at(null, null)], false],
    [[area('xc-wang'), at(null, null)], false],
    [[area('xc-wangting'), at(null, null, { area_code: 'xc-wangtingx' })], false],
    [[area('xc-wangting'), at(null, null, { area_code: null })], false],
  ],
  'a category holds its sub-categories': [
    [[area('xc-wangting', '0102'), at(null, null)], true],
    [[area('xc-wangting', '010201'), at(null, null)], true],
    [[area('xc-wangting', '0103'), at(null, null)], false],
    [[area('xc-wangting', '01'), at(null, null, { category_code: null })], false],
    [[circle(500, '0103'), at(31.42, 120.43)], false],
  ],
  'a circle holds the requests whose public (snapped) point is within its radius': [
    [[circle(500), at(31.42, 120.43)], true],
    [[circle(500), at(north(480), 120.43)], true],
    [[circle(500), at(north(560), 120.43)], false],
    [[circle(100), at(north(40), 120.43)], true],
    // 60 m north snaps to the grid line 111 m north: beyond a circle of 100 m, as the public map would show it
    [[circle(100), at(north(60), 120.43)], false],
    [[circle(5000), at(null, null)], false],
  ],
});

test('scope keys: one per scope, the centre to about a metre, the category or any', () => {
  assert.equal(scopeKey(area('xc-wangting')), 'area:xc-wangting|category:*');
  assert.equal(scopeKey(area('xc-wangting', '0102')), 'area:xc-wangting|category:0102');
  assert.equal(scopeKey(circle(500)), 'circle:31.42,120.43|500|category:*'.replace('|500', ',500'));
  assert.equal(
    scopeKey({
      area_code: null,
      circle: { lat: 31.420001, lon: 120.430004, radius_m: 500 },
      category_code: null,
    }),
    scopeKey(circle(500)),
  );
  assert.notEqual(scopeKey(circle(500)), scopeKey(circle(501)));
});

test('the candidate box holds every point that may snap into the circle', () => {
  for (const radius of [100, 1000, 5000]) {
    const box = candidateBox({ lat: 31.42, lon: 120.43, radius_m: radius });
    assert.ok(box.north >= north(radius) + 0.0005 && box.south <= 31.42 - radius / 111_195 - 0.0005);
    const east = 120.43 + radius / (111_195 * Math.cos((31.42 * Math.PI) / 180));
    assert.ok(box.east >= east + 0.0005 && box.west <= 2 * 120.43 - east - 0.0005);
  }
});
