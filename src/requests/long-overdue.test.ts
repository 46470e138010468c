import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { packageDays } from '../calendar/package-days.js';
import { WorkingCalendar } from '../calendar/working-calendar.js';
import { endOfLocalDay } from './deadlines.js';
import { isLongOverdue, longOverdueBefore } from './long-overdue.js';

const TZ = 'Asia/Shanghai';
const CAL = new WorkingCalendar({ package: packageDays() });
const local = (wall: string) => new Date(`${wall}:00+08:00`);

describe('long overdue: more than 5 working days past the reply deadline', () => {
  test('on a Friday, a deadline at the end of the previous Friday is 5 working days past, not more', () => {
    // 2026-03-13 is a Friday; the deadline ended Friday 2026-03-06; Mon 9 … Fri 13 are 5 working days.
    const now = local('2026-03-13T10:00');
    assert.equal(isLongOverdue(endOfLocalDay('2026-03-06', TZ), now, TZ, CAL), false);
    assert.equal(isLongOverdue(endOfLocalDay('2026-03-05', TZ), now, TZ, CAL), true);
    assert.deepEqual(longOverdueBefore(now, TZ, CAL), local('2026-03-06T00:00'));
  });

  test('holidays are not counted: after 国庆 the week off does not make a request long overdue', () => {
    // 2025-10-01 … 10-08 are holidays; 2025-10-09 (Thursday) is a working day.
    const now = local('2025-10-10T09:00');
    assert.equal(isLongOverdue(endOfLocalDay('2025-09-29', TZ), now, TZ, CAL), false);
    assert.equal(isLongOverdue(endOfLocalDay('2025-09-25', TZ), now, TZ, CAL), true);
  });

  test('a deadline not yet past is never long overdue', () => {
    const now = local('2026-03-13T10:00');
    assert.equal(isLongOverdue(endOfLocalDay('2026-03-20', TZ), now, TZ, CAL), false);
  });

  test('the instant and the predicate agree for any deadline and any now', () => {
    const start = Date.parse('2024-01-01T00:00:00Z');
    const span = 3 * 365 * 86_400_000;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: span }),
        fc.integer({ min: 0, max: 60 * 86_400_000 }),
        (a, back) => {
          const now = new Date(start + a);
          const deadline = new Date(start + a - back);
          assert.equal(
            deadline < longOverdueBefore(now, TZ, CAL),
            isLongOverdue(deadline, now, TZ, CAL),
            `${deadline.toISOString()} at ${now.toISOString()}`,
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  test('a calendar without working days never makes anything long overdue', () => {
    const none = new WorkingCalendar({
      local: Array.from({ length: 5000 }, (_, i) => ({
        date: new Date(Date.parse('2014-01-01T00:00:00Z') + i * 86_400_000).toISOString().slice(0, 10),
        working: false,
        name: '假',
        source: 'test',
      })),
    });
    assert.deepEqual(longOverdueBefore(local('2026-03-13T10:00'), TZ, none), new Date(0));
  });
});
