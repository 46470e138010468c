import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { calendarOf } from '../calendar/layers.js';
import { isHoursError, shareDay, shareHours, type ShareHours } from './share-hours.js';

const TZ = 'Asia/Shanghai';
/** The package's calendar (chinese-days): 2026's Spring Festival is 15–23 February, 14 and 28 February are worked. */
const calendar = calendarOf({ jurisdictionId: 'xc', days: [], schedules: [] });
/** Beijing wall-clock time as an instant. */
const at = (local: string) => new Date(`${local}:00+08:00`);
const fmt = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

function parsed(hours: string): ShareHours {
  const p = shareHours(hours);
  if (isHoursError(p)) throw new Error(p.message_en);
  return p;
}
const spans = (hours: string, from: string, to: string) =>
  parsed(hours)
    .intervals(at(from), at(to), TZ, calendar)
    .map((i) => `${fmt(i.from)}–${fmt(i.to)}`);
/** The day `k` days after a date 'YYYY-MM-DD'. */
const dayAfter = (day: string, k = 1) =>
  new Date(Date.parse(day) + k * 86_400_000).toISOString().slice(0, 10);
/** The spans of the same hours on `n` days from `first`, as `spans` writes them. */
const onDays = (first: string, n: number, ...hours: [string, string][]) =>
  Array.from({ length: n }, (_, k) => dayAfter(first, k)).flatMap((d) =>
    hours.map(([from, to]) => `${d} ${from}–${d} ${to}`),
  );
/** A night's span of `Mo-Fr 19:00-07:00`, from the evening of `day` to the next morning. */
const night = (day: string) => `${day} 19:00–${dayAfter(day)} 07:00`;

describe('shareDay: what the calendar says of a day', () => {
  test('a holiday is PH on its weekday, a 调休 Saturday keeps Friday and a Sunday Monday, other days are themselves', () => {
    assert.deepEqual(shareDay(calendar, '2026-02-16'), { holiday: true, weekday: 1 });
    assert.deepEqual(shareDay(calendar, '2026-02-15'), { holiday: true, weekday: 0 });
    assert.deepEqual(shareDay(calendar, '2026-02-14'), { holiday: false, weekday: 5 });
    assert.deepEqual(shareDay(calendar, '2026-01-04'), { holiday: false, weekday: 1 });
    assert.deepEqual(shareDay(calendar, '2026-03-07'), { holiday: false, weekday: 6 });
    assert.deepEqual(shareDay(calendar, '2026-03-09'), { holiday: false, weekday: 1 });
  });

  test("a jurisdiction's own holiday is PH too, from the same calendar as the deadlines", () => {
    const local = calendarOf({
      jurisdictionId: 'xc',
      days: [{ scope: 'xc', day: '2031-04-09', year: 2031, working: false, name: '壮族三月三' }],
      schedules: [{ scope: 'xc', year: 2031, complete: false, source: '桂政办发〔2031〕1号' }],
    });
    assert.deepEqual(shareDay(local, '2031-04-09'), { holiday: true, weekday: 3 });
    assert.deepEqual(
      parsed('Mo-Fr 08:00-18:00; PH off').intervals(at('2031-04-08 00:00'), at('2031-04-11 00:00'), TZ, local)
        .length,
      2,
    );
  });
});

describe('share windows evaluated on the calendar', () => {
  const SCHOOL = 'Mo-Fr 07:00-08:30,16:00-17:30; PH off';

  test('school rush hours on school days; none on the Spring Festival; a 调休 Saturday is a school day', () => {
    assert.deepEqual(
      spans(SCHOOL, '2026-02-12 00:00', '2026-02-17 00:00'),
      onDays('2026-02-12', 3, ['07:00', '08:30'], ['16:00', '17:30']),
    );
    assert.deepEqual(spans(SCHOOL, '2026-03-07 00:00', '2026-03-09 00:00'), []);
    assert.equal(spans(SCHOOL, '2026-02-28 00:00', '2026-03-01 00:00').length, 2);
  });

  const NIGHT = 'Mo-Fr 19:00-07:00; Sa,Su,PH 00:00-24:00';

  test('a government unit shares at night and all weekend: ranges run past midnight into one interval', () => {
    const p = parsed(NIGHT);
    const tuesday = p.intervalAt(at('2026-03-10 22:00'), TZ, calendar)!;
    assert.equal(`${fmt(tuesday.from)}–${fmt(tuesday.to)}`, night('2026-03-10'));
    const weekend = p.intervalAt(at('2026-03-14 12:00'), TZ, calendar)!;
    // Sunday's hours end at midnight: nothing runs on into Monday morning.
    assert.equal(`${fmt(weekend.from)}–${fmt(weekend.to)}`, '2026-03-13 19:00–2026-03-16 00:00');
    assert.equal(p.intervalAt(at('2026-03-11 12:00'), TZ, calendar), null);
    assert.equal(p.isOpen(at('2026-03-11 06:59'), TZ, calendar), true);
    assert.equal(p.isOpen(at('2026-03-11 07:00'), TZ, calendar), false);
  });

  test('the Spring Festival joins the weekend, and the 调休 Saturday before it keeps Friday night hours', () => {
    // Intervals come whole: the first began the evening before, the last ends the morning after.
    assert.deepEqual(spans(NIGHT, '2026-02-13 00:00', '2026-02-25 00:00'), [
      night('2026-02-12'),
      night('2026-02-13'),
      // The library lets a weekday's night range run into the next morning even when a later rule (here
      // PH 00:00-24:00) replaced the weekday's own hours: the holiday Monday's night opens Tuesday morning.
      '2026-02-14 19:00–2026-02-24 07:00',
      night('2026-02-24'),
    ]);
  });

  test('PH off closes the holiday whole, the morning run-on from the eve included', () => {
    const p = 'Mo-Fr 19:00-07:00; PH off';
    // 2026-10-01 to 07 National Day (Thursday to Wednesday), then Thursday 8 October. As above, the holiday
    // Wednesday's own night range (replaced by PH off) still runs into Thursday morning, as the library reads it.
    assert.deepEqual(spans(p, '2026-09-30 00:00', '2026-10-09 00:00'), [
      night('2026-09-29'),
      '2026-09-30 19:00–2026-10-01 00:00',
      '2026-10-08 00:00–2026-10-08 07:00',
      night('2026-10-08'),
    ]);
  });

  test('24/7 is one interval; PH alone opens only holidays', () => {
    assert.deepEqual(spans('24/7', '2026-03-10 00:00', '2026-03-12 00:00'), [
      '2026-03-09 00:00–2026-03-13 00:00',
    ]);
    assert.deepEqual(
      spans('PH 09:00-12:00', '2026-05-01 00:00', '2026-05-07 00:00'),
      onDays('2026-05-01', 5, ['09:00', '12:00']),
    );
  });
});

describe('hours a share window may not have', () => {
  for (const [hours, why] of [
    ['Sep-Jun Mo-Fr 07:00-08:00', /星期和法定节假日/],
    ['2026 Mar 01-15 Mo-Fr 08:00-17:00', /星期和法定节假日/],
    ['week 01-10 Mo 08:00-09:00', /星期和法定节假日/],
    ['Mo-Fr sunrise-sunset', /星期和法定节假日/],
    ['Mo-Fr 08:00-17:00; SH off', /学校假期/],
    ['nonsense', /无法识别/],
    ['Mo-Fr 25:00-26:00', /无法识别/],
    ['', /无法识别/],
  ] as const)
    test(JSON.stringify(hours), () => {
      const p = shareHours(hours);
      assert.ok(isHoursError(p), hours);
      assert.match(p.message, why);
      assert.ok(p.message_en.length > 0);
    });
});
