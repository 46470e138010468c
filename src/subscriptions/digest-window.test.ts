import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  afterConfirmation,
  afterDigest,
  afterNothing,
  DIGEST_EVERY_MS,
  isDue,
  windowOf,
} from './digest-window.js';

const t0 = new Date('2026-12-07T02:00:00Z');
const plus = (ms: number) => new Date(t0.getTime() + ms);
const HOUR = 3_600_000;

test('a confirmed subscription is due at once, over what happens from its confirmation', () => {
  const s = { status: 'active', ...afterConfirmation(t0) };
  assert.equal(isDue(s, t0), true);
  assert.deepEqual(windowOf(s, plus(HOUR)), { from: t0, to: plus(HOUR) });
});

test('waiting, cancelled or never confirmed subscriptions are never due', () => {
  for (const status of ['pending', 'unsubscribed'])
    assert.equal(isDue({ status, ...afterConfirmation(t0) }, plus(DIGEST_EVERY_MS * 3)), false);
  assert.equal(isDue({ status: 'active', digest_from: null, next_digest_at: null }, plus(HOUR)), false);
});

test('after a digest the next one is a day later, over what followed it: windows neither overlap nor leave gaps', () => {
  const first = { status: 'active', ...afterConfirmation(t0) };
  const sent = plus(5 * HOUR);
  const w1 = windowOf(first, sent);
  const second = { status: 'active', ...afterDigest(sent) };
  assert.deepEqual(second.next_digest_at, new Date(sent.getTime() + DIGEST_EVERY_MS));
  assert.equal(isDue(second, new Date(sent.getTime() + DIGEST_EVERY_MS - 1)), false);
  const later = new Date(sent.getTime() + DIGEST_EVERY_MS);
  assert.equal(isDue(second, later), true);
  const w2 = windowOf(second, later);
  assert.deepEqual(w2.from, w1.to);
});

test('nothing new: the window goes on, looked at again an hour later', () => {
  const s = { status: 'active', ...afterConfirmation(t0) };
  const next = { ...s, ...afterNothing(plus(2 * HOUR)) };
  assert.equal(isDue(next, plus(2 * HOUR)), false);
  assert.equal(isDue(next, plus(3 * HOUR)), true);
  assert.deepEqual(windowOf(next, plus(3 * HOUR)).from, t0);
});
