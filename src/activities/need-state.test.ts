import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STATUSES } from '../requests/workflow.js';
import { testCases, type Cases } from '../../test/support/cases.js';
import { needState, type NeedState } from './need-state.js';

const CASES: Cases<string, NeedState> = {
  'waiting or being handled: raised': [
    ['registered', 'raised'],
    ['returned', 'raised'],
    ['dispatched', 'raised'],
    ['signed', 'raised'],
    ['in_progress', 'raised'],
    ['reviewing', 'raised'],
  ],
  'replied, not yet confirmed: answered': [['replied', 'answered']],
  'followed up or closed, or nothing left to do: resolved': [
    ['followed_up', 'resolved'],
    ['closed', 'resolved'],
    ['merged', 'resolved'],
    ['withdrawn', 'resolved'],
    ['voided', 'resolved'],
  ],
};
testCases(needState, CASES);

test('every status of the workflow is in the table above', () => {
  const listed = Object.values(CASES).flatMap((cases) => cases.map(([status]) => status));
  assert.deepEqual([...listed].sort(), [...STATUSES].sort());
});
