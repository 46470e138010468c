import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addMonths, boundsOf, isClosed, MONTH, monthOf } from './month.js';

test('months add across years both ways', () => {
  assert.equal(addMonths('2026-12', 1), '2027-01');
  assert.equal(addMonths('2027-01', -1), '2026-12');
  assert.equal(addMonths('2026-03', -15), '2024-12');
  assert.equal(addMonths('2026-03', 0), '2026-03');
  assert.equal(monthOf('2026-02-28'), '2026-02');
});

test('the pattern takes YYYY-MM only', () => {
  for (const ok of ['2026-01', '2026-12']) assert.ok(MONTH.test(ok));
  for (const bad of ['2026-13', '2026-00', '2026-1', '26-01', '2026-01-01']) assert.ok(!MONTH.test(bad), bad);
});

test('bounds are the local midnights (Asia/Shanghai is UTC+8)', () => {
  const { from, to } = boundsOf('2026-12', 'Asia/Shanghai');
  assert.equal(from.toISOString(), '2026-11-30T16:00:00.000Z');
  assert.equal(to.toISOString(), '2026-12-31T16:00:00.000Z');
});

test('a month closes close_after_days into the next one', () => {
  assert.equal(isClosed('2026-11', '2026-12-05', 5), false);
  assert.equal(isClosed('2026-11', '2026-12-06', 5), true);
  assert.equal(isClosed('2026-12', '2027-01-01', 0), true);
  assert.equal(isClosed('2026-12', '2026-12-31', 0), false);
});
