import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clip, minutesByHour, noShowRate, utilisationByHour } from './figures.js';

const TZ = 'Asia/Shanghai';
/** A local time in Shanghai (UTC+8). */
const at = (s: string) => new Date(`${s}+08:00`);
const hours = (m: number[]) => Object.fromEntries(m.flatMap((v, h) => (v ? [[h, v]] : [])));

test('minutes by local hour: a piece split at the hours, weighted by its spaces', () => {
  const m = minutesByHour(
    [{ from: at('2026-03-02T07:30:00'), to: at('2026-03-02T09:15:00'), weight: 2 }],
    TZ,
  );
  assert.deepEqual(hours(m), { 7: 60, 8: 120, 9: 30 });
});

test('minutes by local hour: across midnight, and over whole days (each hour once a day)', () => {
  assert.deepEqual(
    hours(minutesByHour([{ from: at('2026-03-02T23:00:00'), to: at('2026-03-03T01:00:00'), weight: 1 }], TZ)),
    { 0: 60, 23: 60 },
  );
  const twoDays = minutesByHour(
    [{ from: at('2026-03-02T00:00:00'), to: at('2026-03-04T00:00:00'), weight: 3 }],
    TZ,
  );
  assert.deepEqual(twoDays, new Array(24).fill(360));
});

test('minutes by local hour: empty, reversed and weightless pieces count nothing; pieces add up', () => {
  const m = minutesByHour(
    [
      { from: at('2026-03-02T10:00:00'), to: at('2026-03-02T10:00:00'), weight: 5 },
      { from: at('2026-03-02T11:00:00'), to: at('2026-03-02T10:00:00'), weight: 5 },
      { from: at('2026-03-02T10:00:00'), to: at('2026-03-02T11:00:00'), weight: 0 },
      { from: at('2026-03-02T10:00:00'), to: at('2026-03-02T10:30:00'), weight: 1 },
      { from: at('2026-03-05T10:15:00'), to: at('2026-03-05T10:45:00'), weight: 1 },
    ],
    TZ,
  );
  assert.deepEqual(hours(m), { 10: 60 });
});

test('clip: a piece cut to the period, or nothing left of it', () => {
  const p = { from: at('2026-03-02T07:00:00'), to: at('2026-03-02T09:00:00'), weight: 4 };
  assert.deepEqual(clip(p, at('2026-03-02T08:00:00'), at('2026-03-03T00:00:00')), {
    from: at('2026-03-02T08:00:00'),
    to: at('2026-03-02T09:00:00'),
    weight: 4,
  });
  assert.equal(clip(p, at('2026-03-02T09:00:00'), at('2026-03-02T10:00:00')), null);
});

test('utilisation by hour: booked over offered, null where nothing was offered', () => {
  const offered = new Array<number>(24).fill(0);
  const booked = new Array<number>(24).fill(0);
  offered[8] = 600;
  booked[8] = 150;
  booked[3] = 60;
  const u = utilisationByHour(offered, booked);
  assert.equal(u.length, 24);
  assert.deepEqual(u[8], { hour: 8, offered_space_hours: 10, booked_space_hours: 2.5, utilisation: 0.25 });
  assert.deepEqual(u[3], { hour: 3, offered_space_hours: 0, booked_space_hours: 1, utilisation: null });
});

test('no-show rate: of the bookings whose car was due; none due, no rate', () => {
  assert.equal(noShowRate({ no_show: 1, checked_in: 1, completed: 2 }), 0.25);
  assert.equal(noShowRate({ no_show: 0, checked_in: 0, completed: 0 }), null);
});
