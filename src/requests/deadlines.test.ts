import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import chineseDays from 'chinese-days';
import {
  addWorkingDays,
  computeDeadlines,
  endOfLocalDay,
  extendDeadline,
  isOverdue,
  localDate,
  type SlaProfile,
} from './deadlines.js';
import { testCases } from '../../test/support/cases.js';
import { packageDays } from '../calendar/package-days.js';
import { WorkingCalendar } from '../calendar/working-calendar.js';

const TZ = 'Asia/Shanghai';
/** The package's calendar alone (no overrides): what these tests check against chinese-days. */
const CAL = new WorkingCalendar({ package: packageDays() });

/** An instant given as Beijing wall-clock time, e.g. local('2026-03-09T10:00'). */
const local = (wall: string) => new Date(`${wall}:00+08:00`);
/** The last millisecond of a Beijing calendar day: 23:59:59.999+08:00 = 15:59:59.999Z. */
const eod = (date: string) => new Date(`${date}T15:59:59.999Z`);

/** addWorkingDays in Beijing on the package's calendar, from a Beijing wall-clock time or an instant. */
const workingDaysFrom = ([from, n]: readonly [string | Date, number]) =>
  addWorkingDays(typeof from === 'string' ? local(from) : from, n, TZ, CAL);
/** Cases of workingDaysFrom: from `from`, n working days end with the Beijing day written against n. */
const after = (from: string | Date, dues: Record<number, string>) =>
  Object.entries(dues).map(([n, day]) => [[from, Number(n)], eod(day)] as const);

const DAY_MS = 86_400_000;
/** Plain calendar arithmetic on YYYY-MM-DD, independent of the module. */
const plusDays = (date: string, k: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + k * DAY_MS).toISOString().slice(0, 10);
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday

const ORDINARY: SlaProfile = {
  sign_working_days: 1,
  contact_working_days: 1,
  reply_working_days: 5,
  urgent_sign_hours: 2,
  urgent_contact_hours: 2,
  urgent_reply_hours: 24,
  max_extension_working_days: 10,
};

describe('calendar facts from chinese-days that the expectations below rely on', () => {
  test('2026 国庆 + 中秋: 10-01..10-07 off; 09-25 (中秋) off; make-up days 09-20 (Sun) and 10-10 (Sat)', () => {
    for (let d = 1; d <= 7; d++) assert.equal(chineseDays.isWorkday(`2026-10-0${d}`), false, `2026-10-0${d}`);
    assert.equal(chineseDays.isWorkday('2026-09-25'), false);
    assert.equal(chineseDays.isWorkday('2026-10-08'), true);
    assert.equal(chineseDays.isWorkday('2026-10-09'), true);
    assert.equal(weekday('2026-09-20'), 0);
    assert.equal(chineseDays.isWorkday('2026-09-20'), true);
    assert.equal(weekday('2026-10-10'), 6);
    assert.equal(chineseDays.isWorkday('2026-10-10'), true);
    assert.equal(chineseDays.isWorkday('2026-10-11'), false);
  });

  test('2026 春节: 02-15..02-23 off; make-up Saturdays 02-14 and 02-28', () => {
    for (let d = 15; d <= 23; d++) assert.equal(chineseDays.isWorkday(`2026-02-${d}`), false, `2026-02-${d}`);
    assert.equal(chineseDays.isWorkday('2026-02-24'), true);
    for (const d of ['2026-02-14', '2026-02-28']) {
      assert.equal(weekday(d), 6);
      assert.equal(chineseDays.isWorkday(d), true, d);
    }
  });

  test('2025: 国庆 10-01..10-08 off; make-up Sunday 09-28 and Saturday 10-11', () => {
    for (let d = 1; d <= 8; d++) assert.equal(chineseDays.isWorkday(`2025-10-0${d}`), false);
    assert.equal(weekday('2025-09-28'), 0);
    assert.equal(chineseDays.isWorkday('2025-09-28'), true);
    assert.equal(weekday('2025-10-11'), 6);
    assert.equal(chineseDays.isWorkday('2025-10-11'), true);
  });

  test('March 2026 is an ordinary month: 03-09 is a Monday, weekdays work, weekends do not', () => {
    assert.equal(weekday('2026-03-09'), 1);
    for (let k = 0; k < 21; k++) {
      const d = plusDays('2026-03-01', k);
      const w = weekday(d);
      assert.equal(chineseDays.isWorkday(d), w !== 0 && w !== 6, d);
    }
  });
});

describe('isWorkingDay', () => {
  test('agrees with chinese-days on every day of 2024–2026', () => {
    for (let d = '2024-01-01'; d < '2027-01-01'; d = plusDays(d, 1))
      assert.equal(CAL.isWorkingDay(d), chineseDays.isWorkday(d), d);
  });

  test('weekends off, make-up weekend days on, statutory holidays off', () => {
    assert.equal(CAL.isWorkingDay('2026-03-09'), true); // Monday
    assert.equal(CAL.isWorkingDay('2026-03-14'), false); // Saturday
    assert.equal(CAL.isWorkingDay('2026-03-15'), false); // Sunday
    assert.equal(CAL.isWorkingDay('2026-10-10'), true); // 调休 Saturday
    assert.equal(CAL.isWorkingDay('2026-09-20'), true); // 调休 Sunday
    assert.equal(CAL.isWorkingDay('2026-10-01'), false); // 国庆
    assert.equal(CAL.isWorkingDay('2026-02-17'), false); // 春节
    assert.equal(CAL.isWorkingDay('2025-10-11'), true); // 调休 Saturday
  });

  test('outside the years chinese-days knows, falls back to Monday–Friday', () => {
    // 2030-10-01 is a Tuesday; no data for 2030, so it counts as a working day.
    assert.equal(weekday('2030-10-01'), 2);
    assert.equal(CAL.isWorkingDay('2030-10-01'), true);
    assert.equal(CAL.isWorkingDay('2030-10-05'), false); // Saturday
    assert.equal(CAL.isWorkingDay('2030-10-06'), false); // Sunday
  });
});

describe('localDate and endOfLocalDay', () => {
  test('localDate uses the timezone, not UTC', () => {
    assert.equal(localDate(new Date('2026-03-09T15:30:00Z'), TZ), '2026-03-09'); // 23:30 Beijing
    assert.equal(localDate(new Date('2026-03-09T16:00:00Z'), TZ), '2026-03-10'); // 00:00 Beijing
    assert.equal(localDate(new Date('2026-03-09T16:30:00Z'), TZ), '2026-03-10'); // 00:30 Beijing
    assert.equal(localDate(new Date('2026-03-09T15:59:59.999Z'), TZ), '2026-03-09');
    assert.equal(localDate(new Date('2026-03-09T16:30:00Z'), 'UTC'), '2026-03-09');
    assert.equal(localDate(new Date('2026-12-31T16:00:00Z'), TZ), '2027-01-01');
  });

  test('endOfLocalDay is 23:59:59.999 Beijing time = 15:59:59.999Z', () => {
    assert.equal(endOfLocalDay('2026-03-09', TZ).toISOString(), '2026-03-09T15:59:59.999Z');
    assert.equal(endOfLocalDay('2026-12-31', TZ).toISOString(), '2026-12-31T15:59:59.999Z');
    assert.equal(endOfLocalDay('2024-02-29', TZ).toISOString(), '2024-02-29T15:59:59.999Z');
    assert.equal(endOfLocalDay('2026-03-09', 'UTC').toISOString(), '2026-03-09T23:59:59.999Z');
  });

  test('endOfLocalDay round-trips through localDate for every day of 2026', () => {
    for (let d = '2026-01-01'; d < '2027-01-01'; d = plusDays(d, 1)) {
      const e = endOfLocalDay(d, TZ);
      assert.equal(e.toISOString(), `${d}T15:59:59.999Z`);
      assert.equal(localDate(e, TZ), d);
      assert.equal(localDate(new Date(e.getTime() + 1), TZ), plusDays(d, 1));
    }
  });
});

describe('addWorkingDays', () => {
  testCases(workingDaysFrom, {
    'ordinary week: Monday + 1..4 → Tuesday..Friday': [
      ...after('2026-03-09T10:00', {
        1: '2026-03-10',
        2: '2026-03-11',
        3: '2026-03-12',
        4: '2026-03-13',
      }),
    ],
    'across a weekend': [
      ...after('2026-03-09T10:00', {
        5: '2026-03-16', // Mon + 5 → next Mon
        10: '2026-03-23',
      }),
      ...after('2026-03-13T17:55', { 1: '2026-03-16' }), // Fri + 1 → Mon
      ...after('2026-03-12T09:00', { 5: '2026-03-19' }), // Thu + 5 → Thu
    ],
    'across the 2026 国庆 holiday, landing on the make-up Saturday 10-10': [
      ...after('2026-09-30T10:00', {
        1: '2026-10-08',
        2: '2026-10-09',
        3: '2026-10-10', // 调休 Saturday counts
        4: '2026-10-12', // Sunday 10-11 does not
        5: '2026-10-13',
      }),
    ],
    'landing on the make-up Sunday 2026-09-20, and skipping 中秋 09-25': [
      ...after('2026-09-18T16:00', {
        1: '2026-09-20',
        2: '2026-09-21',
      }),
      ...after('2026-09-24T16:00', { 1: '2026-09-28' }),
      // From the make-up Sunday itself: the day of the request does not count.
      ...after('2026-09-20T10:00', { 1: '2026-09-21' }),
    ],
    'across 春节 2026 with make-up Saturdays 02-14 and 02-28': [
      ...after('2026-02-13T10:00', {
        1: '2026-02-14',
        2: '2026-02-24',
        5: '2026-02-27',
        6: '2026-02-28',
        7: '2026-03-02',
      }),
      // Filed on the working Saturday 02-14: the whole festival is skipped.
      ...after('2026-02-14T11:00', { 1: '2026-02-24' }),
    ],
    '2025 国庆 with make-up days 09-28 (Sun) and 10-11 (Sat)': [
      ...after('2025-09-26T10:00', { 1: '2025-09-28' }),
      ...after('2025-09-30T10:00', {
        1: '2025-10-09',
        3: '2025-10-11',
        4: '2025-10-13',
      }),
    ],
    'from a Saturday or a holiday start': [
      ...after('2026-03-14T10:00', {
        1: '2026-03-16', // Sat → Mon
        5: '2026-03-20',
      }),
      ...after('2026-03-15T10:00', { 1: '2026-03-16' }), // Sun → Mon
      ...after('2026-10-03T10:00', { 1: '2026-10-08' }), // 国庆
      ...after('2026-10-01T00:00', { 5: '2026-10-13' }),
      ...after('2026-02-17T10:00', { 1: '2026-02-24' }), // 春节
    ],
    'n = 0 is the end of the local day of the request, working day or not': [
      ...after('2026-03-09T10:00', { 0: '2026-03-09' }),
      ...after('2026-03-14T10:00', { 0: '2026-03-14' }),
      ...after('2026-10-01T10:00', { 0: '2026-10-01' }),
      ...after('2026-03-09T23:30', { 0: '2026-03-09' }),
      ...after(new Date('2026-03-09T16:30:00Z'), { 0: '2026-03-10' }),
      [['2026-03-09T10:00', -0], eod('2026-03-09')],
    ],
  });

  test('negative, non-integer and non-finite n throw RangeError', () => {
    const d = local('2026-03-09T10:00');
    for (const n of [-1, -5, 0.5, 1.5, -0.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])
      assert.throws(() => addWorkingDays(d, n, TZ, CAL), RangeError, String(n));
  });

  test('the deadline is 23:59:59.999 Beijing time, i.e. 15:59:59.999Z', () => {
    for (const from of ['2026-03-09T00:00', '2026-03-09T08:00', '2026-03-09T12:34', '2026-03-09T23:59']) {
      const r = addWorkingDays(local(from), 3, TZ, CAL);
      assert.equal(r.toISOString(), '2026-03-12T15:59:59.999Z', from);
      assert.equal(r.getUTCHours(), 15);
      assert.equal(r.getUTCMinutes(), 59);
      assert.equal(r.getUTCSeconds(), 59);
      assert.equal(r.getUTCMilliseconds(), 999);
    }
  });

  test('a request at 23:30 on a Monday in Beijing (15:30Z Monday) counts from Monday', () => {
    const from = local('2026-03-09T23:30');
    assert.equal(from.toISOString(), '2026-03-09T15:30:00.000Z');
    assert.deepEqual(addWorkingDays(from, 1, TZ, CAL), eod('2026-03-10'));
    assert.deepEqual(addWorkingDays(from, 4, TZ, CAL), eod('2026-03-13'));
  });

  test('a request at 00:30 on a Tuesday in Beijing (16:30Z Monday) counts from Tuesday, not UTC Monday', () => {
    const from = new Date('2026-03-09T16:30:00Z');
    assert.equal(from.getTime(), local('2026-03-10T00:30').getTime());
    assert.deepEqual(addWorkingDays(from, 1, TZ, CAL), eod('2026-03-11'));
    assert.deepEqual(addWorkingDays(from, 4, TZ, CAL), eod('2026-03-16'));
    // The boundary itself: 00:00:00.000 Beijing Tuesday is Tuesday; one millisecond before is Monday.
    assert.deepEqual(addWorkingDays(new Date('2026-03-09T16:00:00.000Z'), 1, TZ, CAL), eod('2026-03-11'));
    assert.deepEqual(addWorkingDays(new Date('2026-03-09T15:59:59.999Z'), 1, TZ, CAL), eod('2026-03-10'));
  });

  test('a Friday-night request in Beijing that is still Friday in UTC but Saturday locally', () => {
    // 2026-09-18 (Fri) 16:30Z = Sat 09-19 00:30 Beijing; next working day after Saturday is the make-up Sunday.
    assert.deepEqual(addWorkingDays(new Date('2026-09-18T16:30:00Z'), 1, TZ, CAL), eod('2026-09-20'));
  });

  test('across a year boundary into a year chinese-days has no data for (2027: Monday–Friday fallback)', () => {
    // 2026-12-31 is a Thursday. 2027-01-01 (Friday) has no holiday data in chinese-days 1.5.7, so it counts.
    assert.equal(weekday('2026-12-31'), 4);
    assert.deepEqual(
      addWorkingDays(local('2026-12-31T10:00'), 1, TZ, CAL),
      eod(chineseDays.isWorkday('2027-01-01') ? '2027-01-01' : '2027-01-04'),
    );
  });

  test('does not depend on the host process timezone (TZ=America/Los_Angeles)', () => {
    // Deadlines are computed in the jurisdiction's timezone; the server's own TZ must not matter.
    // Note: chinese-days parses 'YYYY-MM-DD' as UTC midnight but reads the date back with local getters,
    // so under a host TZ west of UTC every lookup is shifted by one day.
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'America/Los_Angeles';
      assert.equal(CAL.isWorkingDay('2026-03-14'), false, 'Saturday 2026-03-14 is not a working day');
      assert.equal(CAL.isWorkingDay('2026-03-16'), true, 'Monday 2026-03-16 is a working day');
      assert.equal(CAL.isWorkingDay('2026-10-10'), true, '调休 Saturday 2026-10-10 is a working day');
      assert.deepEqual(addWorkingDays(local('2026-03-13T10:00'), 1, TZ, CAL), eod('2026-03-16'));
      assert.deepEqual(addWorkingDays(local('2026-09-30T10:00'), 1, TZ, CAL), eod('2026-10-08'));
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('computeDeadlines', () => {
  /** Deadlines in Beijing on the package's calendar, by the ordinary profile unless told otherwise. */
  const deadlines = (from: Date, o: { profile?: SlaProfile; urgent?: boolean; tz?: string } = {}) =>
    computeDeadlines({
      from,
      profile: o.profile ?? ORDINARY,
      urgent: o.urgent ?? false,
      tz: o.tz ?? TZ,
      calendar: CAL,
    });
  /** Deadlines that end Beijing days. */
  const days = (sign: string, contact: string, reply: string) => ({
    sign_by: eod(sign),
    contact_by: eod(contact),
    reply_by: eod(reply),
  });

  test('ordinary profile in an ordinary week: sign 1, contact 1, reply 5 working days', () => {
    assert.deepEqual(deadlines(local('2026-03-09T10:00')), days('2026-03-10', '2026-03-10', '2026-03-16'));
  });

  test('ordinary profile before 国庆 2026', () => {
    // Working days after 09-30: 10-08, 10-09, 10-10 (调休 Sat), 10-12, 10-13.
    assert.deepEqual(deadlines(local('2026-09-30T10:00')), days('2026-10-08', '2026-10-08', '2026-10-13'));
  });

  test('ordinary profile with different sign/contact/reply days', () => {
    const profile = { ...ORDINARY, sign_working_days: 0, contact_working_days: 2, reply_working_days: 15 };
    assert.deepEqual(
      deadlines(local('2026-03-09T10:00'), { profile }),
      days('2026-03-09', '2026-03-11', '2026-03-30'),
    );
  });

  test('urgent: clock hours from the instant, holidays and weekends ignored', () => {
    const from = local('2026-10-01T10:15'); // 国庆 day
    assert.deepEqual(deadlines(from, { urgent: true }), {
      sign_by: local('2026-10-01T12:15'),
      contact_by: local('2026-10-01T12:15'),
      reply_by: local('2026-10-02T10:15'),
    });
    const sat = new Date('2026-03-14T03:07:09.123Z');
    const profile = { ...ORDINARY, urgent_sign_hours: 1, urgent_contact_hours: 4, urgent_reply_hours: 48 };
    assert.deepEqual(deadlines(sat, { profile, urgent: true }), {
      sign_by: new Date('2026-03-14T04:07:09.123Z'),
      contact_by: new Date('2026-03-14T07:07:09.123Z'),
      reply_by: new Date('2026-03-16T03:07:09.123Z'),
    });
  });

  test('urgent ignores the timezone; ordinary does not', () => {
    const from = new Date('2026-03-09T16:30:00Z');
    assert.deepEqual(deadlines(from, { urgent: true }), deadlines(from, { urgent: true, tz: 'UTC' }));
    assert.deepEqual(deadlines(from).sign_by, eod('2026-03-11')); // counted from Beijing Tuesday
    // counted from UTC Monday
    assert.equal(deadlines(from, { tz: 'UTC' }).sign_by.toISOString(), '2026-03-10T23:59:59.999Z');
  });

  test('invalid working-day counts in the profile throw', () => {
    const from = local('2026-03-09T10:00');
    for (const profile of [
      { ...ORDINARY, reply_working_days: -1 },
      { ...ORDINARY, sign_working_days: 0.5 },
    ])
      assert.throws(() => deadlines(from, { profile }), RangeError);
  });
});

describe('extendDeadline', () => {
  test('counts working days from the current deadline day', () => {
    assert.deepEqual(extendDeadline(eod('2026-03-16'), 5, TZ, CAL), eod('2026-03-23'));
    assert.deepEqual(extendDeadline(eod('2026-03-13'), 1, TZ, CAL), eod('2026-03-16'));
  });

  test('across 国庆 2026 including the make-up Saturday', () => {
    // After 09-29: 09-30, 10-08, 10-09, 10-10 (调休), 10-12.
    assert.deepEqual(extendDeadline(eod('2026-09-29'), 5, TZ, CAL), eod('2026-10-12'));
  });

  test('zero days keeps the deadline day; negative throws', () => {
    assert.deepEqual(extendDeadline(eod('2026-03-16'), 0, TZ, CAL), eod('2026-03-16'));
    assert.throws(() => extendDeadline(eod('2026-03-16'), -1, TZ, CAL), RangeError);
  });

  test('an urgent (clock-time) deadline is extended to the end of a working day', () => {
    assert.deepEqual(extendDeadline(local('2026-10-01T14:00'), 1, TZ, CAL), eod('2026-10-08'));
  });

  test('extending twice equals extending once by the sum', () => {
    const d = eod('2026-09-22');
    assert.deepEqual(
      extendDeadline(extendDeadline(d, 3, TZ, CAL), 4, TZ, CAL),
      extendDeadline(d, 7, TZ, CAL),
    );
  });
});

describe('isOverdue', () => {
  const deadline = eod('2026-03-16');
  const before = new Date(deadline.getTime() - 1);
  const after = new Date(deadline.getTime() + 1);

  test('no deadline is never overdue', () => {
    assert.equal(isOverdue(null, null, after), false);
    assert.equal(isOverdue(null, after, after), false);
    assert.equal(isOverdue(null, new Date('2100-01-01T00:00:00Z'), new Date('2100-01-01T00:00:00Z')), false);
  });

  test('done before or exactly at the deadline is on time, whatever now is', () => {
    assert.equal(isOverdue(deadline, before, after), false);
    assert.equal(isOverdue(deadline, deadline, after), false);
    assert.equal(isOverdue(deadline, before, new Date('2030-01-01T00:00:00Z')), false);
  });

  test('done after the deadline is overdue, whatever now is', () => {
    assert.equal(isOverdue(deadline, after, after), true);
    // `now` is irrelevant once done (even an inconsistent now before doneAt).
    assert.equal(isOverdue(deadline, after, before), true);
  });

  test('still open: overdue only once now is past the deadline', () => {
    assert.equal(isOverdue(deadline, null, before), false);
    assert.equal(isOverdue(deadline, null, deadline), false);
    assert.equal(isOverdue(deadline, null, after), true);
  });
});

describe('addWorkingDays: properties', () => {
  // Instants from 2024-01-01 to 2026-12-20 (the years chinese-days has data for).
  const arbFrom = fc
    .integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2026-12-20T00:00:00Z') })
    .map((t) => new Date(t));
  const arbN = fc.integer({ min: 0, max: 25 });

  test('monotonic in n (strictly), and n=0 is the end of the start day', () => {
    fc.assert(
      fc.property(arbFrom, arbN, arbN, (from, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const x = addWorkingDays(from, lo, TZ, CAL).getTime();
        const y = addWorkingDays(from, hi, TZ, CAL).getTime();
        if (lo === hi) assert.equal(x, y);
        else assert.ok(x < y, `${from.toISOString()} n=${lo} → ${x}, n=${hi} → ${y}`);
        assert.equal(addWorkingDays(from, 0, TZ, CAL).getTime(), eod(localDate(from, TZ)).getTime());
      }),
      { numRuns: 300 },
    );
  });

  test('lands on a working day, at 15:59:59.999Z, after exactly n-1 working days strictly in between', () => {
    fc.assert(
      fc.property(arbFrom, fc.integer({ min: 1, max: 25 }), (from, n) => {
        const r = addWorkingDays(from, n, TZ, CAL);
        const iso = r.toISOString();
        assert.match(iso, /T15:59:59\.999Z$/);
        const end = iso.slice(0, 10);
        // The start day in Beijing, computed independently of the module: shift by +8h, read UTC date.
        const start = new Date(from.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
        assert.ok(end > start);
        assert.equal(chineseDays.isWorkday(end), true, `${end} is not a working day`);
        let between = 0;
        for (let d = plusDays(start, 1); d < end; d = plusDays(d, 1)) if (chineseDays.isWorkday(d)) between++;
        assert.equal(between, n - 1, `${start} + ${n} → ${end}`);
      }),
      { numRuns: 500 },
    );
  });

  test('addWorkingDays(from, a + b) = addWorkingDays(end of addWorkingDays(from, a), b)', () => {
    fc.assert(
      fc.property(arbFrom, fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 }), (from, a, b) => {
        assert.deepEqual(
          addWorkingDays(addWorkingDays(from, a, TZ, CAL), b, TZ, CAL),
          addWorkingDays(from, a + b, TZ, CAL),
        );
      }),
      { numRuns: 300 },
    );
  });
});
