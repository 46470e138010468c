import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nowcast, storedRate } from './nowcast.js';

const start = new Date('2026-03-10T00:00:00Z');
const f = { starts_at: start, step_minutes: 30, rates: [0.2, 0.4, 0.6, 0.6] };
const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);

describe('reading a stored forecast', () => {
  test('interpolates between steps; nothing outside', () => {
    assert.equal(storedRate(f, at(0)), 0.2);
    assert.ok(Math.abs(storedRate(f, at(15)) - 0.3) < 1e-12);
    assert.equal(storedRate(f, at(100)), 0.6);
    assert.ok(Number.isNaN(storedRate(f, at(-1))));
    assert.ok(Number.isNaN(storedRate(f, at(120))));
  });

  test('the live figure pulls the near future and fades; no live figure, the forecast as stored', () => {
    const now = at(30);
    assert.ok(Math.abs(nowcast(f, 0.6, now, now) - 0.6) < 1e-12);
    const inAnHour = nowcast(f, 0.6, at(90), now);
    assert.ok(inAnHour > 0.6 && inAnHour < 0.6 + 0.2, `${inAnHour}`);
    assert.equal(nowcast(f, null, at(90), now), 0.6);
    assert.equal(nowcast(f, 0.9, at(60), now) <= 1, true);
    assert.ok(Number.isNaN(nowcast(f, 0.5, at(500), now)));
  });
});
