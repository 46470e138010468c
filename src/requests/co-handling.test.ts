import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  coDepartmentRefusals,
  coFactsFor,
  coHandlerState,
  involvedCodes,
  isOutstanding,
  type CoHandlerFacts,
} from './co-handling.js';

const at = new Date('2026-03-02T02:00:00Z');
const co = (
  department_code: string,
  state: 'awaiting' | 'signed' | 'submitted' | 'released',
): CoHandlerFacts => ({
  department_code,
  signed_at: state === 'awaiting' ? null : at,
  part_submitted_at: state === 'submitted' ? at : null,
  released_at: state === 'released' ? at : null,
});

describe('吹哨报到: a co-handler’s state', () => {
  test('awaiting its sign, signed, its part submitted; released is none of them', () => {
    assert.equal(coHandlerState(co('a', 'awaiting')), 'awaiting_sign');
    assert.equal(coHandlerState(co('a', 'signed')), 'signed');
    assert.equal(coHandlerState(co('a', 'submitted')), 'submitted');
    assert.equal(coHandlerState(co('a', 'released')), 'none');
    assert.equal(coHandlerState({ ...co('a', 'submitted'), released_at: at }), 'none');
  });

  test('outstanding: not released and its part not in', () => {
    assert.deepEqual(
      (['awaiting', 'signed', 'submitted', 'released'] as const).map((s) => isOutstanding(co('a', s))),
      [true, true, false, false],
    );
  });
});

describe('吹哨报到: what the state machine knows', () => {
  const handlers = [co('urban', 'submitted'), co('ecology', 'signed'), co('transport', 'released')];

  test('a part outstanding anywhere holds the reply; the acting department’s own state', () => {
    assert.deepEqual(coFactsFor(handlers, 'ecology'), { coPartsOutstanding: true, coHandler: 'signed' });
    assert.deepEqual(coFactsFor(handlers, 'urban'), { coPartsOutstanding: true, coHandler: 'submitted' });
    assert.deepEqual(coFactsFor(handlers, 'transport'), { coPartsOutstanding: true, coHandler: 'none' });
    assert.deepEqual(coFactsFor(handlers, 'housing'), { coPartsOutstanding: true, coHandler: 'none' });
    assert.deepEqual(coFactsFor(handlers, null), { coPartsOutstanding: true, coHandler: 'none' });
  });

  test('nothing outstanding once every part is in or released; none without co-handlers', () => {
    assert.deepEqual(coFactsFor([co('urban', 'submitted'), co('transport', 'released')], 'urban'), {
      coPartsOutstanding: false,
      coHandler: 'submitted',
    });
    assert.deepEqual(coFactsFor([], 'urban'), { coPartsOutstanding: false, coHandler: 'none' });
  });

  test('the departments still involved: all but the released, in order', () => {
    assert.deepEqual(involvedCodes(handlers), ['urban', 'ecology']);
  });
});

describe('吹哨报到: which departments may be added', () => {
  const existing = [co('urban', 'signed'), co('transport', 'released')];
  test('refused: named twice, the lead, one already (released included); each with its index', () => {
    assert.deepEqual(coDepartmentRefusals(['ecology', 'education'], 'housing', existing), []);
    assert.deepEqual(
      coDepartmentRefusals(['ecology', 'housing', 'urban', 'transport', 'ecology'], 'housing', existing),
      [
        { index: 1, code: 'housing', refusal: 'lead' },
        { index: 2, code: 'urban', refusal: 'already_co_handler' },
        { index: 3, code: 'transport', refusal: 'already_co_handler' },
        { index: 4, code: 'ecology', refusal: 'duplicate' },
      ],
    );
    assert.deepEqual(coDepartmentRefusals([], null, existing), []);
  });
});
