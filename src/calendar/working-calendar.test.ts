import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { addWorkingDays, recountDeadline } from '../requests/deadlines.js';
import { applyChange, calendarOf, NATIONAL, type CalendarRows } from './layers.js';
import { packageDays } from './package-days.js';
import { datesOfYear, WorkingCalendar, type DayEntry, type Override } from './working-calendar.js';

const TZ = 'Asia/Shanghai';
const eod = (date: string) => new Date(`${date}T15:59:59.999Z`);
const local = (wall: string) => new Date(`${wall}:00+08:00`);
const pkg = packageDays();

/** A made-up year (no package knows 2031): 元旦 on Wednesday, 春节 and 国庆节 with make-up weekend days. */
const range = (from: string, to: string, name: string, working = false): DayEntry[] =>
  datesOfYear(Number(from.slice(0, 4)))
    .filter((d) => d >= from && d <= to)
    .map((date) => ({ date, working, name }));
const DAYS_2031: DayEntry[] = [
  ...range('2031-01-01', '2031-01-01', '元旦'),
  ...range('2031-01-22', '2031-01-28', '春节'),
  ...range('2031-01-19', '2031-01-19', '春节', true),
  ...range('2031-02-08', '2031-02-08', '春节', true),
  ...range('2031-10-01', '2031-10-07', '国庆节'),
  ...range('2031-09-28', '2031-09-28', '国庆节', true),
  ...range('2031-10-11', '2031-10-11', '国庆节', true),
];
const overrides = (days: DayEntry[], source = '测试通知'): Override[] => days.map((d) => ({ ...d, source }));

describe('WorkingCalendar', () => {
  test('with no overrides it is the package, and Monday–Friday outside its years', () => {
    const cal = new WorkingCalendar({ package: pkg });
    assert.deepEqual(cal.day('2026-10-01'), {
      date: '2026-10-01',
      working: false,
      source: 'package',
      name: '国庆节',
      notice: null,
    });
    assert.equal(cal.day('2026-10-10').working, true, '调休 Saturday');
    assert.equal(cal.day('2026-03-09').source, 'package', 'an ordinary Monday of a known year');
    assert.deepEqual(cal.day('2031-01-01'), {
      date: '2031-01-01',
      working: true,
      source: 'weekday',
      name: null,
      notice: null,
    });
    assert.equal(cal.knows(2026), true);
    assert.equal(cal.knows(2031), false);
    assert.equal(cal.lastKnownYear(), 2026);
  });

  test('an override beats the package, the jurisdiction beats the national layer', () => {
    const cal = new WorkingCalendar({
      package: pkg,
      national: [
        { date: '2026-10-08', working: false, name: '国庆节', source: '国家' },
        { date: '2026-10-09', working: false, name: '国庆节', source: '国家' },
      ],
      local: [{ date: '2026-10-09', working: true, name: '本地上班', source: '本市' }],
    });
    assert.deepEqual(cal.day('2026-10-08'), {
      date: '2026-10-08',
      working: false,
      source: 'national',
      name: '国庆节',
      notice: '国家',
    });
    assert.equal(cal.day('2026-10-09').working, true);
    assert.equal(cal.day('2026-10-09').source, 'local');
    assert.equal(cal.day('2026-10-09').notice, '本市');
    // A package holiday made a working day by an override.
    const flipped = new WorkingCalendar({
      package: pkg,
      local: [{ date: '2026-10-01', working: true, name: '调整', source: 'x' }],
    });
    assert.equal(flipped.isWorkingDay('2026-10-01'), true);
  });

  test("a made-up year's 调休 Saturday counts as a working day, its holidays do not", () => {
    const cal = new WorkingCalendar({
      package: pkg,
      local: overrides(DAYS_2031),
      localYears: [2031],
    });
    assert.equal(cal.isWorkingDay('2031-02-08'), true, '调休 Saturday');
    assert.equal(cal.isWorkingDay('2031-01-19'), true, '调休 Sunday');
    assert.equal(cal.isWorkingDay('2031-01-01'), false, '元旦 on a Wednesday');
    assert.equal(cal.isWorkingDay('2031-01-24'), false, '春节 on a Friday');
    assert.equal(cal.day('2031-03-05').source, 'local', 'a plain day of a declared year');
    assert.equal(cal.knows(2031), true);
    // Friday 2031-02-07 + 1 working day: the make-up Saturday, not Monday.
    assert.deepEqual(addWorkingDays(local('2031-02-07T10:00'), 1, TZ, cal), eod('2031-02-08'));
    // Tuesday 2030-12-31 + 1: 元旦 is off, Thursday 2031-01-02.
    assert.deepEqual(addWorkingDays(local('2030-12-31T10:00'), 1, TZ, cal), eod('2031-01-02'));
  });

  test('a year no layer knows is told once, however often it is asked, and falls back to Monday–Friday', () => {
    const told: number[] = [];
    const cal = new WorkingCalendar({ package: pkg, onUnknownYear: (y) => told.push(y) });
    assert.equal(cal.isWorkingDay('2027-01-01'), true, 'Friday 元旦 2027 counts until it is entered');
    assert.equal(cal.isWorkingDay('2027-01-02'), false);
    addWorkingDays(local('2026-12-30T10:00'), 20, TZ, cal);
    cal.isWorkingDay('2026-06-01');
    assert.deepEqual(told, [2027]);
    cal.isWorkingDay('2032-05-05');
    assert.deepEqual(told, [2027, 2032]);
  });

  test('local days that are not a complete schedule do not make the year known', () => {
    const told: number[] = [];
    const cal = new WorkingCalendar({
      package: pkg,
      local: [{ date: '2027-04-09', working: false, name: '壮族三月三', source: '自治区' }],
      onUnknownYear: (y) => told.push(y),
    });
    assert.equal(cal.isWorkingDay('2027-04-09'), false);
    assert.equal(cal.knows(2027), false);
    cal.isWorkingDay('2027-04-12');
    assert.deepEqual(told, [2027]);
  });

  test('changedDays lists the days whose status differs', () => {
    const before = new WorkingCalendar({ package: pkg });
    const after = new WorkingCalendar({
      package: pkg,
      local: [
        { date: '2027-01-01', working: false, name: '元旦', source: 'x' },
        { date: '2027-01-02', working: false, name: '元旦', source: 'x' },
      ],
    });
    assert.deepEqual(before.changedDays(after, '2026-12-01', '2027-01-31'), ['2027-01-01']);
  });
});

describe('calendar layers from rows', () => {
  const empty: CalendarRows = { jurisdictionId: 'xc', days: [], schedules: [] };
  const entered = applyChange(empty, {
    scope: 'xc',
    year: 2031,
    days: DAYS_2031,
    complete: true,
    source: '国办发明电〔2030〕1号',
  });

  test("a jurisdiction's schedule is its local layer, with the notice as the source", () => {
    const cal = calendarOf(entered);
    assert.equal(cal.day('2031-01-01').source, 'local');
    assert.equal(cal.day('2031-01-01').notice, '国办发明电〔2030〕1号');
    assert.equal(cal.knows(2031), true);
  });

  test("another jurisdiction's rows are ignored; the national rows apply to every jurisdiction", () => {
    const other = calendarOf({ ...entered, jurisdictionId: 'other' });
    assert.equal(other.isWorkingDay('2031-01-01'), true);
    const national = applyChange(empty, {
      scope: NATIONAL,
      year: 2031,
      days: [],
      complete: true,
      source: 'n',
    });
    assert.equal(calendarOf(national).knows(2031), true);
    assert.equal(calendarOf(national).day('2031-03-05').source, 'national');
  });

  test('entering a year again replaces its days; removing it leaves nothing of it', () => {
    const again = applyChange(entered, {
      scope: 'xc',
      year: 2031,
      days: [{ date: '2031-01-01', working: false, name: '元旦' }],
      complete: true,
      source: 'v2',
    });
    assert.equal(calendarOf(again).isWorkingDay('2031-01-24'), true, '春节 was dropped');
    assert.equal(calendarOf(again).day('2031-01-01').notice, 'v2');
    const removed = applyChange(again, { scope: 'xc', year: 2031, days: null, complete: false, source: '' });
    assert.deepEqual(removed.days, []);
    assert.deepEqual(removed.schedules, []);
  });
});

describe('recountDeadline', () => {
  const before = new WorkingCalendar({ package: pkg });
  const after = new WorkingCalendar({
    package: pkg,
    local: [{ date: '2027-01-01', working: false, name: '元旦', source: 'x' }],
    localYears: [2027],
  });

  test('a holiday entered inside the window moves the deadline by one working day', () => {
    // Dispatched Tuesday 2026-12-29, 5 working days: Wed, Thu, Fri 1 Jan, Mon, Tue → 2027-01-05 without 元旦.
    const anchor = local('2026-12-29T10:00');
    const deadline = addWorkingDays(anchor, 5, TZ, before);
    assert.deepEqual(deadline, eod('2027-01-05'));
    assert.deepEqual(recountDeadline(anchor, deadline, TZ, before, after), eod('2027-01-06'));
  });

  test('a window the change does not touch, or a clock-hour deadline, stays', () => {
    const anchor = local('2027-01-04T10:00');
    assert.equal(recountDeadline(anchor, addWorkingDays(anchor, 5, TZ, before), TZ, before, after), null);
    const urgent = new Date(local('2026-12-31T10:00').getTime() + 24 * 3_600_000);
    assert.equal(recountDeadline(local('2026-12-31T10:00'), urgent, TZ, before, after), null);
  });

  test('for any anchor and count, the recount equals counting afresh under the new calendar', () => {
    const days = datesOfYear(2026).slice(330);
    fc.assert(
      fc.property(fc.constantFrom(...days), fc.integer({ min: 1, max: 15 }), (day, n) => {
        const anchor = local(`${day}T09:30`);
        const deadline = addWorkingDays(anchor, n, TZ, before);
        const fresh = addWorkingDays(anchor, n, TZ, after);
        const moved = recountDeadline(anchor, deadline, TZ, before, after);
        assert.deepEqual(moved ?? deadline, fresh);
      }),
      { numRuns: 200 },
    );
  });
});
