import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLOSES_AFTER_MS, OPENS_BEFORE_MS, sessionState, withinCheckIn } from './session-state.js';

const starts_at = new Date('2026-12-07T09:00:00Z');
const ends_at = new Date('2026-12-07T10:30:00Z');
const s = { starts_at, ends_at, cancelled_at: null };
const ms = (d: Date, delta: number) => new Date(d.getTime() + delta);

test('planned until 30 minutes before the start, running until 2 hours after the end, then ended', () => {
  const cases: [Date, string][] = [
    [ms(starts_at, -86_400_000), 'planned'],
    [ms(starts_at, -OPENS_BEFORE_MS - 1), 'planned'],
    [ms(starts_at, -OPENS_BEFORE_MS), 'running'],
    [starts_at, 'running'],
    [ends_at, 'running'],
    [ms(ends_at, CLOSES_AFTER_MS), 'running'],
    [ms(ends_at, CLOSES_AFTER_MS + 1), 'ended'],
    [ms(ends_at, 86_400_000 * 365), 'ended'],
  ];
  for (const [now, expected] of cases) {
    assert.equal(sessionState(s, now), expected, now.toISOString());
    assert.equal(withinCheckIn(s, now), expected === 'running', now.toISOString());
  }
  assert.equal(OPENS_BEFORE_MS, 30 * 60_000);
  assert.equal(CLOSES_AFTER_MS, 2 * 3_600_000);
});

test('a cancelled session is cancelled whenever asked', () => {
  const cancelled = { ...s, cancelled_at: ms(starts_at, -3_600_000) };
  for (const now of [ms(starts_at, -86_400_000), starts_at, ms(ends_at, 86_400_000)])
    assert.equal(sessionState(cancelled, now), 'cancelled');
});
