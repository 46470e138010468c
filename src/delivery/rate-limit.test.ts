import assert from 'node:assert/strict';
import { test } from 'node:test';
import { longestWindowMs, rateDecision, type RateLimit } from './rate-limit.js';

const now = new Date('2026-12-07T06:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const MIN = 60_000;
const HOUR = 60 * MIN;

test('a phone with no earlier message may be texted', () => {
  assert.deepEqual(rateDecision([], now), { ok: true });
});

test('one a minute: the next waits for the minute to pass', () => {
  assert.deepEqual(rateDecision([ago(20_000)], now), {
    ok: false,
    retryAt: new Date(now.getTime() + 40_000),
  });
  assert.deepEqual(rateDecision([ago(MIN)], now), { ok: true });
});

test('five an hour: the sixth waits for the oldest of the five to leave the hour', () => {
  const five = [50, 40, 30, 20, 10].map((m) => ago(m * MIN));
  assert.deepEqual(rateDecision(five, now), { ok: false, retryAt: new Date(now.getTime() + 10 * MIN) });
  assert.deepEqual(rateDecision(five.slice(1), now), { ok: true });
});

test('ten a day: the eleventh waits for the day', () => {
  const ten = [23, 22, 21, 20, 19, 18, 17, 16, 15, 14].map((h) => ago(h * HOUR));
  assert.deepEqual(rateDecision(ten, now), { ok: false, retryAt: new Date(now.getTime() + HOUR) });
});

test('the latest of the limits decides', () => {
  const sends = [...[23, 22, 21, 20, 19, 18, 17, 16, 15].map((h) => ago(h * HOUR)), ago(10_000)];
  // The minute frees at +50 s, the day at +1 h: the day wins.
  assert.deepEqual(rateDecision(sends, now), { ok: false, retryAt: new Date(now.getTime() + HOUR) });
});

test('sends outside every window, or in the future, do not count', () => {
  assert.deepEqual(rateDecision([ago(25 * HOUR), new Date(now.getTime() + MIN)], now), { ok: true });
});

test('custom limits, and the longest window', () => {
  const limits: RateLimit[] = [{ windowMs: 1000, max: 2 }];
  assert.deepEqual(rateDecision([ago(500)], now, limits), { ok: true });
  assert.deepEqual(rateDecision([ago(900), ago(500)], now, limits), {
    ok: false,
    retryAt: new Date(now.getTime() + 100),
  });
  assert.equal(longestWindowMs(), 24 * HOUR);
  assert.equal(longestWindowMs(limits), 1000);
});
