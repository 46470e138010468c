import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inForce, staleReason } from './staleness.js';

const now = new Date('2026-06-01T00:00:00Z');
const today = '2026-06-01';
const recent = new Date('2026-01-01T00:00:00Z');
const old = new Date('2025-05-31T00:00:00Z');

describe('knowledge staleness', () => {
  test('expired before untouched; drafts never; the valid-to day itself still valid', () => {
    const cases: [string, string | null, Date, string | null][] = [
      ['published', null, recent, null],
      ['published', '2026-06-01', recent, null],
      ['published', '2026-05-31', recent, 'expired'],
      ['published', '2026-05-31', old, 'expired'],
      ['published', null, old, 'untouched'],
      ['published', null, new Date(now.getTime() - 365 * 86_400_000), null],
      ['draft', '2020-01-01', old, null],
    ];
    for (const [status, valid_to, updated_at, expected] of cases)
      assert.equal(
        staleReason({ status, valid_to, updated_at }, today, now),
        expected,
        `${status} ${valid_to}`,
      );
  });

  test('inForce: bounds inclusive, open ends', () => {
    assert.equal(inForce({ valid_from: null, valid_to: null }, today), true);
    assert.equal(inForce({ valid_from: today, valid_to: today }, today), true);
    assert.equal(inForce({ valid_from: '2026-06-02', valid_to: null }, today), false);
    assert.equal(inForce({ valid_from: null, valid_to: '2026-05-31' }, today), false);
  });
});
