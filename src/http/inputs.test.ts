import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { AppError } from './errors.js';
import { commaList, DateTimeQuery, IsoDate, pairedLatLon, parseDateTime, periodOf } from './inputs.js';

describe('shared input rules', () => {
  test('dates and date-times of a query string, years 1900–2999', () => {
    assert.equal(parseDateTime('2025-06-01')?.toISOString(), '2025-06-01T00:00:00.000Z');
    assert.equal(parseDateTime('2025-06-01T08:30:00+08:00')?.toISOString(), '2025-06-01T00:30:00.000Z');
    assert.equal(parseDateTime('2025-06-01T00:30:00.5Z')?.toISOString(), '2025-06-01T00:30:00.500Z');
    for (const bad of [
      '10000-01-01',
      '0001-01-01',
      '1899-12-31',
      '3000-01-01',
      '2025-02-30',
      'yesterday',
      '',
    ]) {
      assert.equal(parseDateTime(bad), null, bad);
      assert.equal(DateTimeQuery.safeParse(bad).success, false, bad);
    }
    assert.equal(IsoDate.safeParse('2999-12-31').success, true);
    assert.equal(IsoDate.safeParse('0001-01-01').success, false);
    assert.equal(IsoDate.safeParse('2025-06-01T00:00:00Z').success, false);
  });

  test('comma-separated lists of known values', () => {
    const List = commaList(['open', 'closed']);
    assert.deepEqual(List.parse('open,,closed'), ['open', 'closed']);
    assert.equal(List.safeParse('open,lost').success, false);
  });

  test('lat and lon go together', () => {
    const Place = pairedLatLon(z.object({ lat: z.number().optional(), lon: z.number().optional() }));
    assert.equal(Place.safeParse({ lat: 31, lon: 120 }).success, true);
    assert.equal(Place.safeParse({}).success, true);
    assert.equal(Place.safeParse({ lat: 31 }).success, false);
  });

  test('a period: 30 days up to now by default, never empty, at most maxDays long', () => {
    const now = new Date('2025-06-30T00:00:00Z');
    assert.deepEqual(periodOf({}, { now, defaultDays: 30 }), {
      from: new Date('2025-05-31T00:00:00Z'),
      to: now,
    });
    const refused = (f: () => unknown) =>
      assert.throws(f, (e: unknown) => e instanceof AppError && e.code === 'validation_failed');
    refused(() => periodOf({ from: now, to: now }, { now, defaultDays: 30 }));
    refused(() => periodOf({ from: new Date('2024-01-01') }, { now, defaultDays: 30, maxDays: 366 }));
  });
});
