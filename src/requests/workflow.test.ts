import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { snapshot } from '../../test/support/snapshots.js';
import {
  ACTIONS,
  CO_HANDLER_STATES,
  STATUSES,
  allowedActions,
  decide,
  isAction,
  isAllowed,
  isOpen,
  type Action,
  type CoHandlerState,
  type Snapshot,
  type Status,
} from './workflow.js';

/*
 * The expected behaviour is written out by hand here, independently of the module's RULES table, from the
 * lifecycle specification. Every status × action × snapshot-flag combination is checked against it.
 */

/** Every status, and whether a request in it is still open (closed, merged, withdrawn and voided are terminal). */
const IS_OPEN: Record<Status, boolean> = {
  registered: true,
  returned: true,
  dispatched: true,
  signed: true,
  in_progress: true,
  reviewing: true,
  replied: true,
  followed_up: true,
  closed: false,
  merged: false,
  withdrawn: false,
  voided: false,
};
const ALL_STATUSES = Object.keys(IS_OPEN) as Status[];
const OPEN_STATUSES = ALL_STATUSES.filter((s) => IS_OPEN[s]);
const TERMINAL_STATUSES = ALL_STATUSES.filter((s) => !IS_OPEN[s]);
/** Open and not yet answered: what the resident may withdraw, chase up and add information to. */
const ANSWERED: readonly Status[] = ['replied', 'followed_up'];
const UNANSWERED_STATUSES = OPEN_STATUSES.filter((s) => !ANSWERED.includes(s));

const SATISFACTIONS: readonly Snapshot['lastSatisfaction'][] = [
  null,
  'satisfied',
  'basically_satisfied',
  'unsatisfied',
];
const RESOLVED: readonly Snapshot['lastResolved'][] = [null, true, false];
const BOOLS = [false, true] as const;
/** 吹哨报到: where the acting department stands as a co-handler. */
const CO_STATES: readonly CoHandlerState[] = ['none', 'awaiting_sign', 'signed', 'submitted'];

/** A new registration: no department, nothing pending, no follow-up yet. */
const START: Snapshot = snapshot();

const DISPUTES: readonly Snapshot['ratingDispute'][] = ['none', 'pending', 'decided'];

/** Every combination of the guard flags for one status: 2 × 2 × 2 × 2 × 4 × 3 × 3 × 2 × 2 × 4 = 9216 snapshots. */
function snapshotsFor(status: Status): Snapshot[] {
  const out: Snapshot[] = [];
  for (const hasDepartment of BOOLS)
    for (const extensionPending of BOOLS)
      for (const supervised of BOOLS)
        for (const replyReview of BOOLS)
          for (const lastSatisfaction of SATISFACTIONS)
            for (const lastResolved of RESOLVED)
              for (const ratingDispute of DISPUTES)
                for (const disputeWindowOpen of BOOLS)
                  for (const coPartsOutstanding of BOOLS)
                    for (const coHandler of CO_STATES)
                      out.push({
                        status,
                        hasDepartment,
                        extensionPending,
                        supervised,
                        replyReview,
                        lastSatisfaction,
                        lastResolved,
                        ratingDispute,
                        disputeWindowOpen,
                        coPartsOutstanding,
                        coHandler,
                      });
  return out;
}

const inList = (s: Status, list: readonly Status[]) => list.includes(s);
const HANDLING: readonly Status[] = ['signed', 'in_progress'];
/** approve-extension and refuse-extension: a pending extension, while the request is being handled. */
const decideExtension = (s: Snapshot) => (inList(s.status, HANDLING) && s.extensionPending ? s.status : null);
/** The last follow-up was unsatisfied or unresolved (reopen, 差评复核). */
const negativeRating = (s: Snapshot) => s.lastSatisfaction === 'unsatisfied' || s.lastResolved === false;
/** 吹哨报到: co-handlers are added or released while a lead department has the request and has not replied. */
const WITH_LEAD: readonly Status[] = ['dispatched', 'signed', 'in_progress'];
/** A co-department signs and submits its part until the reply, a return to the dispatchers included. */
const CO_HANDLING: readonly Status[] = ['returned', 'dispatched', 'signed', 'in_progress'];

/**
 * The hand-written specification, action by action: the status the action leads to, or null when the action
 * is not allowed.
 */
const EXPECTED: Record<Action, (s: Snapshot) => Status | null> = {
  'answer-directly': (s) => (inList(s.status, ['registered', 'returned']) ? 'replied' : null),
  dispatch: (s) => (inList(s.status, ['registered', 'returned', 'dispatched']) ? 'dispatched' : null),
  sign: (s) => (s.status === 'dispatched' ? 'signed' : null),
  contact: (s) => (inList(s.status, HANDLING) ? 'in_progress' : null),
  'add-note': (s) => (inList(s.status, OPEN_STATUSES) ? s.status : null),
  return: (s) =>
    inList(s.status, ['dispatched', 'signed', 'in_progress']) && !s.extensionPending ? 'returned' : null,
  'request-extension': (s) => (inList(s.status, HANDLING) && !s.extensionPending ? s.status : null),
  'approve-extension': decideExtension,
  'refuse-extension': decideExtension,
  reply: (s) =>
    inList(s.status, HANDLING) && !s.extensionPending && !s.coPartsOutstanding
      ? s.replyReview
        ? 'reviewing'
        : 'replied'
      : null,
  'approve-reply': (s) => (s.status === 'reviewing' ? 'replied' : null),
  'send-back-reply': (s) => (s.status === 'reviewing' ? 'in_progress' : null),
  'follow-up': (s) => (s.status === 'replied' ? 'followed_up' : null),
  close: (s) => (s.status === 'followed_up' ? 'closed' : null),
  'auto-close': (s) => (s.status === 'replied' ? 'closed' : null),
  'auto-dispatch': (s) => (s.status === 'registered' ? 'dispatched' : null),
  reopen: (s) => {
    if (s.status !== 'followed_up') return null;
    if (!negativeRating(s)) return null;
    return s.hasDepartment ? 'in_progress' : 'registered';
  },
  supervise: (s) => (inList(s.status, OPEN_STATUSES) ? s.status : null),
  merge: (s) => (inList(s.status, ['registered', 'returned', 'dispatched']) ? 'merged' : null),
  'reveal-contact': (s) =>
    (inList(s.status, OPEN_STATUSES) || s.status === 'closed') && s.hasDepartment ? s.status : null,
  void: (s) => (inList(s.status, OPEN_STATUSES) ? 'voided' : null),
  withdraw: (s) => (inList(s.status, UNANSWERED_STATUSES) ? 'withdrawn' : null),
  chase: (s) => (inList(s.status, UNANSWERED_STATUSES) ? s.status : null),
  'add-info': (s) => (inList(s.status, UNANSWERED_STATUSES) ? s.status : null),
  'dispute-rating': (s) =>
    inList(s.status, ['followed_up', 'closed']) &&
    negativeRating(s) &&
    s.ratingDispute === 'none' &&
    s.disputeWindowOpen
      ? s.status
      : null,
  'decide-dispute': (s) =>
    (inList(s.status, OPEN_STATUSES) || s.status === 'closed') && s.ratingDispute === 'pending'
      ? s.status
      : null,
  whistle: (s) => (inList(s.status, WITH_LEAD) ? s.status : null),
  'co-sign': (s) => (inList(s.status, CO_HANDLING) && s.coHandler === 'awaiting_sign' ? s.status : null),
  'co-submit': (s) =>
    inList(s.status, CO_HANDLING) && (s.coHandler === 'signed' || s.coHandler === 'submitted')
      ? s.status
      : null,
  'release-co-handler': (s) => (inList(s.status, WITH_LEAD) && s.coPartsOutstanding ? s.status : null),
};
const ALL_ACTIONS = Object.keys(EXPECTED) as Action[];
const expected = (s: Snapshot, a: Action) => EXPECTED[a](s);

/** The expected table's allowed actions, in the module's ACTIONS order (the order the pages offer them). */
function expectedAllowed(s: Snapshot): Action[] {
  return ACTIONS.filter((a) => expected(s, a) !== null);
}

const fmt = (s: Snapshot) => JSON.stringify(s);

describe('workflow: the hand-written lists cover the module exactly', () => {
  test('STATUSES are exactly the twelve lifecycle statuses', () => {
    assert.deepEqual([...STATUSES].sort(), [...ALL_STATUSES].sort());
    assert.equal(new Set(STATUSES).size, STATUSES.length);
  });

  test('ACTIONS are exactly the thirty actions', () => {
    assert.deepEqual([...ACTIONS].sort(), [...ALL_ACTIONS].sort());
    assert.equal(new Set(ACTIONS).size, ACTIONS.length);
  });

  test('each status has 9216 flag combinations', () => {
    assert.equal(snapshotsFor('registered').length, 9216);
    assert.equal(new Set(snapshotsFor('registered').map(fmt)).size, 9216);
    assert.deepEqual([...CO_HANDLER_STATES].sort(), [...CO_STATES].sort());
  });
});

describe('workflow: decide() against the expected table, exhaustively', () => {
  for (const status of ALL_STATUSES) {
    describe(`from ${status}`, () => {
      for (const action of ALL_ACTIONS) {
        test(`${action}`, () => {
          for (const s of snapshotsFor(status)) {
            const want = expected(s, action);
            const got = decide(s, action);
            if (want === null) {
              assert.equal(got.ok, false, `${action} should be refused for ${fmt(s)}`);
              assert.deepEqual(got, { ok: false, status, allowed: expectedAllowed(s) }, fmt(s));
              assert.equal(isAllowed(s, action), false, fmt(s));
            } else {
              assert.deepEqual(got, { ok: true, to: want }, `${action} on ${fmt(s)}`);
              assert.equal(isAllowed(s, action), true, fmt(s));
            }
          }
        });
      }

      test('allowedActions equals the expected set (in ACTIONS order) for every flag combination', () => {
        for (const s of snapshotsFor(status)) {
          const got = allowedActions(s);
          assert.deepEqual(got, expectedAllowed(s), fmt(s));
          // Stable order: the module's ACTIONS order.
          assert.deepEqual(
            got,
            ACTIONS.filter((a) => got.includes(a)),
          );
        }
      });
    });
  }

  test('decide() does not mutate the snapshot', () => {
    for (const status of ALL_STATUSES)
      for (const s of snapshotsFor(status))
        for (const a of ALL_ACTIONS) {
          const before = fmt(s);
          decide(s, a);
          assert.equal(fmt(s), before);
        }
  });

  test('the supervised flag never changes any decision', () => {
    for (const status of ALL_STATUSES)
      for (const s of snapshotsFor(status))
        for (const a of ALL_ACTIONS)
          assert.deepEqual(decide(s, a), decide({ ...s, supervised: !s.supervised }, a), `${a} ${fmt(s)}`);
  });
});

describe('workflow: specific guards', () => {
  const base: Snapshot = { ...START, status: 'followed_up', hasDepartment: true };

  test('reopen needs an unsatisfied answer or an unresolved one', () => {
    const cases: [Snapshot['lastSatisfaction'], Snapshot['lastResolved'], boolean][] = [
      [null, null, false],
      ['satisfied', null, false],
      ['basically_satisfied', null, false],
      ['satisfied', true, false],
      ['basically_satisfied', true, false],
      [null, true, false],
      ['unsatisfied', null, true],
      ['unsatisfied', true, true],
      ['unsatisfied', false, true],
      ['satisfied', false, true],
      ['basically_satisfied', false, true],
      [null, false, true],
    ];
    for (const [lastSatisfaction, lastResolved, ok] of cases) {
      const s = { ...base, lastSatisfaction, lastResolved };
      assert.equal(decide(s, 'reopen').ok, ok, fmt(s));
    }
  });

  test('reopen goes back to the department when there is one, otherwise to the dispatchers', () => {
    const s = { ...base, lastSatisfaction: 'unsatisfied' as const };
    assert.deepEqual(decide(s, 'reopen'), { ok: true, to: 'in_progress' });
    assert.deepEqual(decide({ ...s, hasDepartment: false }, 'reopen'), { ok: true, to: 'registered' });
  });

  test('a pending extension blocks return, reply and another request, and enables approve/refuse', () => {
    for (const status of ['signed', 'in_progress'] as const) {
      const pending: Snapshot = { ...base, status, extensionPending: true };
      for (const a of ['return', 'reply', 'request-extension'] as const)
        assert.equal(decide(pending, a).ok, false);
      for (const a of ['approve-extension', 'refuse-extension'] as const)
        assert.deepEqual(decide(pending, a), { ok: true, to: status });
      const idle: Snapshot = { ...pending, extensionPending: false };
      for (const a of ['approve-extension', 'refuse-extension'] as const)
        assert.equal(decide(idle, a).ok, false);
      assert.deepEqual(decide(idle, 'reply'), { ok: true, to: 'replied' });
      assert.deepEqual(decide(idle, 'return'), { ok: true, to: 'returned' });
    }
  });

  test('return from dispatched also respects the extension guard', () => {
    const s: Snapshot = { ...base, status: 'dispatched' };
    assert.deepEqual(decide(s, 'return'), { ok: true, to: 'returned' });
    assert.equal(decide({ ...s, extensionPending: true }, 'return').ok, false);
  });

  test('reveal-contact needs a department, and works on closed but not merged requests', () => {
    for (const status of [...OPEN_STATUSES, 'closed'] as const) {
      assert.deepEqual(decide({ ...base, status }, 'reveal-contact'), { ok: true, to: status });
      assert.equal(decide({ ...base, status, hasDepartment: false }, 'reveal-contact').ok, false);
    }
    assert.equal(decide({ ...base, status: 'merged' }, 'reveal-contact').ok, false);
  });

  test('void: any open request, whatever its flags, to voided', () => {
    for (const status of OPEN_STATUSES)
      for (const s of snapshotsFor(status)) assert.deepEqual(decide(s, 'void'), { ok: true, to: 'voided' });
    for (const status of TERMINAL_STATUSES) assert.equal(decide({ ...base, status }, 'void').ok, false);
  });

  /** What a resident may do to a request of theirs, before an answer, whatever its status. */
  const RESIDENT_ACTIONS = ['withdraw', 'chase', 'add-info'] as const;

  test('withdraw, chase and add-info: only before an answer; withdraw ends the request', () => {
    for (const status of UNANSWERED_STATUSES) {
      const pending: Snapshot = { ...base, status, extensionPending: true };
      assert.deepEqual(decide(pending, 'withdraw'), { ok: true, to: 'withdrawn' });
      assert.deepEqual(decide(pending, 'chase'), { ok: true, to: status });
      assert.deepEqual(decide(pending, 'add-info'), { ok: true, to: status });
    }
    for (const status of ['replied', 'followed_up', ...TERMINAL_STATUSES] as const)
      for (const a of RESIDENT_ACTIONS)
        assert.equal(decide({ ...base, status }, a).ok, false, `${a} from ${status}`);
  });

  test('closed, merged, withdrawn and voided are terminal', () => {
    for (const status of ['merged', 'withdrawn', 'voided'] as const)
      for (const s of snapshotsFor(status)) assert.deepEqual(allowedActions(s), [], status);
    // a closed request: its contact revealed to the department, its last rating disputed and decided (差评复核)
    for (const s of snapshotsFor('closed'))
      assert.deepEqual(allowedActions(s), [
        ...(s.hasDepartment ? (['reveal-contact'] as const) : []),
        ...(negativeRating(s) && s.ratingDispute === 'none' && s.disputeWindowOpen
          ? (['dispute-rating'] as const)
          : []),
        ...(s.ratingDispute === 'pending' ? (['decide-dispute'] as const) : []),
      ]);
    for (const status of TERMINAL_STATUSES)
      for (const s of snapshotsFor(status))
        for (const a of ALL_ACTIONS) {
          const d = decide(s, a);
          if (d.ok) assert.equal(d.to, status);
        }
  });

  test('a refusal reports the current status and what is allowed instead', () => {
    const s: Snapshot = { ...base, status: 'dispatched', hasDepartment: true };
    const d = decide(s, 'reply');
    assert.deepEqual(d, {
      ok: false,
      status: 'dispatched',
      allowed: [
        'dispatch',
        'sign',
        'add-note',
        'return',
        'merge',
        'supervise',
        'reveal-contact',
        'add-info',
        'chase',
        'withdraw',
        'void',
        'whistle',
      ],
    });
    const r: Snapshot = { ...base, status: 'registered', hasDepartment: false };
    assert.deepEqual(decide(r, 'close'), {
      ok: false,
      status: 'registered',
      allowed: [
        'dispatch',
        'auto-dispatch',
        'add-note',
        'answer-directly',
        'merge',
        'supervise',
        'add-info',
        'chase',
        'withdraw',
        'void',
      ],
    });
    assert.deepEqual(decide({ ...base, status: 'merged' }, 'reopen'), {
      ok: false,
      status: 'merged',
      allowed: [],
    });
  });
});

describe('workflow: reply review (回复审核)', () => {
  const handling: Snapshot = { ...START, status: 'in_progress', hasDepartment: true };

  test('a reply goes to review when the command says it falls in the sample, else to the resident', () => {
    for (const status of ['signed', 'in_progress'] as const) {
      assert.deepEqual(decide({ ...handling, status, replyReview: true }, 'reply'), {
        ok: true,
        to: 'reviewing',
      });
      assert.deepEqual(decide({ ...handling, status }, 'reply'), { ok: true, to: 'replied' });
    }
  });

  test('the flag changes no other decision', () => {
    for (const status of ALL_STATUSES)
      for (const s of snapshotsFor(status))
        for (const a of ALL_ACTIONS.filter((x) => x !== 'reply'))
          assert.deepEqual(decide(s, a), decide({ ...s, replyReview: !s.replyReview }, a), `${a} ${fmt(s)}`);
  });

  test('under review: approved to replied, sent back to the handler; nothing of the handler’s in between', () => {
    const s: Snapshot = { ...handling, status: 'reviewing' };
    assert.deepEqual(decide(s, 'approve-reply'), { ok: true, to: 'replied' });
    assert.deepEqual(decide(s, 'send-back-reply'), { ok: true, to: 'in_progress' });
    assert.deepEqual(allowedActions(s), [
      'add-note',
      'approve-reply',
      'send-back-reply',
      'supervise',
      'reveal-contact',
      'add-info',
      'chase',
      'withdraw',
      'void',
    ]);
    for (const status of ALL_STATUSES.filter((x) => x !== 'reviewing'))
      for (const a of ['approve-reply', 'send-back-reply'] as const)
        assert.equal(decide({ ...handling, status }, a).ok, false, `${a} from ${status}`);
  });

  test('a walk through review: sent back, replied again, approved, followed up', () => {
    let s: Snapshot = { ...handling, replyReview: true };
    for (const [a, to] of [
      ['reply', 'reviewing'],
      ['send-back-reply', 'in_progress'],
      ['reply', 'reviewing'],
      ['approve-reply', 'replied'],
      ['follow-up', 'followed_up'],
    ] as const) {
      assert.deepEqual(decide(s, a), { ok: true, to }, `${a} from ${s.status}`);
      s = { ...s, status: to };
    }
  });
});

describe('workflow: disputed ratings (差评复核)', () => {
  const rated: Snapshot = {
    ...START,
    status: 'followed_up',
    hasDepartment: true,
    lastSatisfaction: 'unsatisfied',
    lastResolved: false,
    disputeWindowOpen: true,
  };

  test('only an unsatisfied or unresolved follow-up, within the window, not yet disputed', () => {
    for (const status of ['followed_up', 'closed'] as const) {
      assert.deepEqual(decide({ ...rated, status }, 'dispute-rating'), { ok: true, to: status });
      assert.equal(decide({ ...rated, status, disputeWindowOpen: false }, 'dispute-rating').ok, false);
      assert.equal(decide({ ...rated, status, ratingDispute: 'pending' }, 'dispute-rating').ok, false);
      assert.equal(decide({ ...rated, status, ratingDispute: 'decided' }, 'dispute-rating').ok, false);
      const good = { ...rated, status, lastSatisfaction: 'satisfied' as const, lastResolved: true };
      assert.equal(decide(good, 'dispute-rating').ok, false, 'a good rating is not disputed');
      assert.equal(decide({ ...good, lastResolved: false }, 'dispute-rating').ok, true, 'unresolved');
      assert.equal(decide({ ...good, lastSatisfaction: 'unsatisfied' }, 'dispute-rating').ok, true);
    }
    for (const status of ALL_STATUSES.filter((x) => x !== 'followed_up' && x !== 'closed'))
      assert.equal(decide({ ...rated, status }, 'dispute-rating').ok, false, status);
  });

  test('a pending dispute is decided once, in any status but merged, withdrawn and voided', () => {
    const pending: Snapshot = { ...rated, ratingDispute: 'pending' };
    for (const status of [...OPEN_STATUSES, 'closed'] as const)
      assert.deepEqual(decide({ ...pending, status }, 'decide-dispute'), { ok: true, to: status });
    for (const status of ['merged', 'withdrawn', 'voided'] as const)
      assert.equal(decide({ ...pending, status }, 'decide-dispute').ok, false);
    for (const ratingDispute of ['none', 'decided'] as const)
      assert.equal(decide({ ...rated, ratingDispute }, 'decide-dispute').ok, false, ratingDispute);
  });

  test('a pending or decided dispute blocks nothing else: the centre closes or reopens as it would', () => {
    const others = ALL_ACTIONS.filter((a) => a !== 'dispute-rating' && a !== 'decide-dispute');
    for (const status of ALL_STATUSES)
      for (const s of snapshotsFor(status))
        for (const a of others) {
          const none = { ...s, ratingDispute: 'none' as const, disputeWindowOpen: false };
          assert.equal(isAllowed(s, a), isAllowed(none, a), `${a} ${fmt(s)}`);
        }
  });

  test('a walk: unsatisfied, disputed, closed meanwhile, decided; a new follow-up may be disputed again', () => {
    let s: Snapshot = { ...START, status: 'replied', hasDepartment: true };
    s = apply(s, 'follow-up', { satisfaction: 'unsatisfied', resolved: true });
    s = apply(s, 'dispute-rating');
    assert.equal(decide(s, 'dispute-rating').ok, false, 'one dispute per follow-up');
    s = apply(s, 'reopen');
    assert.equal(s.status, 'in_progress');
    s = apply(s, 'decide-dispute');
    assert.equal(decide(s, 'decide-dispute').ok, false, 'decided once');
    s = apply(s, 'reply');
    s = apply(s, 'follow-up', { satisfaction: 'unsatisfied', resolved: false });
    assert.deepEqual(decide(s, 'dispute-rating'), { ok: true, to: 'followed_up' });
    s = apply(s, 'close');
    s = apply(s, 'dispute-rating');
    s = apply(s, 'decide-dispute');
    assert.deepEqual(allowedActions(s), ['reveal-contact']);
  });
});

describe('workflow: 吹哨报到 co-handling', () => {
  /** Where an action leads, or null when it is refused (the refusal's list of allowed actions aside). */
  const outcome = (d: ReturnType<typeof decide>) => (d.ok ? d.to : null);
  const lead: Snapshot = { ...START, status: 'in_progress', hasDepartment: true };

  test('the lead replies for all only once every co-department still involved has submitted its part', () => {
    assert.deepEqual(decide({ ...lead, coPartsOutstanding: true }, 'reply'), {
      ok: false,
      status: 'in_progress',
      allowed: allowedActions({ ...lead, coPartsOutstanding: true }),
    });
    assert.ok(!allowedActions({ ...lead, coPartsOutstanding: true }).includes('reply'));
    assert.deepEqual(decide(lead, 'reply'), { ok: true, to: 'replied' });
  });

  test('the centre may release a co-department only while a part is awaited', () => {
    assert.equal(isAllowed(lead, 'release-co-handler'), false);
    assert.deepEqual(decide({ ...lead, coPartsOutstanding: true }, 'release-co-handler'), {
      ok: true,
      to: 'in_progress',
    });
  });

  test('a co-department signs once, then submits (and may submit again) until the reply', () => {
    const co = (coHandler: CoHandlerState, status: Status = 'dispatched'): Snapshot => ({
      ...START,
      status,
      hasDepartment: true,
      coPartsOutstanding: coHandler !== 'submitted',
      coHandler,
    });
    assert.deepEqual(decide(co('awaiting_sign'), 'co-sign'), { ok: true, to: 'dispatched' });
    assert.equal(isAllowed(co('awaiting_sign'), 'co-submit'), false, 'no part before its sign');
    assert.equal(isAllowed(co('signed'), 'co-sign'), false, 'signs once');
    assert.deepEqual(decide(co('signed'), 'co-submit'), { ok: true, to: 'dispatched' });
    assert.deepEqual(decide(co('submitted'), 'co-submit'), { ok: true, to: 'dispatched' });
    assert.equal(isAllowed(co('none'), 'co-sign') || isAllowed(co('none'), 'co-submit'), false);
    assert.ok(isAllowed(co('signed', 'returned'), 'co-submit'), 'a return does not stop the co-departments');
    for (const status of ['replied', 'reviewing', 'followed_up', 'closed', 'registered'] as const)
      assert.equal(isAllowed(co('signed', status), 'co-submit'), false, status);
  });

  test('whistle: only while a lead department has it and before the reply; the status never changes', () => {
    for (const status of ALL_STATUSES)
      for (const s of snapshotsFor(status)) {
        const d = decide(s, 'whistle');
        assert.equal(d.ok, WITH_LEAD.includes(status), fmt(s));
        if (d.ok) assert.equal(d.to, status);
      }
  });

  test('the co-handling flags change no decision but reply, release, co-sign and co-submit', () => {
    const CO_ACTIONS: Action[] = ['reply', 'release-co-handler', 'co-sign', 'co-submit'];
    for (const status of ALL_STATUSES)
      for (const s of snapshotsFor(status))
        for (const a of ALL_ACTIONS.filter((x) => !CO_ACTIONS.includes(x)))
          assert.deepEqual(
            outcome(decide(s, a)),
            outcome(decide({ ...s, coPartsOutstanding: false, coHandler: 'none' }, a)),
            a,
          );
  });

  test('a walk: dispatched with co-departments, signed by all, parts in, replied', () => {
    let s: Snapshot = apply(START, 'dispatch');
    s = apply(s, 'whistle');
    assert.equal(decide(s, 'reply').ok, false, 'cannot reply before signing, nor with a part outstanding');
    s = apply(s, 'sign');
    s = apply(s, 'co-sign');
    s = apply(s, 'contact');
    assert.equal(decide(s, 'reply').ok, false, 'the part is still outstanding');
    s = apply(s, 'co-submit');
    s = apply(s, 'reply');
    assert.equal(s.status, 'replied');
  });
});

describe('workflow: isAction and isOpen', () => {
  test('isAction accepts exactly the action names', () => {
    for (const a of ALL_ACTIONS) assert.equal(isAction(a), true, a);
    for (const x of [
      '',
      'Dispatch',
      'DISPATCH',
      'dispatch ',
      ' dispatch',
      'dispatched',
      'closed',
      'answer_directly',
      'answerDirectly',
      'extend',
      'toString',
      'constructor',
      '__proto__',
      'hasOwnProperty',
      'reveal',
      'reveal-contact-x',
      '派单',
    ])
      assert.equal(isAction(x), false, JSON.stringify(x));
  });

  test('isAction on random strings agrees with membership', () => {
    fc.assert(
      fc.property(fc.string(), (x) => {
        assert.equal(isAction(x), (ALL_ACTIONS as readonly string[]).includes(x));
      }),
    );
  });

  test('isOpen: everything except the terminal statuses', () => {
    for (const s of OPEN_STATUSES) assert.equal(isOpen(s), true, s);
    for (const s of TERMINAL_STATUSES) assert.equal(isOpen(s), false, s);
    for (const s of ALL_STATUSES) assert.equal(isOpen(s), OPEN_STATUSES.includes(s), s);
  });
});

type Answer = { satisfaction: NonNullable<Snapshot['lastSatisfaction']>; resolved: boolean };

/** What the commands change in the guard flags, action by action (the others change none). */
const EFFECTS: Partial<Record<Action, (answer: Answer) => Partial<Snapshot>>> = {
  dispatch: () => ({ hasDepartment: true }),
  return: () => ({ hasDepartment: false, extensionPending: false }),
  'request-extension': () => ({ extensionPending: true }),
  'approve-extension': () => ({ extensionPending: false }),
  'refuse-extension': () => ({ extensionPending: false }),
  'follow-up': (answer) => ({
    lastSatisfaction: answer.satisfaction,
    lastResolved: answer.resolved,
    ratingDispute: 'none',
    disputeWindowOpen: answer.satisfaction === 'unsatisfied' || !answer.resolved,
  }),
  'dispute-rating': () => ({ ratingDispute: 'pending' }),
  'decide-dispute': () => ({ ratingDispute: 'decided' }),
  reopen: () => ({ lastSatisfaction: null, lastResolved: null }),
  supervise: () => ({ supervised: true }),
  // 吹哨报到, seen from a department called in: it waits for its sign, then its part, then the lead may reply
  whistle: () => ({ coPartsOutstanding: true, coHandler: 'awaiting_sign' }),
  'co-sign': () => ({ coHandler: 'signed' }),
  'co-submit': () => ({ coHandler: 'submitted', coPartsOutstanding: false }),
  'release-co-handler': () => ({ coPartsOutstanding: false, coHandler: 'none' }),
};

/**
 * A minimal simulation of what the commands do to the guard flags when an action is applied. `answer` carries
 * the follow-up outcome for 'follow-up'.
 */
function apply(
  s: Snapshot,
  a: Action,
  answer: Answer = { satisfaction: 'satisfied', resolved: true },
): Snapshot {
  const d = decide(s, a);
  if (!d.ok) throw new Error(`${a} refused from ${fmt(s)}; allowed: ${d.allowed.join(', ')}`);
  return { ...s, status: d.to, ...EFFECTS[a]?.(answer) };
}

describe('workflow: the canonical walk', () => {
  test('registered → … → reopen → … → closed, step by step', () => {
    let s = START;
    const step = (a: Action, to: Status, answer?: Parameters<typeof apply>[2]) => {
      assert.deepEqual(decide(s, a), { ok: true, to }, `${a} from ${fmt(s)}`);
      s = apply(s, a, answer);
      assert.equal(s.status, to);
    };

    assert.equal(decide(s, 'sign').ok, false, 'cannot sign before dispatch');
    assert.equal(decide(s, 'reveal-contact').ok, false, 'no department yet');
    step('dispatch', 'dispatched');
    assert.equal(decide(s, 'reply').ok, false, 'cannot reply before signing');
    step('sign', 'signed');
    assert.equal(decide(s, 'merge').ok, false, 'cannot merge once signed');
    step('return', 'returned');
    assert.equal(s.hasDepartment, false);
    assert.equal(decide(s, 'sign').ok, false, 'a returned request must be re-dispatched');
    step('dispatch', 'dispatched');
    step('sign', 'signed');
    assert.equal(decide(s, 'approve-extension').ok, false, 'nothing to approve yet');
    step('request-extension', 'signed');
    assert.equal(s.extensionPending, true);
    assert.equal(decide(s, 'reply').ok, false, 'cannot reply while an extension is pending');
    assert.equal(decide(s, 'return').ok, false, 'cannot return while an extension is pending');
    assert.equal(decide(s, 'request-extension').ok, false, 'one extension request at a time');
    step('approve-extension', 'signed');
    assert.equal(s.extensionPending, false);
    step('reply', 'replied');
    assert.equal(decide(s, 'close').ok, false, 'cannot close before the follow-up');
    step('follow-up', 'followed_up', { satisfaction: 'unsatisfied', resolved: false });
    step('reopen', 'in_progress');
    step('reply', 'replied');
    step('follow-up', 'followed_up', { satisfaction: 'satisfied', resolved: true });
    assert.equal(decide(s, 'reopen').ok, false, 'a satisfied, resolved follow-up cannot be reopened');
    step('close', 'closed');
    assert.deepEqual(allowedActions(s), ['reveal-contact']);
  });

  test('answer-directly then auto-close', () => {
    let s = START;
    s = apply(s, 'answer-directly');
    assert.equal(s.status, 'replied');
    s = apply(s, 'auto-close');
    assert.equal(s.status, 'closed');
    assert.deepEqual(allowedActions(s), []);
  });

  test('reopen without a department returns to the dispatchers', () => {
    let s = START;
    s = apply(s, 'answer-directly');
    s = apply(s, 'follow-up', { satisfaction: 'basically_satisfied', resolved: false });
    s = apply(s, 'reopen');
    assert.equal(s.status, 'registered');
  });
});

describe('workflow: properties', () => {
  const arbSnapshot = fc.record({
    status: fc.constantFrom(...ALL_STATUSES),
    hasDepartment: fc.boolean(),
    extensionPending: fc.boolean(),
    lastSatisfaction: fc.constantFrom(...SATISFACTIONS),
    lastResolved: fc.constantFrom(...RESOLVED),
    supervised: fc.boolean(),
    replyReview: fc.boolean(),
    ratingDispute: fc.constantFrom(...DISPUTES),
    disputeWindowOpen: fc.boolean(),
    coPartsOutstanding: fc.boolean(),
    coHandler: fc.constantFrom(...CO_STATES),
  });
  const arbStep = fc.record({
    pick: fc.nat(),
    satisfaction: fc.constantFrom('satisfied', 'basically_satisfied', 'unsatisfied') as fc.Arbitrary<
      NonNullable<Snapshot['lastSatisfaction']>
    >,
    resolved: fc.boolean(),
  });

  test('random walks of allowed actions stay within STATUSES, and terminal statuses are absorbing', () => {
    fc.assert(
      fc.property(fc.array(arbStep, { maxLength: 60 }), (steps) => {
        let s = START;
        let terminal: Status | null = null;
        for (const st of steps) {
          const allowed = allowedActions(s);
          assert.deepEqual(allowed, expectedAllowed(s));
          if (allowed.length === 0) {
            // Only a terminal request can have nothing left to do.
            assert.ok(TERMINAL_STATUSES.includes(s.status), fmt(s));
            break;
          }
          const a = allowed[st.pick % allowed.length]!;
          const d = decide(s, a);
          assert.equal(d.ok, true);
          s = apply(s, a, { satisfaction: st.satisfaction, resolved: st.resolved });
          assert.ok(ALL_STATUSES.includes(s.status), `undefined status ${String(s.status)}`);
          if (terminal) assert.equal(s.status, terminal, 'left a terminal status');
          if (TERMINAL_STATUSES.includes(s.status)) terminal = s.status;
        }
      }),
      { numRuns: 500 },
    );
  });

  test('from any snapshot (arbitrary flags, re-randomised between steps), terminal statuses are absorbing', () => {
    fc.assert(
      fc.property(
        arbSnapshot,
        fc.array(fc.tuple(fc.nat(), arbSnapshot), { maxLength: 40 }),
        (first, steps) => {
          let s: Snapshot = first;
          let terminal: Status | null = null;
          for (const [pick, flags] of steps) {
            s = { ...flags, status: s.status };
            const allowed = allowedActions(s);
            assert.deepEqual(allowed, expectedAllowed(s));
            // Every refused action reports the same allowed list.
            for (const a of ALL_ACTIONS) {
              const d = decide(s, a);
              if (!d.ok) assert.deepEqual(d, { ok: false, status: s.status, allowed });
              else assert.ok(ALL_STATUSES.includes(d.to));
            }
            if (allowed.length === 0) break;
            const a = allowed[pick % allowed.length]!;
            const d = decide(s, a);
            assert.ok(d.ok);
            assert.equal(d.to, expected(s, a));
            s = { ...s, status: d.to };
            if (terminal) assert.equal(s.status, terminal, 'left a terminal status');
            if (TERMINAL_STATUSES.includes(s.status)) terminal = s.status;
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  test('every status is reachable from registered', () => {
    const seen = new Set<string>();
    const reached = new Set<Status>();
    // the reply command asks with replyReview set when the reply falls in the review sample
    const queue: Snapshot[] = [START, { ...START, replyReview: true }];
    const answers = [
      { satisfaction: 'satisfied' as const, resolved: true },
      { satisfaction: 'unsatisfied' as const, resolved: false },
    ];
    while (queue.length) {
      const s = queue.shift()!;
      const key = fmt(s);
      if (seen.has(key)) continue;
      seen.add(key);
      reached.add(s.status);
      for (const a of allowedActions(s))
        for (const ans of a === 'follow-up' ? answers : [answers[0]!]) queue.push(apply(s, a, ans));
    }
    assert.deepEqual([...reached].sort(), [...ALL_STATUSES].sort());
  });
});
