import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  knowledgeFigures,
  METRIC_DEFINITIONS,
  addCounts,
  count,
  isDispatched,
  isFollowedUp,
  isOverdueOpen,
  isRepliedOnTime,
  isReplyDue,
  isResolved,
  isResponded,
  isSatisfied,
  rates,
  type Counts,
  type MetricInput,
} from './definitions.js';

const ms = (d: Date, delta: number) => new Date(d.getTime() + delta);

// Deadlines (end of Beijing days) and "now".
const SIGN_BY = new Date('2026-03-10T15:59:59.999Z');
const CONTACT_BY = new Date('2026-03-10T15:59:59.999Z');
const REPLY_BY = new Date('2026-03-16T15:59:59.999Z'); // already past at NOW
const REPLY_BY_LATER = new Date('2026-03-25T15:59:59.999Z'); // still ahead at NOW
const DISPATCHED_AT = new Date('2026-03-09T02:00:00Z');
const NOW = new Date('2026-03-20T04:00:00Z');

const EMPTY: MetricInput = {
  dispatched_at: null,
  sign_by: null,
  signed_at: null,
  contact_by: null,
  contacted_at: null,
  reply_by: null,
  replied_at: null,
  followed_up_at: null,
  followup_resolved: null,
  followup_satisfaction: null,
};

const row = (p: Partial<MetricInput>): MetricInput => ({ ...EMPTY, ...p });

/** A dispatched request with deadlines, nothing done yet. */
const dispatched = (p: Partial<MetricInput> = {}): MetricInput =>
  row({ dispatched_at: DISPATCHED_AT, sign_by: SIGN_BY, contact_by: CONTACT_BY, reply_by: REPLY_BY, ...p });

/** Counts written as a row, in this order. */
const FIELDS = [
  'total',
  'dispatched',
  'responded',
  'followed_up',
  'resolved',
  'satisfied',
  'replies_due',
  'replied_on_time',
  'overdue_open',
] as const;
type NumberEach<T extends readonly unknown[]> = { [K in keyof T]: number };
type Row = NumberEach<typeof FIELDS>;
/** The withdrawn count (撤单) is 0 in these rows; its own tests are at the end. */
const counts = (...row: Row): Counts =>
  ({
    withdrawn: 0,
    rating_excluded: 0,
    excluded_resolved: 0,
    excluded_satisfied: 0,
    ...Object.fromEntries(FIELDS.map((f, i) => [f, row[i]])),
  }) as Counts;

const ZERO = counts(0, 0, 0, 0, 0, 0, 0, 0, 0);

describe('isDispatched', () => {
  test('only when dispatched_at is set', () => {
    assert.equal(isDispatched(EMPTY), false);
    assert.equal(isDispatched(dispatched()), true);
    // Deadlines alone do not make a request dispatched.
    assert.equal(isDispatched(row({ sign_by: SIGN_BY, contact_by: CONTACT_BY, reply_by: REPLY_BY })), false);
  });
});

describe('isResponded (响应)', () => {
  const onTime = { signed_at: ms(SIGN_BY, -3_600_000), contacted_at: ms(CONTACT_BY, -60_000) };

  test('signed and contacted before the deadlines', () => {
    assert.equal(isResponded(dispatched(onTime)), true);
  });

  test('signed exactly at the deadline counts as on time; contacted exactly at the deadline too', () => {
    assert.equal(isResponded(dispatched({ ...onTime, signed_at: SIGN_BY })), true);
    assert.equal(isResponded(dispatched({ ...onTime, contacted_at: CONTACT_BY })), true);
    assert.equal(isResponded(dispatched({ signed_at: SIGN_BY, contacted_at: CONTACT_BY })), true);
  });

  test('signed one millisecond late → not responded', () => {
    assert.equal(isResponded(dispatched({ ...onTime, signed_at: ms(SIGN_BY, 1) })), false);
  });

  test('contacted late → not responded', () => {
    assert.equal(isResponded(dispatched({ ...onTime, contacted_at: ms(CONTACT_BY, 1) })), false);
    assert.equal(isResponded(dispatched({ ...onTime, contacted_at: ms(CONTACT_BY, 86_400_000) })), false);
  });

  test('not signed or not contacted (yet) → not responded', () => {
    assert.equal(isResponded(dispatched({ ...onTime, signed_at: null })), false);
    assert.equal(isResponded(dispatched({ ...onTime, contacted_at: null })), false);
    assert.equal(isResponded(dispatched()), false);
  });

  test('without a deadline there is nothing to be on time for → not responded', () => {
    assert.equal(isResponded(dispatched({ ...onTime, sign_by: null })), false);
    assert.equal(isResponded(dispatched({ ...onTime, contact_by: null })), false);
  });

  test('not dispatched → not responded (excluded from the numerator as from the denominator)', () => {
    const r = row({ ...onTime, sign_by: SIGN_BY, contact_by: CONTACT_BY });
    assert.equal(isDispatched(r), false);
    assert.equal(isResponded(r), false);
    assert.equal(count([r], NOW).dispatched, 0);
    assert.equal(count([r], NOW).responded, 0);
  });
});

describe('follow-ups: isFollowedUp, isResolved, isSatisfied', () => {
  const fu = (p: Partial<MetricInput>) => dispatched({ replied_at: REPLY_BY, followed_up_at: NOW, ...p });

  test('isFollowedUp only when followed_up_at is set', () => {
    assert.equal(isFollowedUp(fu({})), true);
    assert.equal(isFollowedUp(fu({ followed_up_at: null })), false);
    assert.equal(isFollowedUp(EMPTY), false);
    // A follow-up counts even on a request that was never dispatched (answered directly).
    assert.equal(isFollowedUp(row({ followed_up_at: NOW })), true);
  });

  test('each satisfaction answer', () => {
    assert.equal(isSatisfied(fu({ followup_satisfaction: 'satisfied' })), true);
    assert.equal(isSatisfied(fu({ followup_satisfaction: 'basically_satisfied' })), true);
    assert.equal(isSatisfied(fu({ followup_satisfaction: 'unsatisfied' })), false);
    assert.equal(isSatisfied(fu({ followup_satisfaction: null })), false);
  });

  test('a satisfaction value without a follow-up does not count', () => {
    assert.equal(isSatisfied(fu({ followed_up_at: null, followup_satisfaction: 'satisfied' })), false);
    assert.equal(
      isSatisfied(fu({ followed_up_at: null, followup_satisfaction: 'basically_satisfied' })),
      false,
    );
  });

  test('resolved only when the follow-up answer is exactly true', () => {
    assert.equal(isResolved(fu({ followup_resolved: true })), true);
    assert.equal(isResolved(fu({ followup_resolved: false })), false);
    assert.equal(isResolved(fu({ followup_resolved: null })), false);
    assert.equal(isResolved(fu({ followed_up_at: null, followup_resolved: true })), false);
  });

  test('resolution and satisfaction are independent', () => {
    const r = fu({ followup_resolved: false, followup_satisfaction: 'basically_satisfied' });
    assert.equal(isResolved(r), false);
    assert.equal(isSatisfied(r), true);
    const s = fu({ followup_resolved: true, followup_satisfaction: 'unsatisfied' });
    assert.equal(isResolved(s), true);
    assert.equal(isSatisfied(s), false);
  });
});

describe('isReplyDue, isRepliedOnTime, isOverdueOpen (按时办结)', () => {
  test('replied → due, whether or not the deadline has passed', () => {
    const early = dispatched({ reply_by: REPLY_BY_LATER, replied_at: ms(NOW, -1000) });
    assert.equal(isReplyDue(early, NOW), true);
    assert.equal(isRepliedOnTime(early), true);
    const late = dispatched({ replied_at: ms(REPLY_BY, 1) });
    assert.equal(isReplyDue(late, NOW), true);
    assert.equal(isRepliedOnTime(late), false);
    // Even when `now` is before the deadline (e.g. an early report).
    assert.equal(isReplyDue(early, ms(REPLY_BY_LATER, -86_400_000 * 30)), true);
  });

  test('not replied → due only once reply_by < now (strictly)', () => {
    const open = dispatched();
    assert.equal(isReplyDue(open, ms(REPLY_BY, -1)), false);
    assert.equal(isReplyDue(open, REPLY_BY), false);
    assert.equal(isReplyDue(open, ms(REPLY_BY, 1)), true);
    assert.equal(isReplyDue(open, NOW), true);
    assert.equal(isReplyDue(dispatched({ reply_by: REPLY_BY_LATER }), NOW), false);
  });

  test('replied exactly at the deadline is on time; one millisecond after is not', () => {
    assert.equal(isRepliedOnTime(dispatched({ replied_at: REPLY_BY })), true);
    assert.equal(isRepliedOnTime(dispatched({ replied_at: ms(REPLY_BY, 1) })), false);
    assert.equal(isRepliedOnTime(dispatched({ replied_at: ms(REPLY_BY, -1) })), true);
  });

  test('not replied is never on time', () => {
    assert.equal(isRepliedOnTime(dispatched()), false);
    assert.equal(isRepliedOnTime(dispatched({ reply_by: REPLY_BY_LATER })), false);
  });

  test('not dispatched or without reply deadline → never due, never on time, never overdue', () => {
    const direct = row({ replied_at: NOW, reply_by: REPLY_BY_LATER });
    assert.equal(isReplyDue(direct, NOW), false);
    assert.equal(isRepliedOnTime(direct), false);
    const openNotDispatched = row({ reply_by: REPLY_BY });
    assert.equal(isReplyDue(openNotDispatched, NOW), false);
    assert.equal(isOverdueOpen(openNotDispatched, NOW), false);
    const noDeadline = dispatched({ reply_by: null, replied_at: NOW });
    assert.equal(isReplyDue(noDeadline, NOW), false);
    assert.equal(isRepliedOnTime(noDeadline), false);
    assert.equal(isOverdueOpen(dispatched({ reply_by: null }), NOW), false);
  });

  test('isOverdueOpen: open and past the deadline (strictly)', () => {
    assert.equal(isOverdueOpen(dispatched(), NOW), true);
    assert.equal(isOverdueOpen(dispatched(), REPLY_BY), false);
    assert.equal(isOverdueOpen(dispatched(), ms(REPLY_BY, 1)), true);
    assert.equal(isOverdueOpen(dispatched({ reply_by: REPLY_BY_LATER }), NOW), false);
    // Replied late is not "open".
    assert.equal(isOverdueOpen(dispatched({ replied_at: ms(REPLY_BY, 1) }), NOW), false);
  });

  test('on time implies due; overdue-open implies due and not on time', () => {
    const cases = [
      dispatched(),
      dispatched({ replied_at: REPLY_BY }),
      dispatched({ replied_at: ms(REPLY_BY, 1) }),
      dispatched({ reply_by: REPLY_BY_LATER }),
      dispatched({ reply_by: REPLY_BY_LATER, replied_at: NOW }),
    ];
    for (const r of cases) {
      if (isRepliedOnTime(r)) assert.equal(isReplyDue(r, NOW), true);
      if (isOverdueOpen(r, NOW)) {
        assert.equal(isReplyDue(r, NOW), true);
        assert.equal(isRepliedOnTime(r), false);
      }
    }
  });
});

describe('count, rates on a hand-made set', () => {
  const rows: MetricInput[] = [
    // r1: everything on time; follow-up satisfied and resolved.
    //     dispatched ✓ responded ✓ followed_up ✓ resolved ✓ satisfied ✓ due ✓ on_time ✓ overdue ✗
    dispatched({
      signed_at: ms(SIGN_BY, -5 * 3_600_000),
      contacted_at: ms(CONTACT_BY, -3_600_000),
      replied_at: ms(REPLY_BY, -86_400_000),
      followed_up_at: ms(REPLY_BY, 86_400_000),
      followup_resolved: true,
      followup_satisfaction: 'satisfied',
    }),
    // r2: signed exactly at the deadline but contacted late; replied late; basically satisfied, not resolved.
    //     dispatched ✓ responded ✗ followed_up ✓ resolved ✗ satisfied ✓ due ✓ on_time ✗ overdue ✗
    dispatched({
      signed_at: SIGN_BY,
      contacted_at: ms(CONTACT_BY, 1),
      replied_at: ms(REPLY_BY, 3_600_000),
      followed_up_at: ms(REPLY_BY, 86_400_000),
      followup_resolved: false,
      followup_satisfaction: 'basically_satisfied',
    }),
    // r3: signed late, contacted on time, replied exactly at the deadline; unsatisfied but resolved.
    //     dispatched ✓ responded ✗ followed_up ✓ resolved ✓ satisfied ✗ due ✓ on_time ✓ overdue ✗
    dispatched({
      signed_at: ms(SIGN_BY, 1000),
      contacted_at: CONTACT_BY,
      replied_at: REPLY_BY,
      followed_up_at: ms(REPLY_BY, 86_400_000),
      followup_resolved: true,
      followup_satisfaction: 'unsatisfied',
    }),
    // r4: responded, but never replied and the reply deadline (03-16) is past at NOW (03-20).
    //     dispatched ✓ responded ✓ followed_up ✗ resolved ✗ satisfied ✗ due ✓ on_time ✗ overdue ✓
    dispatched({ signed_at: ms(SIGN_BY, -1000), contacted_at: ms(CONTACT_BY, -1000) }),
    // r5: signed on time, not contacted yet, reply deadline still ahead.
    //     dispatched ✓ responded ✗ followed_up ✗ resolved ✗ satisfied ✗ due ✗ on_time ✗ overdue ✗
    dispatched({ signed_at: ms(SIGN_BY, -1000), reply_by: REPLY_BY_LATER }),
    // r6: answered directly (never dispatched, no deadlines), followed up satisfied and resolved.
    //     dispatched ✗ responded ✗ followed_up ✓ resolved ✓ satisfied ✓ due ✗ on_time ✗ overdue ✗
    row({
      replied_at: ms(DISPATCHED_AT, 600_000),
      followed_up_at: ms(DISPATCHED_AT, 86_400_000),
      followup_resolved: true,
      followup_satisfaction: 'satisfied',
    }),
    // r7: just registered: counts only in total.
    row({}),
    // r8: responded, replied early (deadline still ahead), waiting for the follow-up.
    //     dispatched ✓ responded ✓ followed_up ✗ resolved ✗ satisfied ✗ due ✓ on_time ✓ overdue ✗
    dispatched({
      signed_at: ms(SIGN_BY, -1000),
      contacted_at: CONTACT_BY,
      reply_by: REPLY_BY_LATER,
      replied_at: ms(NOW, -3_600_000),
    }),
    // r9: dispatched, reply deadline is exactly NOW (not yet past); stray follow-up answers without a follow-up.
    //     dispatched ✓ responded ✗ followed_up ✗ resolved ✗ satisfied ✗ due ✗ on_time ✗ overdue ✗
    dispatched({ reply_by: NOW, followup_resolved: true, followup_satisfaction: 'satisfied' }),
  ];

  // total 9; dispatched r1 r2 r3 r4 r5 r8 r9 = 7; responded r1 r4 r8 = 3; followed_up r1 r2 r3 r6 = 4;
  // resolved r1 r3 r6 = 3; satisfied r1 r2 r6 = 3; replies_due r1 r2 r3 r4 r8 = 5; on time r1 r3 r8 = 3;
  // overdue_open r4 = 1.
  const expected = counts(9, 7, 3, 4, 3, 3, 5, 3, 1);

  test('count matches the hand-computed counts', () => {
    assert.deepEqual(count(rows, NOW), expected);
  });

  test('count accepts any iterable (generator, Set)', () => {
    function* gen() {
      yield* rows;
    }
    assert.deepEqual(count(gen(), NOW), expected);
    assert.deepEqual(count(new Set(rows), NOW), expected);
  });

  test('count depends on now only through due/overdue', () => {
    // Before r4's deadline passes: r4 is neither due nor overdue.
    const early = ms(REPLY_BY, -1);
    assert.deepEqual(count(rows, early), { ...expected, replies_due: 4, overdue_open: 0 });
    // Long after: r5 and r9 become due and overdue too (r8 already replied).
    const late = ms(REPLY_BY_LATER, 1);
    assert.deepEqual(count(rows, late), { ...expected, replies_due: 7, overdue_open: 3 });
  });

  test('rates: responded/dispatched, resolved/followed-up, satisfied/followed-up, on-time/due', () => {
    assert.deepEqual(rates(expected), {
      response_rate: 3 / 7,
      resolution_rate: 3 / 4,
      satisfaction_rate: 3 / 4,
      resolution_rate_raw: 3 / 4,
      satisfaction_rate_raw: 3 / 4,
      on_time_rate: 3 / 5,
    });
  });

  test('count of nothing is all zeros', () => {
    assert.deepEqual(count([], NOW), ZERO);
  });

  test('count does not mutate its input', () => {
    const before = JSON.stringify(rows);
    count(rows, NOW);
    assert.equal(JSON.stringify(rows), before);
  });
});

describe('rates with zero denominators', () => {
  test('all null when nothing is counted', () => {
    assert.deepEqual(rates(ZERO), {
      response_rate: null,
      resolution_rate: null,
      satisfaction_rate: null,
      resolution_rate_raw: null,
      satisfaction_rate_raw: null,
      on_time_rate: null,
    });
  });

  test('each rate is null only when its own denominator is zero', () => {
    assert.deepEqual(rates({ ...ZERO, total: 3, followed_up: 2, resolved: 1, satisfied: 2 }), {
      response_rate: null,
      resolution_rate: 0.5,
      satisfaction_rate: 1,
      resolution_rate_raw: 0.5,
      satisfaction_rate_raw: 1,
      on_time_rate: null,
    });
    assert.deepEqual(rates({ ...ZERO, total: 3, dispatched: 3, replies_due: 2 }), {
      response_rate: 0,
      resolution_rate: null,
      satisfaction_rate: null,
      resolution_rate_raw: null,
      satisfaction_rate_raw: null,
      on_time_rate: 0,
    });
  });

  test('a zero numerator with a non-zero denominator is 0, not null', () => {
    const r = rates({ ...ZERO, dispatched: 1, followed_up: 1, replies_due: 1 });
    assert.deepEqual(r, {
      response_rate: 0,
      resolution_rate: 0,
      satisfaction_rate: 0,
      resolution_rate_raw: 0,
      satisfaction_rate_raw: 0,
      on_time_rate: 0,
    });
  });

  test('only dispatched requests enter the response denominator', () => {
    const c = count([row({}), row({ followed_up_at: NOW, followup_satisfaction: 'satisfied' })], NOW);
    assert.equal(c.dispatched, 0);
    assert.equal(rates(c).response_rate, null);
    assert.equal(rates(c).satisfaction_rate, 1);
  });
});

describe('addCounts', () => {
  const a = counts(10, 8, 6, 5, 4, 3, 7, 5, 1);
  const b = counts(1, 2, 3, 4, 5, 6, 7, 8, 9);

  test('adds field by field', () => {
    assert.deepEqual(addCounts(a, b), counts(11, 10, 9, 9, 9, 9, 14, 13, 10));
  });

  test('zero is the identity, and it is commutative', () => {
    assert.deepEqual(addCounts(a, ZERO), a);
    assert.deepEqual(addCounts(ZERO, a), a);
    assert.deepEqual(addCounts(a, b), addCounts(b, a));
  });

  test('does not mutate its arguments', () => {
    const a0 = { ...a };
    const b0 = { ...b };
    const sum = addCounts(a, b);
    assert.deepEqual(a, a0);
    assert.deepEqual(b, b0);
    assert.notEqual(sum, a);
    assert.notEqual(sum, b);
  });
});

describe('properties over random requests', () => {
  const base = Date.parse('2026-03-01T00:00:00Z');
  // Instants on a coarse 12-hour grid, so that a done-time or now exactly equal to a deadline happens often.
  const arbInstant = fc.integer({ min: 0, max: 60 }).map((k) => new Date(base + k * 43_200_000));
  const arbDate = fc.option(arbInstant, { nil: null });
  const arbRow: fc.Arbitrary<MetricInput> = fc.record({
    dispatched_at: arbDate,
    sign_by: arbDate,
    signed_at: arbDate,
    contact_by: arbDate,
    contacted_at: arbDate,
    reply_by: arbDate,
    replied_at: arbDate,
    followed_up_at: arbDate,
    followup_resolved: fc.constantFrom(null, true, false),
    followup_satisfaction: fc.constantFrom(
      null,
      'satisfied',
      'basically_satisfied',
      'unsatisfied',
    ) as fc.Arbitrary<MetricInput['followup_satisfaction']>,
    followup_excluded: fc.boolean(),
  });
  const arbNow = arbInstant;

  test('count(a ++ b) = addCounts(count(a), count(b))', () => {
    fc.assert(
      fc.property(
        fc.array(arbRow, { maxLength: 15 }),
        fc.array(arbRow, { maxLength: 15 }),
        arbNow,
        (xs, ys, now) => {
          assert.deepEqual(count([...xs, ...ys], now), addCounts(count(xs, now), count(ys, now)));
        },
      ),
    );
  });

  test('numerators never exceed denominators; rates lie in [0, 1] or are null', () => {
    fc.assert(
      fc.property(fc.array(arbRow, { maxLength: 30 }), arbNow, (xs, now) => {
        const c = count(xs, now);
        assert.equal(c.total, xs.length);
        assert.ok(c.dispatched <= c.total);
        assert.ok(c.responded <= c.dispatched);
        assert.ok(c.followed_up <= c.total);
        assert.ok(c.resolved <= c.followed_up);
        assert.ok(c.satisfied <= c.followed_up);
        assert.ok(c.replies_due <= c.dispatched);
        assert.ok(c.replied_on_time <= c.replies_due);
        assert.ok(c.overdue_open + c.replied_on_time <= c.replies_due);
        assert.ok(c.rating_excluded <= c.followed_up);
        assert.ok(c.excluded_resolved <= Math.min(c.rating_excluded, c.resolved));
        assert.ok(c.excluded_satisfied <= Math.min(c.rating_excluded, c.satisfied));
        assert.ok(c.resolved - c.excluded_resolved <= c.followed_up - c.rating_excluded);
        assert.ok(c.satisfied - c.excluded_satisfied <= c.followed_up - c.rating_excluded);
        for (const v of Object.values(rates(c))) assert.ok(v === null || (v >= 0 && v <= 1), String(v));
      }),
    );
  });

  test('each predicate agrees with a direct restatement of its definition', () => {
    const le = (x: Date | null, y: Date | null) => x !== null && y !== null && x.getTime() <= y.getTime();
    fc.assert(
      fc.property(arbRow, arbNow, (r, now) => {
        const d = r.dispatched_at !== null;
        assert.equal(isDispatched(r), d);
        assert.equal(isResponded(r), d && le(r.signed_at, r.sign_by) && le(r.contacted_at, r.contact_by));
        assert.equal(isFollowedUp(r), r.followed_up_at !== null);
        assert.equal(isResolved(r), r.followed_up_at !== null && r.followup_resolved === true);
        assert.equal(
          isSatisfied(r),
          r.followed_up_at !== null &&
            (r.followup_satisfaction === 'satisfied' || r.followup_satisfaction === 'basically_satisfied'),
        );
        const pastDue = r.reply_by !== null && r.reply_by.getTime() < now.getTime();
        assert.equal(isReplyDue(r, now), d && r.reply_by !== null && (r.replied_at !== null || pastDue));
        assert.equal(isRepliedOnTime(r), d && le(r.replied_at, r.reply_by));
        assert.equal(isOverdueOpen(r, now), d && r.replied_at === null && pastDue);
      }),
      { numRuns: 500 },
    );
  });
});

describe('METRIC_DEFINITIONS', () => {
  test('one bilingual definition per rate', () => {
    assert.deepEqual(
      Object.keys(METRIC_DEFINITIONS).sort(),
      [...Object.keys(rates(ZERO)), 'knowledge_direct_rate'].sort(),
    );
    for (const def of Object.values(METRIC_DEFINITIONS)) {
      assert.ok(def.zh.length > 0);
      assert.ok(def.en.length > 0);
    }
    assert.match(METRIC_DEFINITIONS.response_rate.zh, /响应率/);
    assert.match(METRIC_DEFINITIONS.resolution_rate.zh, /解决率/);
    assert.match(METRIC_DEFINITIONS.satisfaction_rate.zh, /满意率/);
    assert.match(METRIC_DEFINITIONS.on_time_rate.zh, /按时办结率/);
  });
});

describe('知识库直办率', () => {
  test('answered from an article over registered; null with nothing registered', () => {
    assert.deepEqual(knowledgeFigures(1, 4), {
      registered: 4,
      answered_with_article: 1,
      knowledge_direct_rate: 0.25,
    });
    assert.deepEqual(knowledgeFigures(0, 0), {
      registered: 0,
      answered_with_article: 0,
      knowledge_direct_rate: null,
    });
  });
});

describe('voided, withdrawn and overdue-extended requests', () => {
  const answered = dispatched({
    signed_at: new Date(SIGN_BY.getTime() - 1000),
    contacted_at: new Date(CONTACT_BY.getTime() - 1000),
    replied_at: new Date(REPLY_BY.getTime() - 1000),
    followed_up_at: NOW,
    followup_resolved: true,
    followup_satisfaction: 'satisfied',
  });

  test('a voided request (作废) and a merged duplicate count nowhere', () => {
    for (const status of ['voided', 'merged'])
      assert.deepEqual(count([{ ...answered, status }], NOW), ZERO, status);
  });

  test('a withdrawn request (撤单) counts in the total and withdrawn, in no rate', () => {
    const overdue = dispatched({ reply_by: new Date(NOW.getTime() - 1000) });
    for (const r of [answered, overdue, row({})])
      assert.deepEqual(count([{ ...r, status: 'withdrawn' }], NOW), { ...ZERO, total: 1, withdrawn: 1 });
  });

  test('an extension granted while overdue: the missed deadline still judges the reply', () => {
    const missed = new Date(NOW.getTime() - 86_400_000);
    const extended = dispatched({ reply_by: new Date(NOW.getTime() + 86_400_000), missed_reply_by: missed });
    const open = count([extended], NOW);
    assert.equal(open.replies_due, 1);
    assert.equal(open.overdue_open, 1);
    const late = count([{ ...extended, replied_at: NOW }], NOW);
    assert.equal(late.replies_due, 1);
    assert.equal(late.replied_on_time, 0);
  });
});

describe('差评复核: reviewed and raw 满意率 and 解决率', () => {
  const followedUp = (p: Partial<MetricInput>) =>
    dispatched({ followed_up_at: NOW, followup_resolved: true, followup_satisfaction: 'satisfied', ...p });
  const good = followedUp({});
  const unfair = followedUp({ followup_resolved: false, followup_satisfaction: 'unsatisfied' });
  const excluded = { ...unfair, followup_excluded: true };

  test('an excluded rating counts apart, and out of the reviewed rates only', () => {
    const c = count([good, good, unfair, excluded], NOW);
    assert.equal(c.followed_up, 4);
    assert.equal(c.rating_excluded, 1);
    const r = rates(c);
    assert.equal(r.satisfaction_rate_raw, 2 / 4);
    assert.equal(r.resolution_rate_raw, 2 / 4);
    assert.equal(r.satisfaction_rate, 2 / 3);
    assert.equal(r.resolution_rate, 2 / 3);
  });

  test('an excluded follow-up is out of both rates, numerators too (unsatisfied but resolved)', () => {
    const half = { ...followedUp({ followup_satisfaction: 'unsatisfied' }), followup_excluded: true };
    const c = count([good, half], NOW);
    assert.deepEqual([c.rating_excluded, c.excluded_resolved, c.excluded_satisfied], [1, 1, 0]);
    assert.equal(rates(c).resolution_rate, 1);
    assert.equal(rates(c).resolution_rate_raw, 1);
    assert.equal(rates(c).satisfaction_rate, 1);
    assert.equal(rates(c).satisfaction_rate_raw, 1 / 2);
  });

  test('every rating excluded: the reviewed rates have no base (null), the raw ones do', () => {
    const r = rates(count([excluded], NOW));
    assert.equal(r.satisfaction_rate, null);
    assert.equal(r.resolution_rate, null);
    assert.equal(r.satisfaction_rate_raw, 0);
  });

  test('the mark counts only on a follow-up of a counted, not withdrawn request', () => {
    const noFollowUp = { ...dispatched(), followup_excluded: true };
    assert.equal(count([noFollowUp], NOW).rating_excluded, 0);
    for (const status of ['withdrawn', 'voided', 'merged'])
      assert.equal(count([{ ...excluded, status }], NOW).rating_excluded, 0, status);
  });

  test('without exclusions the reviewed rates are the raw ones', () => {
    const r = rates(count([good, unfair], NOW));
    assert.equal(r.satisfaction_rate, r.satisfaction_rate_raw);
    assert.equal(r.resolution_rate, r.resolution_rate_raw);
  });
});
