import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FOLLOW_DAYS, judgeWarning, warningQuality } from './evaluation.js';

const zeros = (n: number) => Array<number>(n).fill(0);

describe('judgeWarning', () => {
  test('not judged before the follow period has passed', () => {
    const j = judgeWarning([...zeros(10), 3, 1, 1], 10, 0.1);
    assert.equal(j.judged, false);
    assert.equal(j.followed, false);
  });
  test('followed when more requests came than the history expected, with the lead to the peak', () => {
    // warned on day 10; the 7-day volume peaks on day 16
    const daily = [...zeros(10), 3, 1, 1, 1, 2, 2, 2, 0, 0, ...zeros(FOLLOW_DAYS)];
    const j = judgeWarning(daily, 10, 0.1);
    assert.deepEqual(j, { judged: true, followed: true, after: 9, leadDays: 6 });
  });
  test('a warning at the peak has no lead', () => {
    // a steady week before the warning, and fewer a day after it: the 7-day volume never grows again
    const daily = [...zeros(4), 1, 1, 1, 1, 1, 1, 1, 1, 1, ...zeros(FOLLOW_DAYS)];
    assert.deepEqual(judgeWarning(daily, 10, 0.01), { judged: true, followed: true, after: 2, leadDays: 0 });
  });
  test('not followed: nothing after, one request, or no more than the usual volume', () => {
    assert.equal(judgeWarning([...zeros(10), 4, ...zeros(FOLLOW_DAYS)], 10, 0).followed, false);
    assert.equal(judgeWarning([...zeros(10), 4, 1, ...zeros(FOLLOW_DAYS)], 10, 0).followed, false);
    const usual = [...zeros(10), 4, ...Array<number>(FOLLOW_DAYS).fill(1)];
    assert.equal(judgeWarning(usual, 10, 1).followed, false);
    assert.equal(judgeWarning(usual, 10, 0.5).followed, true);
  });
});

describe('warningQuality', () => {
  test('precision over the judged warnings, median lead over the followed ones', () => {
    const q = warningQuality([
      { judged: true, followed: true, after: 5, leadDays: 2 },
      { judged: true, followed: true, after: 5, leadDays: 6 },
      { judged: true, followed: false, after: 0, leadDays: null },
      { judged: true, followed: true, after: 3, leadDays: 3 },
      { judged: false, followed: false, after: 1, leadDays: null },
    ]);
    assert.deepEqual(q, { raised: 5, judged: 4, followed: 3, precision: 0.75, medianLeadDays: 3 });
  });
  test('an even number of leads takes the middle two; nothing judged yet is null', () => {
    assert.equal(
      warningQuality([
        { judged: true, followed: true, after: 2, leadDays: 1 },
        { judged: true, followed: true, after: 2, leadDays: 4 },
      ]).medianLeadDays,
      2.5,
    );
    assert.deepEqual(warningQuality([{ judged: false, followed: false, after: 0, leadDays: null }]), {
      raised: 1,
      judged: 0,
      followed: 0,
      precision: null,
      medianLeadDays: null,
    });
  });
});
