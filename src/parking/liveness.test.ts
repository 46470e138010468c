import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { availability, liveFigure, STALE_INTERVALS } from './liveness.js';

const now = new Date('2026-03-10T10:00:00Z');
const ago = (s: number) => new Date(now.getTime() - s * 1000);

describe('live figures', () => {
  test('a figure within three intervals is live; one older is no live data, with when it was last heard', () => {
    assert.equal(STALE_INTERVALS, 3);
    assert.deepEqual(liveFigure({ observed_at: ago(89), free: 10, capacity: 100 }, 30, now), {
      live: true,
      free: 10,
      capacity: 100,
      observedAt: ago(89),
    });
    assert.equal(liveFigure({ observed_at: ago(90), free: 10, capacity: 100 }, 30, now).live, true);
    assert.deepEqual(liveFigure({ observed_at: ago(91), free: 10, capacity: 100 }, 30, now), {
      live: false,
      lastObservedAt: ago(91),
    });
    assert.deepEqual(liveFigure(null, 30, now), { live: false, lastObservedAt: null });
    assert.equal(liveFigure({ observed_at: ago(-60), free: 1, capacity: 2 }, 30, now).live, true);
  });

  test('availability colours: ample, few (under a tenth or under five), full, unknown', () => {
    const live = (free: number, capacity: number) =>
      liveFigure({ observed_at: now, free, capacity }, 30, now);
    assert.equal(availability(live(50, 100)), 'ample');
    assert.equal(availability(live(9, 100)), 'few');
    assert.equal(availability(live(4, 20)), 'few');
    assert.equal(availability(live(0, 100)), 'full');
    assert.equal(availability(live(0, 0)), 'unknown');
    assert.equal(availability(liveFigure(null, 30, now)), 'unknown');
  });
});
