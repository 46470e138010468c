import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { testCases } from '../../test/support/cases.js';
import { PUBLIC_GRID_DEGREES, snappedInside, snapToGrid } from './grid.js';

describe('the public map’s grid', () => {
  testCases(snapToGrid, {
    'a coordinate goes to the nearest 0.001°': [
      [31.48123, 31.481],
      [31.4806, 31.481],
      [120.6554999, 120.655],
      [120.6555001, 120.656],
      [-0.0004, -0],
      [31, 31],
    ],
  });

  test('a point is never moved more than half a step, and snapping twice changes nothing', () => {
    fc.assert(
      fc.property(fc.double({ min: -180, max: 180, noNaN: true }), (v) => {
        const s = snapToGrid(v);
        assert.ok(Math.abs(s - v) <= PUBLIC_GRID_DEGREES / 2 + 1e-9);
        assert.equal(snapToGrid(s), s);
      }),
    );
  });

  test('a view holds exactly the points that snap inside it', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 31, max: 32, noNaN: true }),
        fc.double({ min: 0, max: 0.02, noNaN: true }),
        fc.double({ min: 31, max: 32, noNaN: true }),
        (south, height, lat) => {
          const north = south + height;
          const { lat: r } = snappedInside({ west: 120, south, east: 121, north });
          const snapped = snapToGrid(lat);
          const inRange = lat >= r.min && lat < r.max;
          // Away from a cell's edge (where the float rounding of either side may differ), the two agree.
          const nearEdge = Math.abs(((lat * 1000) % 1) - 0.5) < 1e-6;
          if (!nearEdge) assert.equal(inRange, snapped >= south && snapped <= north);
        },
      ),
    );
  });

  test('a view too small to hold a grid point holds nothing', () => {
    const { lat } = snappedInside({ west: 120.6, south: 31.4801, east: 120.7, north: 31.4804 });
    assert.ok(lat.min >= lat.max);
  });
});
