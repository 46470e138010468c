import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dayNumber, dayString, levelOf, rateAt, seriesOf, SLOTS, weekdayOfNumber } from './series.js';

describe('series of half-hour slots', () => {
  test('day numbers and weekdays', () => {
    assert.equal(dayNumber('1970-01-01'), 0);
    assert.equal(dayString(dayNumber('2016-11-28')), '2016-11-28');
    assert.equal(weekdayOfNumber(dayNumber('2016-11-28')), 1);
    assert.equal(weekdayOfNumber(dayNumber('2026-02-15')), 0);
  });

  test('slots interpolate between readings, take a near one at the edges, and stay unknown far from any', () => {
    const s = seriesOf([
      { day: '2016-10-04', minute: 7 * 60 + 59.7, rate: 0.1 },
      { day: '2016-10-04', minute: 8 * 60 + 25.7, rate: 0.2 },
      { day: '2016-10-04', minute: 8 * 60 + 59.7, rate: 0.4 },
      { day: '2016-10-04', minute: 16 * 60 + 30, rate: 0.5 },
    ]);
    const day = s.days.get(dayNumber('2016-10-04'))!;
    assert.equal(day.length, SLOTS);
    assert.ok(Math.abs(day[16]! - 0.1) < 0.01, `08:00 ${day[16]}`);
    const at0830 = 0.2 + ((0.4 - 0.2) * (8 * 60 + 30 - (8 * 60 + 25.7))) / 34;
    assert.ok(Math.abs(day[17]! - at0830) < 1e-9);
    assert.ok(Number.isNaN(day[20]!), '10:00 is hours from any reading');
    assert.equal(day[33], 0.5);
    assert.ok(Number.isNaN(day[0]!));
  });

  test('a level needs two thirds of the usual slots; usual slots are those of half the days', () => {
    const readings = ['2016-10-04', '2016-10-05', '2016-10-06'].flatMap((day, d) =>
      Array.from({ length: d === 2 ? 6 : 18 }, (_, k) => ({ day, minute: 480 + 30 * k, rate: 0.5 })),
    );
    const s = seriesOf(readings);
    assert.deepEqual(
      s.usual,
      Array.from({ length: 18 }, (_, k) => 16 + k),
    );
    assert.equal(s.levels.get(dayNumber('2016-10-04')), 0.5);
    assert.ok(Number.isNaN(s.levels.get(dayNumber('2016-10-06'))!));
    assert.equal(s.first, dayNumber('2016-10-04'));
    assert.equal(s.last, dayNumber('2016-10-06'));
    assert.ok(Number.isNaN(levelOf(new Float64Array(SLOTS).fill(NaN), s.usual)));
  });

  test('rateAt interpolates within a day and is unknown without one', () => {
    const slots = new Float64Array(SLOTS).fill(NaN);
    slots[16] = 0.2;
    slots[17] = 0.4;
    assert.equal(rateAt(slots, 480), 0.2);
    assert.ok(Math.abs(rateAt(slots, 495) - 0.3) < 1e-12);
    assert.ok(Number.isNaN(rateAt(slots, 520)));
    assert.ok(Number.isNaN(rateAt(undefined, 480)));
  });
});
