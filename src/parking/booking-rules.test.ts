import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { calendarOf } from '../calendar/layers.js';
import { BOOKING_RULES, bookingRefusal, type WindowFacts } from './booking-rules.js';
import { isHoursError, shareHours, type ShareHours } from './share-hours.js';

const calendar = calendarOf({ jurisdictionId: 'xc', days: [], schedules: [] });
const at = (local: string) => new Date(`${local}:00+08:00`);
const hours = (h: string) => {
  const p = shareHours(h);
  if (isHoursError(p)) throw new Error(p.message_en);
  return p;
};
const NIGHT = hours('Mo-Fr 19:00-07:00; PH off');
const window: WindowFacts = {
  active: true,
  valid_from: '2026-03-01',
  valid_to: '2026-06-30',
  max_stay_minutes: 720,
};

function refusal(
  start: string,
  end: string,
  more: { window?: Partial<WindowFacts>; hours?: ShareHours; now?: string; live?: number } = {},
) {
  return (
    bookingRefusal({
      window: { ...window, ...more.window },
      hours: more.hours ?? NIGHT,
      startsAt: at(start),
      endsAt: at(end),
      now: at(more.now ?? '2026-03-10 12:00'),
      tz: 'Asia/Shanghai',
      calendar,
      liveBookings: more.live ?? 0,
    })?.reason ?? null
  );
}

describe('booking rules', () => {
  test('a night booking inside the window is fine, across midnight too', () => {
    assert.equal(refusal('2026-03-10 19:30', '2026-03-11 06:45'), null);
    assert.equal(refusal('2026-03-10 12:01', '2026-03-10 12:30', { hours: hours('24/7') }), null);
  });

  test('each rule, one at a time', () => {
    assert.equal(
      refusal('2026-03-10 19:30', '2026-03-10 21:00', { window: { active: false } }),
      'window_inactive',
    );
    assert.equal(refusal('2026-03-10 11:00', '2026-03-10 11:30', { hours: hours('24/7') }), 'in_the_past');
    assert.equal(refusal('2026-03-10 11:56', '2026-03-10 12:30', { hours: hours('24/7') }), null);
    assert.equal(refusal('2026-03-18 19:30', '2026-03-18 21:00'), 'too_far_ahead');
    assert.equal(refusal('2026-03-10 19:30', '2026-03-10 19:40'), 'too_short');
    assert.equal(
      refusal('2026-03-10 19:30', '2026-03-10 21:00', { window: { valid_from: '2026-03-11' } }),
      'outside_validity',
    );
    assert.equal(
      refusal('2026-03-10 19:30', '2026-03-11 06:00', { window: { valid_to: '2026-03-10' } }),
      'outside_validity',
    );
    assert.equal(refusal('2026-03-10 15:00', '2026-03-10 16:00'), 'window_closed');
    assert.equal(refusal('2026-03-10 19:30', '2026-03-11 07:30'), 'ends_after_close');
    assert.equal(
      refusal('2026-03-10 19:00', '2026-03-11 07:00', { window: { max_stay_minutes: 600 } }),
      'too_long',
    );
    assert.equal(
      refusal('2026-03-10 19:30', '2026-03-10 21:00', { live: BOOKING_RULES.perResident }),
      'limit_reached',
    );
    assert.equal(
      refusal('2026-03-10 19:30', '2026-03-10 21:00', { live: BOOKING_RULES.perResident - 1 }),
      null,
    );
  });

  test('the window closes on a public holiday, whatever the weekday', () => {
    // 2026-04-06 is a Monday of the Qingming holiday.
    assert.equal(
      refusal('2026-04-06 19:30', '2026-04-06 22:00', { now: '2026-04-06 08:00' }),
      'window_closed',
    );
    assert.equal(refusal('2026-04-07 19:30', '2026-04-07 22:00', { now: '2026-04-06 08:00' }), null);
  });

  test('the closing time comes with ends_after_close', () => {
    const r = bookingRefusal({
      window,
      hours: NIGHT,
      startsAt: at('2026-03-10 20:00'),
      endsAt: at('2026-03-11 08:00'),
      now: at('2026-03-10 12:00'),
      tz: 'Asia/Shanghai',
      calendar,
      liveBookings: 0,
    });
    assert.equal(r?.closes_at, at('2026-03-11 07:00').toISOString());
    assert.match(r!.message, /结束前/);
  });
});
