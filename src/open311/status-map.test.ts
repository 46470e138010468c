import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testCases } from '../../test/support/cases.js';
import { snapshot } from '../../test/support/snapshots.js';
import { isOpen, STATUSES, type Snapshot, type Status } from '../requests/workflow.js';
import {
  baseStatus,
  CLOSED_STATUSES,
  EXTENDED_STATUSES,
  extendedStatus,
  feedStatus,
  INCOMING_TABLE,
  OPEN_STATUSES,
  parseExtendedStatus,
  planIncomingUpdate,
  STATUS_TABLE,
} from './status-map.js';

const snap = (status: Status, extra: Partial<Snapshot> = {}): Snapshot =>
  snapshot({ status, hasDepartment: true, ...extra });

describe('our lifecycle → Open311 status', () => {
  test('every status of the workflow has a row', () => {
    assert.deepEqual(Object.keys(STATUS_TABLE).sort(), [...STATUSES].sort());
  });

  test('open/closed agrees with the workflow: closed and merged are closed, the rest open', () => {
    for (const s of STATUSES) assert.equal(baseStatus(s), isOpen(s) ? 'open' : 'closed', s);
    assert.deepEqual([...CLOSED_STATUSES].sort(), ['closed', 'merged', 'voided', 'withdrawn']);
    assert.equal(OPEN_STATUSES.length + CLOSED_STATUSES.length, STATUSES.length);
  });

  test('the extended statuses, written out', () => {
    const expected: Record<Status, string> = {
      registered: 'OPEN',
      returned: 'OPEN',
      dispatched: 'ACTION_SCHEDULED',
      signed: 'INVESTIGATING',
      in_progress: 'IN_PROGRESS',
      reviewing: 'IN_PROGRESS',
      replied: 'FIXED',
      followed_up: 'FIXED',
      closed: 'CLOSED',
      merged: 'DUPLICATE',
      withdrawn: 'CANCELLED',
      voided: 'CANCELLED',
    };
    for (const s of STATUSES) assert.equal(extendedStatus(s), expected[s], s);
  });

  test('a follow-up that found the problem unresolved is OPEN again', () => {
    assert.equal(extendedStatus('followed_up', false), 'OPEN');
    assert.equal(extendedStatus('followed_up', true), 'FIXED');
    assert.equal(extendedStatus('followed_up', null), 'FIXED');
  });

  test('an unknown status never claims to be done', () => {
    assert.equal(baseStatus('something_new'), 'open');
    assert.equal(extendedStatus('something_new'), 'OPEN');
  });

  test('the feed spells statuses in lower case, the extended set is complete', () => {
    assert.equal(feedStatus('IN_PROGRESS'), 'in_progress');
    assert.equal(EXTENDED_STATUSES.length, 13);
    for (const s of Object.values(STATUS_TABLE))
      assert.ok((EXTENDED_STATUSES as readonly string[]).includes(s.extended));
  });
});

describe('POSTed update statuses', () => {
  testCases(parseExtendedStatus, {
    'are parsed case-insensitively, with spaces or underscores': [
      ['REOPEN', 'REOPEN'],
      ['in progress', 'IN_PROGRESS'],
      [' not_councils_responsibility ', 'NOT_COUNCILS_RESPONSIBILITY'],
      ['Fixed', 'FIXED'],
      ['DONE', null],
      ['', null],
    ],
  });

  test('every extended status has a documented effect', () => {
    for (const s of EXTENDED_STATUSES) assert.ok(INCOMING_TABLE[s].effect.length > 0, s);
  });

  test('REOPEN reopens only where the workflow allows it (followed up, unresolved or unsatisfied)', () => {
    assert.deepEqual(planIncomingUpdate('REOPEN', snap('followed_up', { lastResolved: false })), {
      kind: 'reopen',
    });
    assert.deepEqual(planIncomingUpdate('REOPEN', snap('followed_up', { lastSatisfaction: 'unsatisfied' })), {
      kind: 'reopen',
    });
    for (const s of STATUSES) {
      if (s === 'followed_up') continue;
      assert.deepEqual(
        planIncomingUpdate('REOPEN', snap(s)),
        { kind: 'comment', alert: 'reopen_requested' },
        s,
      );
    }
    assert.deepEqual(
      planIncomingUpdate(
        'REOPEN',
        snap('followed_up', { lastResolved: true, lastSatisfaction: 'satisfied' }),
      ),
      { kind: 'comment', alert: 'reopen_requested' },
    );
  });

  test('FIXED and CLOSED never close or rate: a comment with an alert to the operators', () => {
    for (const s of STATUSES) {
      assert.deepEqual(planIncomingUpdate('FIXED', snap(s)), { kind: 'comment', alert: 'fixed_reported' });
      assert.deepEqual(planIncomingUpdate('CLOSED', snap(s)), { kind: 'comment', alert: 'fixed_reported' });
      assert.deepEqual(planIncomingUpdate('CANCELLED', snap(s)), {
        kind: 'comment',
        alert: 'cancel_requested',
      });
    }
  });

  test('every other status is a plain comment', () => {
    const plain = EXTENDED_STATUSES.filter((s) => !['REOPEN', 'FIXED', 'CLOSED', 'CANCELLED'].includes(s));
    for (const st of plain)
      for (const s of STATUSES)
        assert.deepEqual(planIncomingUpdate(st, snap(s)), { kind: 'comment', alert: null });
  });
});
