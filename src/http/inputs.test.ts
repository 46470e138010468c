import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { AppError } from './errors.js';
import { testCases } from '../../test/support/cases.js';
import {
  BboxQuery,
  commaList,
  DateTimeQuery,
  IsoDate,
  pairedLatLon,
  parseDateTime,
  periodOf,
} from './inputs.js';

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

  describe('a map view’s bbox: west,south,east,north in degrees', () => {
    const bbox = (s: string) => {
      const r = BboxQuery.safeParse(s);
      return r.success ? r.data : null;
    };
    testCases(bbox, {
      'four numbers, west ≤ east, south ≤ north': [
        ['120.5,31.4,120.7,31.5', { west: 120.5, south: 31.4, east: 120.7, north: 31.5 }],
        [' 120.5 , 31.4,120.5,31.4', { west: 120.5, south: 31.4, east: 120.5, north: 31.4 }],
        ['-180,-90,180,90', { west: -180, south: -90, east: 180, north: 90 }],
      ],
      'anything else is refused': [
        ['120.7,31.4,120.5,31.5', null],
        ['120.5,31.5,120.7,31.4', null],
        ['120.5,31.4,120.7', null],
        ['120.5,31.4,120.7,31.5,1', null],
        ['120.5,,120.7,31.5', null],
        ['181,31.4,182,31.5', null],
        ['120.5,-91,120.7,31.5', null],
        ['a,b,c,d', null],
        ['Infinity,31.4,120.7,31.5', null],
        ['', null],
      ],
    });
  });
});
