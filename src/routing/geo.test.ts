import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bbox, containsPoint, distanceMetres } from './geo.js';

const square = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [0, 0],
    ],
  ],
};
const withHole = {
  type: 'Polygon' as const,
  coordinates: [
    square.coordinates[0]!,
    [
      [4, 4],
      [6, 4],
      [6, 6],
      [4, 6],
      [4, 4],
    ],
  ],
};

test('points inside, outside and in a hole', () => {
  assert.equal(containsPoint(square, 5, 5), true);
  assert.equal(containsPoint(square, 11, 5), false);
  assert.equal(containsPoint(square, -0.1, 5), false);
  assert.equal(containsPoint(withHole, 5, 5), false);
  assert.equal(containsPoint(withHole, 2, 2), true);
});

test('multipolygons match any part', () => {
  const multi = {
    type: 'MultiPolygon' as const,
    coordinates: [
      square.coordinates,
      [
        [
          [20, 20],
          [30, 20],
          [30, 30],
          [20, 20],
        ],
      ],
    ],
  };
  assert.equal(containsPoint(multi, 25, 22), true);
  assert.equal(containsPoint(multi, 15, 15), false);
  assert.deepEqual(bbox(multi), { min_lon: 0, min_lat: 0, max_lon: 30, max_lat: 30 });
});

test('distances on the sphere', () => {
  assert.equal(distanceMetres(31.4, 120.6, 31.4, 120.6), 0);
  const d = distanceMetres(31.4, 120.6, 31.401, 120.6);
  assert.ok(Math.abs(d - 111.2) < 0.5, String(d));
});
